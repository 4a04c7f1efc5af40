// The OTel metrics in Prometheus text: names with base units and `_total`, milliseconds served
// as seconds, and text that promtool's linter accepts (Debian's prometheus package).

import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { PullReader, renderOtelPrometheus } from '../../src/runtime/metrics/prometheus.js';
import { DURATION_METRICS } from '../../src/runtime/metrics/sdk.js';
import { itWithServices, PROMETHEUS } from '../support/services.js';

async function exposition(): Promise<string> {
  const reader = new PullReader();
  const meter = new MeterProvider({ readers: [reader] }).getMeter('instts');
  const rpc = DURATION_METRICS.rpcServer;
  meter
    .createHistogram(rpc.name, { unit: rpc.unit, advice: { explicitBucketBoundaries: rpc.bounds } })
    .record(25, { 'rpc.method': 'Relay' });
  const http = DURATION_METRICS.httpServer;
  meter
    .createHistogram(http.name, { unit: http.unit, advice: { explicitBucketBoundaries: http.bounds } })
    .record(0.02, { 'http.route': '/orders/:id' });
  meter.createCounter('instts.test.calls', { unit: '{call}' }).add(3);
  meter.createObservableGauge('v8js.memory.heap.used', { unit: 'By' }).addCallback((r) => r.observe(1024));
  return renderOtelPrometheus(reader);
}

it('names: unit words, `_total`, milliseconds served in seconds', async () => {
  const text = await exposition();
  const samples = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  expect(samples).toContain('rpc_server_duration_seconds_sum{rpc_method="Relay"} 0.025');
  expect(samples).toContain('rpc_server_duration_seconds_bucket{rpc_method="Relay",le="0.025"} 1');
  expect(samples).toContain('rpc_server_duration_seconds_bucket{rpc_method="Relay",le="0.01"} 0');
  expect(samples).toContain('http_server_request_duration_seconds_count{http_route="/orders/:id"} 1');
  expect(samples).toContain('instts_test_calls_total 3');
  expect(samples).toContain('v8js_memory_heap_used_bytes 1024');
  expect(text).not.toContain('milliseconds');
});

itWithServices('promtool check metrics accepts the text', [PROMETHEUS], async () => {
  const r = spawnSync('promtool', ['check', 'metrics'], {
    input: await exposition(),
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect([r.status, `${r.stdout}${r.stderr}`]).toEqual([0, '']);
});
