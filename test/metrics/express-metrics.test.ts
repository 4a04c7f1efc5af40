// OTel metrics from an instrumented express service (test/fixtures/http-chain's service A, built
// with `instts build --rules instts:http`) under a short load:
// - OTLP: the receiver gets http.server.request.duration per route with the counts sent, and
//   http.client.request.duration for the fetch calls the service makes;
// - Prometheus: a real Prometheus server scrapes the admin endpoint bound to 127.0.0.2, with the
//   bearer token, and sees the same counts next to the governance counters; without the token
//   the endpoint refuses;
// - metrics off (no OTEL_METRICS_EXPORTER): nothing is exported.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instts } from '../cli-helpers.js';
import { startOtlpReceiver, type DecodedMetricPoint, type OtlpReceiver } from '../support/otlp-receiver.js';
import { freePort } from '../support/ports.js';
import { itWithServices, PROMETHEUS } from '../support/services.js';
import { CHAIN_FIXTURE, get, startService, stopAll } from '../http/services.js';
import { HTTP_DURATION_BOUNDS } from '../../src/runtime/metrics/sdk.js';

let dir: string;
let service: string;
let receiver: OtlpReceiver;
/** Answers every request with 503: the downstream of the service's /fail-next (fetch). */
let downstream: http.Server;
let downstreamPort: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-metrics-'));
  const out = path.join(dir, 'out');
  const result = await instts(
    [
      'build',
      '--rules',
      'instts:http',
      '--entry',
      'src/a-express.ts',
      '--outDir',
      out,
      '--format',
      'esm',
      '--no-typecheck',
    ],
    CHAIN_FIXTURE,
  );
  if (result.code !== 0) throw new Error(`build failed (${result.code}):\n${result.stderr}`);
  service = path.join(out, 'a-express.js');
  receiver = await startOtlpReceiver();
  downstream = http.createServer((_req, res) => res.writeHead(503).end('{}'));
  await new Promise<void>((resolve) => downstream.listen(0, '127.0.0.1', resolve));
  downstreamPort = (downstream.address() as { port: number }).port;
}, 120_000);

afterEach(stopAll);

