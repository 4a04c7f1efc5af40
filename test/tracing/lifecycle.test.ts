// Spans are flushed when the process ends, and the way it ends does not change; a program's own
// tracer provider is used instead of ours.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';
import { bundleFixtures, run, start, type Bundles } from './helpers.js';

let bundles: Bundles;
let program: string;
let userProvider: string;

beforeAll(async () => {
  bundles = await bundleFixtures(['program', 'user-provider']);
  program = bundles.files.program!;
  userProvider = bundles.files['user-provider']!;
});
afterAll(() => bundles?.cleanup());

// A schedule delay far beyond any test: only an exit or signal flush can export.
const NO_SCHEDULED_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '600000' };

async function withReceiver<T>(fn: (receiver: OtlpReceiver) => Promise<T>): Promise<T> {
  const receiver = await startOtlpReceiver();
  try {
    return await fn(receiver);
  } finally {
    await receiver.close();
  }
}

describe('flush on exit', () => {
  it('flushes when the event loop runs dry, also spans a beforeExit listener of the program ends', async () => {
    await withReceiver(async (receiver) => {
      const [plain, late] = await Promise.all([
        run(program, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'plain', ...NO_SCHEDULED_EXPORT }),
        run(program, {
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_SERVICE_NAME: 'late',
          FIXTURE_MODE: 'after-exit',
          ...NO_SCHEDULED_EXPORT,
        }),
      ]);
      expect([plain.code, plain.signal]).toEqual([0, null]);
      expect([late.code, late.signal]).toEqual([0, null]);
      const spans = receiver.spans();
      expect(spans.filter((s) => s.resource['service.name'] === 'plain')).toHaveLength(3);
      expect(
        spans
          .filter((s) => s.resource['service.name'] === 'late')
          .map((s) => s.name)
          .sort(),
      ).toEqual(['GET /orders/:id', 'Orders.load', 'POST', 'late']);
    });
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} with no listener of the program: flush, then the process still ends by ${signal}`, async () => {
      await withReceiver(async (receiver) => {
        const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, FIXTURE_MODE: 'wait', ...NO_SCHEDULED_EXPORT };
        const traced = start(program, env);
        const reference = start(program, { ...env, FIXTURE_NO_TRACING: '1' });
        await Promise.all([traced.waitForLine('READY'), reference.waitForLine('READY')]);
        traced.child.kill(signal);
        reference.child.kill(signal);
        const [t, r] = await Promise.all([traced.done, reference.done]);
        expect([r.code, r.signal]).toEqual([null, signal]); // what Node does by itself
        expect([t.code, t.signal]).toEqual([r.code, r.signal]);
        expect(t.stderr).toBe('');
        expect(receiver.spans()).toHaveLength(3);
      });
    });
  }

  it('SIGTERM with spans and metrics both to flush (two flush listeners, no program listener): both flushed, the process ends by SIGTERM', async () => {
    await withReceiver(async (receiver) => {
      const env = {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_METRIC_EXPORT_INTERVAL: '600000',
        FIXTURE_MODE: 'wait',
        FIXTURE_METRICS: '1',
        ...NO_SCHEDULED_EXPORT,
      };
      const traced = start(program, env);
      await traced.waitForLine('READY');
      traced.child.kill('SIGTERM');
      const t = await traced.done;
      // Each flush listener once took the other for the program's own and left the exit to it:
      // the process stayed up until killed.
      expect([t.code, t.signal]).toEqual([null, 'SIGTERM']);
      expect(t.stderr).toBe('');
      expect(receiver.spans()).toHaveLength(3);
      expect(receiver.metricPoints().map((p) => p.name)).toContain('http.server.request.duration');
    });
  });

  it('SIGTERM with the program’s own listener: flush alongside, the program decides the exit', async () => {
    await withReceiver(async (receiver) => {
      const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...NO_SCHEDULED_EXPORT };
      const exits = start(program, { ...env, FIXTURE_MODE: 'user-exit', OTEL_SERVICE_NAME: 'exits' });
      const stays = start(program, { ...env, FIXTURE_MODE: 'user-ignore', OTEL_SERVICE_NAME: 'stays' });
      await Promise.all([exits.waitForLine('READY'), stays.waitForLine('READY')]);
      exits.child.kill('SIGTERM');
      stays.child.kill('SIGTERM');

      const e = await exits.done;
      expect(e.stdout).toContain('USER HANDLER');
      expect([e.code, e.signal]).toEqual([7, null]);

      // the program that ignores SIGTERM got its spans flushed and keeps running
      await stays.waitForLine('USER HANDLER');
      await receiver.waitForSpans(6);
      await new Promise((resolve) => setTimeout(resolve, 1500)); // past the 1 s flush bound
      expect(stays.child.exitCode).toBeNull();
      expect(stays.child.signalCode).toBeNull();
      stays.child.kill('SIGKILL');
      await stays.done;

      const names = receiver.spans().map((s) => s.resource['service.name']);
      expect(names.filter((n) => n === 'exits')).toHaveLength(3);
      expect(names.filter((n) => n === 'stays')).toHaveLength(3);
    });
  });

  for (const exporter of ['none', 'console', 'otlp'] as const) {
    it(`a program that closes and re-sends SIGTERM (NestJS shutdown hooks) still ends by SIGTERM, exporter ${exporter}`, async () => {
      await withReceiver(async (receiver) => {
        const env = {
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_TRACES_EXPORTER: exporter,
          FIXTURE_MODE: 'user-reraise',
          ...NO_SCHEDULED_EXPORT,
        };
        const traced = start(program, env);
        const reference = start(program, { ...env, FIXTURE_NO_TRACING: '1' });
        await Promise.all([traced.waitForLine('READY'), reference.waitForLine('READY')]);
        traced.child.kill('SIGTERM');
        reference.child.kill('SIGTERM');
        const [t, r] = await Promise.all([traced.done, reference.done]);
        expect(r.stdout).toContain('USER HANDLER');
        expect([r.code, r.signal]).toEqual([null, 'SIGTERM']); // what Node does by itself
        expect(t.stdout).toContain('USER HANDLER');
        expect([t.code, t.signal]).toEqual([r.code, r.signal]);
        if (exporter === 'otlp') expect(receiver.spans()).toHaveLength(3);
      });
    });
  }

  it('the signal flush is bounded: a collector that never answers does not keep the process', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent = http.createServer(() => {
      /* never answers */
    });
    silent.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      // Without the bound the export would wait 60 s and the watchdog (8 s) would SIGKILL it.
      const p = start(
        program,
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: url,
          OTEL_EXPORTER_OTLP_TIMEOUT: '60000',
          FIXTURE_MODE: 'wait',
          ...NO_SCHEDULED_EXPORT,
        },
        8000,
      );
      await p.waitForLine('READY');
      p.child.kill('SIGTERM');
      const r = await p.done;
      expect([r.code, r.signal]).toEqual([null, 'SIGTERM']);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('a program’s own tracer provider', () => {
  it('is used instead of installing ours', async () => {
    await withReceiver(async (receiver) => {
      const r = await run(userProvider, {
        FIXTURE_URL: receiver.tracesUrl,
        // would reach the same receiver if we had installed a provider of our own
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_SERVICE_NAME: 'ours',
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe(''); // no "duplicate registration" error
      expect(r.result).toMatchObject({ enabled: true, status: { provider: 'program', exporters: [] } });
      const spans = receiver.spans();
      expect(spans.map((s) => [s.name, s.resource['service.name'], s.scope.name])).toEqual([
        ['from-instts', 'program-provider', 'instts'],
      ]);
    });
  });
});
