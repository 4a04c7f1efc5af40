// Pushed metrics are flushed when the process ends by SIGTERM, and it still ends by the signal
// (the same exit handling as spans: src/runtime/tracing/exit.ts). Runs the built runtime (dist/).

import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from '../cli-helpers.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver?.close());

function program(): string {
  const setup = pathToFileURL(path.join(ROOT, 'dist', 'runtime', 'metrics', 'setup.js')).href;
  return `
    const m = await import(${JSON.stringify(setup)});
    m.metricsEnabled();
    await m.metricsReady();
    m.recordDuration('httpServer', 0.012, { 'http.request.method': 'GET', 'http.route': '/exit' });
    setInterval(() => {}, 1000);
    console.log('ready');
  `;
}

it('OTEL_METRICS_EXPORTER=console: the metrics are printed on stdout at SIGTERM', async () => {
  const child = spawn(process.execPath, ['--input-type=module', '-e', program()], {
    env: { ...process.env, OTEL_METRICS_EXPORTER: 'console', OTEL_METRIC_EXPORT_INTERVAL: '60000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('ready')) resolve();
    }),
  );
  await ready;
  child.kill('SIGTERM');
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, s) => resolve(s)));
  expect(signal).toBe('SIGTERM');
  expect(stdout).toMatch(/name: 'http\.server\.request\.duration'[\s\S]*unit: 's'/);
  expect(stdout).toContain("'http.route': '/exit'");
}, 20_000);

it('SIGTERM with an export interval of a minute: the recorded duration still reaches the receiver; the process ends by the signal', async () => {
  const child = spawn(process.execPath, ['--input-type=module', '-e', program()], {
    env: {
      ...process.env,
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: receiver.metricsUrl,
      OTEL_METRIC_EXPORT_INTERVAL: '60000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => String(d).includes('ready') && resolve()),
  );
  child.kill('SIGTERM');
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (c, s) => resolve([c, s])),
  );
  expect([code, signal, stderr]).toEqual([null, 'SIGTERM', '']);
  const exit = receiver.metricPoints().filter((p) => p.name === 'http.server.request.duration');
  expect(exit.map((p) => [p.attributes['http.route'], p.count, p.sum])).toEqual([['/exit', 1, 0.012]]);
}, 20_000);

it('OTEL_METRICS_EXPORTER=prometheus without INSTTS_ADMIN_PORT: one line says the metrics are not served', async () => {
  const setup = pathToFileURL(path.join(ROOT, 'dist', 'runtime', 'metrics', 'setup.js')).href;
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(setup)}); m.metricsEnabled(); await m.metricsReady();`,
    ],
    {
      env: { ...process.env, OTEL_METRICS_EXPORTER: 'prometheus', INSTTS_ADMIN_PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect([code, stderr]).toEqual([
    0,
    'instts: OTEL_METRICS_EXPORTER=prometheus: the metrics are served by the admin endpoint, which needs INSTTS_ADMIN_PORT; not served\n',
  ]);
}, 20_000);