afterAll(async () => {
  await receiver?.close();
  downstream?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The load: how many requests of each kind, and the route each one reports. */
const LOAD = { orders: 30, greet: 20, fail: 5, missing: 3, failNext: 4 };

async function sendLoad(url: string): Promise<void> {
  const statuses: number[] = [];
  for (let i = 0; i < LOAD.orders; i++) statuses.push((await get(`${url}/orders/${i}`)).status);
  for (let i = 0; i < LOAD.greet; i++) statuses.push((await get(`${url}/greet`)).status);
  for (let i = 0; i < LOAD.fail; i++) statuses.push((await get(`${url}/fail`)).status);
  for (let i = 0; i < LOAD.missing; i++) statuses.push((await get(`${url}/missing/${i}`)).status);
  for (let i = 0; i < LOAD.failNext; i++) statuses.push((await get(`${url}/fail-next`)).status);
  const tally: Record<number, number> = {};
  for (const s of statuses) tally[s] = (tally[s] ?? 0) + 1;
  expect(tally).toEqual({ 200: LOAD.orders + LOAD.greet, 500: LOAD.fail, 404: LOAD.missing, 502: LOAD.failNext });
}

/** The latest cumulative point of each series of `name`, keyed by its attributes. */
function latest(points: DecodedMetricPoint[], name: string): DecodedMetricPoint[] {
  const bySeries = new Map<string, DecodedMetricPoint>();
  for (const p of points) {
    if (p.name !== name) continue;
    const key = JSON.stringify(Object.entries(p.attributes).sort());
    const seen = bySeries.get(key);
    if (seen === undefined || BigInt(p.timeUnixNano) >= BigInt(seen.timeUnixNano)) bySeries.set(key, p);
  }
  return [...bySeries.values()];
}

function serverCounts(points: DecodedMetricPoint[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of latest(points, 'http.server.request.duration')) {
    const a = p.attributes;
    out[
      `${a['http.request.method']} ${a['http.route'] ?? '(no route)'} ${a['http.response.status_code']} ${a['error.type'] ?? ''}`.trim()
    ] = p.count;
  }
  return out;
}

const EXPECTED_SERVER_COUNTS = {
  'GET /orders/:id 200': LOAD.orders,
  'GET /greet 200': LOAD.greet,
  'GET /fail 500 500': LOAD.fail,
  'GET (no route) 404': LOAD.missing,
  'GET /fail-next 502 502': LOAD.failNext,
};

const sorted = (counts: Record<string, number | string>): string =>
  JSON.stringify(
    Object.entries(counts)
      .map(([k, v]) => [k, Number(v)])
      .sort(),
  );

async function until<T>(
  what: string,
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

describe('OTEL_METRICS_EXPORTER=otlp', () => {
  for (const protocol of ['http/protobuf', 'http/json'] as const) {
    it(`the receiver gets request durations per route, with the counts sent (${protocol})`, async () => {
      const before = receiver.metricPoints().length;
      const policy = path.join(dir, 'otlp-policy.json');
      fs.writeFileSync(
        policy,
        JSON.stringify({ flow: [{ id: 'orders-qps', resource: 'GET:/orders/:id', threshold: 100_000 }] }),
      );
      const s = await startService(service, {
        INSTTS_POLICY: policy,
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: receiver.metricsUrl,
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: protocol,
        OTEL_METRIC_EXPORT_INTERVAL: '200',
        OTEL_SERVICE_NAME: 'metrics-a',
        NEXT_URL: `http://127.0.0.1:${downstreamPort}`,
      });
      await sendLoad(s.url);
      const fresh = (): DecodedMetricPoint[] => receiver.metricPoints().slice(before);
      const counts = await until(
        'the server durations of every request',
        () => serverCounts(fresh()),
        (c) => sorted(c) === sorted(EXPECTED_SERVER_COUNTS),
      );
      expect(counts).toEqual(EXPECTED_SERVER_COUNTS);

      const points = fresh();
      const orders = latest(points, 'http.server.request.duration').find(
        (p) => p.attributes['http.route'] === '/orders/:id',
      )!;
      expect(orders).toMatchObject({
        unit: 's',
        type: 'histogram',
        encoding: protocol === 'http/json' ? 'json' : 'protobuf',
      });
      expect(orders.attributes).toEqual({
        'http.request.method': 'GET',
        'http.route': '/orders/:id',
        'http.response.status_code': 200,
        'url.scheme': 'http',
        'network.protocol.version': '1.1',
      });
      expect(orders.explicitBounds).toEqual(HTTP_DURATION_BOUNDS);
      expect(orders.bucketCounts.reduce((a, b) => a + b, 0)).toBe(LOAD.orders);
      expect(orders.resource['service.name']).toBe('metrics-a');

      const client = latest(points, 'http.client.request.duration');
      expect(client.map((p) => [p.attributes, p.count])).toEqual([
        [
          {
            'http.request.method': 'GET',
            'server.address': '127.0.0.1',
            'server.port': downstreamPort,
            'http.response.status_code': 503,
            'error.type': '503',
          },
          LOAD.failNext,
        ],
      ]);

      // The governance counters go the same way, per resource.
      const governed = (name: string): DecodedMetricPoint | undefined =>
        latest(fresh(), name).find((p) => p.attributes['instts.governance.resource'] === 'GET:/orders/:id');
      await until(
        'the governance counters',
        () => governed('instts.governance.response_time')?.count,
        (n) => n === LOAD.orders,
      );
      expect(governed('instts.governance.passed')).toMatchObject({
        type: 'sum',
        isMonotonic: true,
        value: LOAD.orders,
      });
      expect(latest(fresh(), 'instts.governance.blocked').map((p) => [p.attributes, p.value])).toContainEqual([
        {
          'instts.governance.resource': 'GET:/orders/:id',
          'instts.governance.rule': 'orders-qps',
          'instts.governance.rule_type': 'flow',
        },
        0,
      ]);
      expect(governed('instts.governance.concurrency')).toMatchObject({ type: 'sum', isMonotonic: false, value: 0 });

      // Runtime metrics come along.
      const names = new Set(points.map((p) => p.name));
      for (const name of ['nodejs.eventloop.utilization', 'v8js.memory.heap.used', 'v8js.memory.heap.limit'])
        expect(names).toContain(name);
      const heap = latest(points, 'v8js.memory.heap.used').find(
        (p) => p.attributes['v8js.heap.space.name'] === 'old_space',
      );
      expect(heap?.value).toBeGreaterThan(0);
    }, 30_000);
  }
});

describe('metrics off', () => {
  it('with no OTEL_METRICS_EXPORTER nothing is exported (spans still are)', async () => {
    const requests = receiver.requests.length;
    const s = await startService(service, {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_METRIC_EXPORT_INTERVAL: '100',
      OTEL_SERVICE_NAME: 'metrics-off',
      NEXT_URL: `http://127.0.0.1:${downstreamPort}`,
    });
    await sendLoad(s.url);
    await until(
      'the spans',
      () => receiver.spans().filter((x) => x.resource['service.name'] === 'metrics-off').length,
      (n) => n >= 62,
    );
    await new Promise((r) => setTimeout(r, 400)); // four export intervals, were there any
    const since = receiver.requests.slice(requests);
    expect(since.filter((r) => r.path === '/v1/metrics')).toEqual([]);
    expect(since.filter((r) => r.path === '/v1/traces').length).toBeGreaterThan(0);
  }, 30_000);
});

describe('OTEL_METRICS_EXPORTER=prometheus', () => {
  const TOKEN = 'scrape-secret';
  let prometheus: ChildProcess | undefined;
  let promDir: string | undefined;

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    if (prometheus !== undefined && prometheus.exitCode === null)
      await new Promise((resolve) => prometheus!.once('exit', resolve));
    if (promDir) fs.rmSync(promDir, { recursive: true, force: true });
  });

  /** GET on the admin endpoint (127.0.0.2), optionally with the token. */
  function admin(url: string, token?: string): Promise<{ status: number; body: string }> {
    return get(url, token === undefined ? {} : { authorization: `Bearer ${token}` });
  }

  itWithServices(
    'a Prometheus server scrapes the admin endpoint on 127.0.0.2 with the token and sees the counts sent',
    [PROMETHEUS],
    async () => {
      const adminPort = await freePort();
      const policy = path.join(dir, 'policy.json');
      fs.writeFileSync(
        policy,
        JSON.stringify({ flow: [{ id: 'orders-qps', resource: 'GET:/orders/:id', threshold: 100_000 }] }),
      );
      const s = await startService(service, {
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'prometheus',
        INSTTS_POLICY: policy,
        INSTTS_ADMIN_HOST: '127.0.0.2',
        INSTTS_ADMIN_PORT: String(adminPort),
        INSTTS_ADMIN_TOKEN: TOKEN,
        INSTTS_ADMIN_PROTECT_READS: 'true',
        NEXT_URL: `http://127.0.0.1:${downstreamPort}`,
      });
      await sendLoad(s.url);
      const base = `http://127.0.0.2:${adminPort}`;
      await until(
        'the admin endpoint',
        () =>
          admin(`${base}/healthz`).then(
            (a) => a.status,
            () => 0,
          ),
        (status) => status === 200,
      );
      expect(s.output()).toContain(
        `instts: governance admin endpoint on ${base} (GET /metrics /policy /healthz need the bearer token; POST endpoints need the bearer token)`,
      );

      // Protected reads: no token, a wrong token → refused; /healthz stays open.
      for (const p of ['/metrics', '/policy', '/']) {
        expect((await admin(`${base}${p}`)).status, `GET ${p} without the token`).toBe(401);
        expect((await admin(`${base}${p}`, 'wrong')).status, `GET ${p} with a wrong token`).toBe(401);
      }
      const text = (await admin(`${base}/metrics`, TOKEN)).body;
      // One exposition: the governance counters and the OTel metrics, each series once.
      const samples = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      expect(new Set(samples.map((l) => l.slice(0, l.lastIndexOf(' ')))).size).toBe(samples.length);
      const families = text
        .split('\n')
        .filter((l) => l.startsWith('# TYPE '))
        .map((l) => l.split(' ')[2]);
      expect(new Set(families).size).toBe(families.length);
      expect(text).toContain('instts_governance_passed_total{resource="GET:/orders/:id"} 30');
      expect(text).toContain('# TYPE http_server_request_duration_seconds histogram');
      expect(text).toContain('# TYPE http_client_request_duration_seconds histogram');
      expect(text).toContain('# TYPE nodejs_eventloop_utilization_ratio gauge');
      const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 20_000 });
      expect([lint.status, `${lint.stdout}${lint.stderr}`]).toEqual([0, '']);

      promDir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-metrics-prom-'));
      const promPort = await freePort();
      fs.writeFileSync(
        path.join(promDir, 'prometheus.yml'),
        [
          'global:',
          '  scrape_interval: 1s',
          '  scrape_timeout: 1s',
          'scrape_configs:',
          '  - job_name: instts',
          '    authorization:',
          `      credentials: ${TOKEN}`,
          '    static_configs:',
          `      - targets: ['127.0.0.2:${adminPort}']`,
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
          `--config.file=${path.join(promDir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(promDir, 'data')}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      prometheus.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      prometheus.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      const query = async (
        promql: string,
      ): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
        if (prometheus!.exitCode !== null) throw new Error(`prometheus exited (${prometheus!.exitCode}): ${output}`);
        const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(promql)}`).catch(
          () => undefined,
        );
        // Not up yet, or up but not ready (503 "Service Unavailable" while its storage opens): ask again.
        if (r === undefined || !r.ok) return [];
        const body = (await r.json()) as {
          status: string;
          data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
        };
        return body.status === 'success' ? body.data.result : [];
      };
      // The first scrape comes about 6 s in (Prometheus hands new targets to its scrape manager every 5 s).
      const counts = await until(
        'Prometheus to scrape the admin endpoint',
        async () => {
          const result = await query('http_server_request_duration_seconds_count{job="instts"}');
          const out: Record<string, string> = {};
          for (const r of result) {
            const m = r.metric;
            out[
              `${m.http_request_method} ${m.http_route ?? '(no route)'} ${m.http_response_status_code} ${m.error_type ?? ''}`.trim()
            ] = r.value[1];
          }
          return out;
        },
        (c) => sorted(c) === sorted(EXPECTED_SERVER_COUNTS),
        20_000,
      );
      expect(counts).toEqual(
        Object.fromEntries(Object.entries(EXPECTED_SERVER_COUNTS).map(([k, v]) => [k, String(v)])),
      );
      expect(
        (await query('instts_governance_passed_total{job="instts",resource=~"GET:/(orders/:id|greet)"}'))
          .map((r) => [r.metric.resource, r.value[1]])
          .sort(),
      ).toEqual([
        ['GET:/greet', String(LOAD.greet)],
        ['GET:/orders/:id', String(LOAD.orders)],
      ]);
      expect((await query('http_client_request_duration_seconds_count{job="instts"}')).map((r) => r.value[1])).toEqual([
        String(LOAD.failNext),
      ]);
      const targets = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/targets`)).json()) as {
        data: { activeTargets: Array<{ health: string; lastError: string }> };
      };
      expect(targets.data.activeTargets.map((t) => [t.health, t.lastError])).toEqual([['up', '']]);
    },
    60_000,
  );
});
