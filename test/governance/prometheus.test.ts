// A real Prometheus server scrapes the admin endpoint: the exposition is what Prometheus itself
// accepts, not only what a linter accepts. Prometheus runs under `timeout`, so it stops by itself
// even if this test process dies.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { itWithServices, PROMETHEUS } from '../support/services.js';
import { freePort } from '../support/ports.js';
import { startAdminServer, type AdminServer } from '../../src/runtime/governance/index.js';
import { offer, setup } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'instts-prometheus-'));
let prometheus: ChildProcess | undefined;
let admin: AdminServer | undefined;

afterAll(async () => {
  prometheus?.kill('SIGTERM');
  await admin?.close();
  if (prometheus !== undefined && prometheus.exitCode === null)
    await new Promise((resolve) => prometheus!.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
});

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

itWithServices(
  'a Prometheus server scrapes the admin endpoint and answers queries on its counters',
  [PROMETHEUS],
  async () => {
    const { gov } = setup({ flow: [{ id: 'orders-qps', resource: 'GET:/orders', threshold: 3 }] });
    expect(offer(gov, 'GET:/orders', 10).pass).toBe(3);
    admin = startAdminServer(gov, { port: 0, token: '', log: () => {} });
    const target = await admin.listening;
    expect(target).toBeTypeOf('number');

    const port = await freePort();
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        'scrape_configs:',
        '  - job_name: instts',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${target}']`,
        '',
      ].join('\n'),
    );
    let output = '';
    prometheus = spawn(
      'timeout',
      [
        '--kill-after=5',
        '60',
        'prometheus',
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    prometheus.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => prometheus!.once('exit', resolve));

    const query = async (promql: string): Promise<Sample[]> => {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await r.json()) as { status: string; data: { result: Sample[] } };
      return body.status === 'success' ? body.data.result : [];
    };
    // The first scrape comes about 6 s in: Prometheus hands discovered targets to its scrape
    // manager at most every 5 s (not configurable in the 2.x Debian ships).
    const deadline = performance.now() + 15_000;
    let result: Sample[] = [];
    while (performance.now() < deadline) {
      const gone = await Promise.race([
        exited.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 250)),
      ]);
      if (gone) throw new Error(`prometheus exited (${prometheus.exitCode}): ${output}`);
      result = await query(
        'instts_governance_blocked_total{job="instts",resource="GET:/orders",rule="orders-qps"}',
      ).catch(() => []);
      if (result.length > 0) break;
    }
    expect(result.map((s) => [s.metric.type, s.value[1]])).toEqual([['flow', '7']]);
    expect((await query('up{job="instts"}')).map((s) => s.value[1])).toEqual(['1']);
    expect((await query('instts_governance_passed_total{resource="GET:/orders"}')).map((s) => s.value[1])).toEqual([
      '3',
    ]);
    const targets = (await (await fetch(`http://127.0.0.1:${port}/api/v1/targets`)).json()) as {
      data: { activeTargets: Array<{ health: string; lastError: string }> };
    };
    expect(targets.data.activeTargets.map((t) => [t.health, t.lastError])).toEqual([['up', '']]);
  },
  30_000,
);
