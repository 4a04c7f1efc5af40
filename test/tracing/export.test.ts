// Spans leave the process over real OTLP/HTTP, in both encodings, configured by the environment.

import { describe, expect, it } from 'vitest';
import { startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from '../support/otlp-receiver.js';
import { useProgramBundle, run } from './helpers.js';
import { RUNTIME_VERSION } from '../../src/runtime/version.js';

const programFile = useProgramBundle();

/** Runs the program against a fresh receiver; returns both once the program ended. */
async function withReceiver(
  env: Record<string, string | undefined> | ((r: OtlpReceiver) => Record<string, string | undefined>),
) {
  const receiver = await startOtlpReceiver();
  try {
    const vars = typeof env === 'function' ? env(receiver) : { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...env };
    const result = await run(programFile(), vars);
    return { receiver, result, spans: receiver.spans(), requests: receiver.requests.slice() };
  } finally {
    await receiver.close();
  }
}

function byName(spans: DecodedSpan[], name: string): DecodedSpan {
  const span = spans.find((s) => s.name === name);
  if (!span) throw new Error(`no span ${name} in ${JSON.stringify(spans.map((s) => s.name))}`);
  return span;
}

function expectTree(spans: DecodedSpan[]): void {
  expect(spans.map((s) => s.name).sort()).toEqual(['GET /orders/:id', 'Orders.load', 'POST']);
  const server = byName(spans, 'GET /orders/:id');
  const client = byName(spans, 'POST');
  const internal = byName(spans, 'Orders.load');
  expect(server.kind).toBe('SERVER');
  expect(client.kind).toBe('CLIENT');
  expect(internal.kind).toBe('INTERNAL');
  expect(server.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(server.spanId).toMatch(/^[0-9a-f]{16}$/);
  expect(server.parentSpanId).toBe('');
  for (const child of [client, internal]) {
    expect(child.traceId).toBe(server.traceId);
    expect(child.parentSpanId).toBe(server.spanId);
  }
  expect(server.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 200 });
  expect(client.attributes).toMatchObject({ 'url.full': 'http://127.0.0.1:9/pay', 'http.response.status_code': 200 });
  expect(server.status.code).toBe('UNSET');
  expect(internal.status).toEqual({ code: 'ERROR', message: 'bad order' });
  expect(internal.attributes['error.type']).toBe('TypeError');
  expect(internal.events.map((e) => e.name)).toEqual(['exception']);
  expect(internal.events[0]!.attributes).toMatchObject({
    'exception.type': 'TypeError',
    'exception.message': 'bad order',
  });
  // instts's own scope, with its version (the same as package.json's: test/runtime-version.test.ts)
  expect(server.scope).toEqual({ name: 'instts', version: RUNTIME_VERSION });
  expect(server.resource['telemetry.sdk.language']).toBe('nodejs');
}

describe('OTLP export', () => {
  it('sends http/protobuf by default and http/json when asked, with correct parent links', async () => {
    const [proto, json, jsonTraces] = await Promise.all([
      withReceiver({}),
      withReceiver({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
      // the per-signal variable wins over the general one
      withReceiver({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'HTTP/JSON' }),
    ]);
    for (const r of [proto, json, jsonTraces]) {
      expect(r.result.code, r.result.stderr).toBe(0);
      expect(r.result.stderr).toBe('');
      expectTree(r.spans);
      // the client span's context went out in traceparent
      const client = byName(r.spans, 'POST');
      expect(r.result.result.outgoing.traceparent).toBe(`00-${client.traceId}-${client.spanId}-01`);
      // after an await the server span was still active
      expect(r.result.result.activeAfterAwait).toBe(byName(r.spans, 'GET /orders/:id').spanId);
    }
    expect(proto.requests.map((q) => [q.path, q.contentType])).toEqual([['/v1/traces', 'application/x-protobuf']]);
    expect(proto.spans.every((s) => s.encoding === 'protobuf')).toBe(true);
    expect(json.requests.map((q) => [q.path, q.contentType])).toEqual([['/v1/traces', 'application/json']]);
    expect(json.spans.every((s) => s.encoding === 'json')).toBe(true);
    expect(jsonTraces.requests[0]!.contentType).toBe('application/json');
  });

  it('OTEL_SERVICE_NAME wins over service.name in OTEL_RESOURCE_ATTRIBUTES; values are percent-decoded', async () => {
    const [both, attrsOnly, neither, invalid] = await Promise.all([
      withReceiver({
        OTEL_SERVICE_NAME: 'orders',
        OTEL_RESOURCE_ATTRIBUTES: 'service.name=ignored,deployment.environment.name=prod%20eu,team=a%2Cb',
      }),
      withReceiver({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs, service.version = 1.2.3 ' }),
      withReceiver({}),
      withReceiver({ OTEL_RESOURCE_ATTRIBUTES: 'good=1,broken', OTEL_SERVICE_NAME: 'svc' }),
    ]);
    expect(both.spans[0]!.resource).toMatchObject({
      'service.name': 'orders',
      'deployment.environment.name': 'prod eu',
      team: 'a,b',
    });
    expect(attrsOnly.spans[0]!.resource).toMatchObject({ 'service.name': 'from-attrs', 'service.version': '1.2.3' });
    expect(neither.spans[0]!.resource['service.name']).toBe('unknown_service:node');
    // an invalid list is discarded whole, with one warning
    expect(invalid.spans[0]!.resource['service.name']).toBe('svc');
    expect(invalid.spans[0]!.resource.good).toBeUndefined();
    expect(invalid.result.stderr).toMatch(/OTEL_RESOURCE_ATTRIBUTES ignored/);
    expect(invalid.result.stderr.match(/warning/g)).toHaveLength(1);
  });

  it('OTEL_EXPORTER_OTLP_HEADERS (and the TRACES_ variant) reach the receiver', async () => {
    const r = await withReceiver({
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=secret%20one,x-tenant=general',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=traces',
    });
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]!.headers['x-api-key']).toBe('secret one');
    expect(r.requests[0]!.headers['x-tenant']).toBe('traces');
  });

  it('a base endpoint gets /v1/traces; the per-signal endpoint is used as is', async () => {
    const receiver = await startOtlpReceiver({ paths: ['/v1/traces', '/collector/traces'] });
    try {
      const [base, exact] = await Promise.all([
        run(programFile(), { OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/` }),
        run(programFile(), {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', // ignored: the per-signal one wins
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/collector/traces`,
        }),
      ]);
      expect(base.code).toBe(0);
      expect(exact.code).toBe(0);
      expect(receiver.requests.map((q) => q.path).sort()).toEqual(['/collector/traces', '/v1/traces']);
      expect(receiver.spans()).toHaveLength(6);
    } finally {
      await receiver.close();
    }
  });

  it('grpc falls back to http/protobuf with a warning', async () => {
    const r = await withReceiver({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    expect(r.requests.map((q) => q.contentType)).toEqual(['application/x-protobuf']);
    expect(r.spans).toHaveLength(3);
    expect(r.result.stderr).toMatch(/OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported; using http\/protobuf/);
  });

  it('OTEL_TRACES_EXPORTER: none exports nothing but still makes spans; console prints; unknown names warn once', async () => {
    const incoming = JSON.stringify({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    const [none, consoleOnly, mixed, unknownOnly] = await Promise.all([
      withReceiver({ OTEL_TRACES_EXPORTER: 'none', FIXTURE_INCOMING: incoming }),
      withReceiver({ OTEL_TRACES_EXPORTER: 'console' }),
      withReceiver({ OTEL_TRACES_EXPORTER: 'bogus, otlp ,bogus' }),
      withReceiver({ OTEL_TRACES_EXPORTER: 'zipkin' }),
    ]);

    expect(none.requests).toHaveLength(0);
    expect(none.result.result.enabled).toBe(true);
    expect(none.result.result.status.exporters).toEqual(['none']);
    expect(none.result.result.recording).toBe(true);
    // the trace goes on downstream: same trace, a new span of ours as the parent, sampled
    expect(none.result.result.outgoing.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(none.result.result.outgoing.traceparent).not.toContain('00f067aa0ba902b7');

    expect(consoleOnly.requests).toHaveLength(0);
    expect(consoleOnly.result.stdout).toContain("name: 'Orders.load'");

    expect(mixed.spans).toHaveLength(3);
    expect(mixed.result.stderr.match(/OTEL_TRACES_EXPORTER "bogus" is not a known exporter/g)).toHaveLength(1);

    expect(unknownOnly.requests).toHaveLength(0);
    expect(unknownOnly.result.stderr).toMatch(/"zipkin" is not supported/);
  });

  it('OTEL_LOG_LEVEL turns the diagnostic logger on (stderr only); OTEL_BSP_* and span limits apply', async () => {
    const [debug, quiet, limits] = await Promise.all([
      withReceiver({ OTEL_LOG_LEVEL: 'debug' }),
      withReceiver({ OTEL_LOG_LEVEL: 'error', OTEL_TRACES_SAMPLER: 'nope' }),
      withReceiver({
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1',
        OTEL_BSP_MAX_QUEUE_SIZE: '8',
        OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '8',
      }),
    ]);
    expect(debug.result.stderr).toMatch(/instts: otel debug: /);
    expect(debug.result.stdout).not.toMatch(/otel/);
    expect(debug.spans).toHaveLength(3);
    // below warn, configuration warnings are not printed either
    expect(quiet.result.stderr).toBe('');
    // one span per request with a batch size of 1; long values cut at 8 characters
    expect(limits.requests).toHaveLength(3);
    expect(byName(limits.spans, 'POST').attributes['url.full']).toBe('http://1');
  });
});
