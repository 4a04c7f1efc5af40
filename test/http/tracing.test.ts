// Connected traces across bundled services: express → fastify → koa on loopback, each built with
// `instts build --rules instts:http` and calling the next with fetch or http.request. An OTLP/HTTP
// endpoint the test runs decodes what the real exporters send (protobuf and JSON).

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instts } from '../cli-helpers.js';
import { startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from '../support/otlp-receiver.js';
import { traceparent } from '../tracing/helpers.js';
import {
  BUILD_MODES,
  buildChain,
  CHAIN_FIXTURE,
  get,
  startService,
  stopAll,
  type BuildMode,
  type ChainBuild,
  type Service,
  type ServiceName,
} from './services.js';

let esm: ChainBuild;
let cjs: ChainBuild;
/** The same services built `--no-bundle` and with the frameworks external: the same traces. */
const builds = {} as Record<BuildMode, { esm: ChainBuild; cjs: ChainBuild }>;
let receiver: OtlpReceiver;

beforeAll(async () => {
  // Two builds at a time: six at once overload a two-core machine.
  for (const mode of BUILD_MODES) {
    const [e, c] = await Promise.all([buildChain('esm', [], mode), buildChain('cjs', [], mode)]);
    builds[mode] = { esm: e, cjs: c };
  }
  ({ esm, cjs } = builds.bundle);
  receiver = await startOtlpReceiver();
}, 180_000);

afterEach(stopAll);

afterAll(async () => {
  await receiver?.close();
  for (const b of Object.values(builds).flatMap((m) => [m.esm, m.cjs]))
    if (b) fs.rmSync(b.dir, { recursive: true, force: true });
});

interface Chain {
  a: string;
  b: string;
  c: string;
}

/** Starts C, then B calling C, then A calling B; `env` applies to all three, `per` to one. */
async function startChain(
  build: ChainBuild,
  names: [ServiceName, ServiceName, ServiceName],
  env: Record<string, string>,
  per: Partial<Record<'a' | 'b' | 'c', Record<string, string>>> = {},
): Promise<Chain> {
  const common = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '50', ...env };
  const c = await startService(
    build.file(names[2]),
    { ...common, OTEL_SERVICE_NAME: 'svc-c', ...per.c },
    undefined,
    build.nodeArgs,
  );
  const b = await startService(
    build.file(names[1]),
    { ...common, OTEL_SERVICE_NAME: 'svc-b', NEXT_URL: c.url, ...per.b },
    undefined,
    build.nodeArgs,
  );
  const a = await startService(
    build.file(names[0]),
    { ...common, OTEL_SERVICE_NAME: 'svc-a', NEXT_URL: b.url, ...per.a },
    undefined,
    build.nodeArgs,
  );
  return { a: a.url, b: b.url, c: c.url };
}

function byTrace(spans: DecodedSpan[], traceId: string): DecodedSpan[] {
  return spans.filter((s) => s.traceId === traceId);
}

/** The spans of one request's trace, once `n` of them arrived. */
async function traceOf(rootService: string, n: number, since: number): Promise<DecodedSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const fresh = receiver.spans().slice(since);
    const root = fresh.find(
      (s) => s.resource['service.name'] === rootService && s.kind === 'SERVER' && s.parentSpanId === '',
    );
    if (root && byTrace(fresh, root.traceId).length >= n) return byTrace(fresh, root.traceId);
    if (Date.now() > deadline)
      throw new Error(
        `no complete trace of ${n} spans from ${rootService}; got ${fresh.map((s) => `${s.resource['service.name']}:${s.name}`).join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

function expectChainTrace(spans: DecodedSpan[]): void {
  const find = (service: string, kind: string): DecodedSpan => {
    const found = spans.filter((s) => s.resource['service.name'] === service && s.kind === kind);
    expect(found, `${kind} span of ${service}`).toHaveLength(1);
    return found[0]!;
  };
  const serverA = find('svc-a', 'SERVER');
  const clientA = find('svc-a', 'CLIENT');
  const serverB = find('svc-b', 'SERVER');
  const clientB = find('svc-b', 'CLIENT');
  const serverC = find('svc-c', 'SERVER');
  expect(spans).toHaveLength(5);
  // SERVER(A) → CLIENT(A→B) → SERVER(B) → CLIENT(B→C) → SERVER(C)
  expect(serverA.parentSpanId).toBe('');
  expect(clientA.parentSpanId).toBe(serverA.spanId);
  expect(serverB.parentSpanId).toBe(clientA.spanId);
  expect(clientB.parentSpanId).toBe(serverB.spanId);
  expect(serverC.parentSpanId).toBe(clientB.spanId);
  for (const server of [serverA, serverB, serverC]) {
    expect(server.name).toBe('GET /chain/:id');
    expect(server.status.code).toBe('UNSET');
    expect(server.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.path': '/chain/42',
      'url.scheme': 'http',
      'http.route': '/chain/:id',
      'http.response.status_code': 200,
      'client.address': '127.0.0.1',
      'server.address': '127.0.0.1',
    });
    expect(server.attributes['server.port']).toEqual(expect.any(Number));
    expect(server.attributes['network.protocol.version']).toBe('1.1');
  }
  expect(serverA.attributes['user_agent.original']).toBe('instts-test');
  for (const [client, server] of [
    [clientA, serverB],
    [clientB, serverC],
  ] as const) {
    expect(client.name).toBe('GET');
    expect(client.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.full': `http://127.0.0.1:${server.attributes['server.port']}/chain/42`,
      'server.address': '127.0.0.1',
      'server.port': server.attributes['server.port'],
      'http.response.status_code': 200,
    });
  }
}

describe.each(BUILD_MODES)('one request, one trace across express → fastify → koa (%s)', (mode) => {
  const esm = (): ChainBuild => builds[mode].esm;
  const cjs = (): ChainBuild => builds[mode].cjs;

  it('ESM bundles, OTLP http/protobuf (the default)', async () => {
    const since = receiver.spans().length;
    const chain = await startChain(esm(), ['a-express', 'b-fastify', 'c-koa'], {});
    const answer = await get(`${chain.a}/chain/42`, { 'user-agent': 'instts-test' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ service: 'a', next: { service: 'b', next: { service: 'c', id: '42' } } });
    const spans = await traceOf('svc-a', 5, since);
    expectChainTrace(spans);
    expect(new Set(spans.map((s) => s.encoding))).toEqual(new Set(['protobuf']));
  });

  it('CJS bundles of express 5, fastify 4 and koa 2, OTLP http/json', async () => {
    const since = receiver.spans().length;
    const chain = await startChain(cjs(), ['a-express5', 'b-fastify4', 'c-koa2'], {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    const answer = await get(`${chain.a}/chain/42`, { 'user-agent': 'instts-test' });
    expect(answer.status).toBe(200);
    const spans = await traceOf('svc-a', 5, since);
    expectChainTrace(spans);
    expect(new Set(spans.map((s) => s.encoding))).toEqual(new Set(['json']));
  });

  it('axios as the client (follow-redirects over node:http): the same connected trace', async () => {
    const since = receiver.spans().length;
    const chain = await startChain(esm(), ['a-express-axios', 'b-fastify', 'c-koa'], {});
    const answer = await get(`${chain.a}/chain/42`, { 'user-agent': 'instts-test' });
    expect(answer.status).toBe(200);
    expectChainTrace(await traceOf('svc-a', 5, since));
  });

  it('a failing route marks its spans as errors: 5xx on servers, 4xx/5xx on clients', async () => {
    const since = receiver.spans().length;
    const chain = await startChain(esm(), ['a-express', 'b-fastify', 'c-koa'], {});
    expect((await get(`${chain.c}/fail`)).status).toBe(500);
    expect((await get(`${chain.a}/fail-next`)).status).toBe(502);
    const failC = (await traceOf('svc-c', 1, since))[0]!;
    expect(failC).toMatchObject({ name: 'GET /fail', kind: 'SERVER', status: { code: 'ERROR' } });
    expect(failC.attributes).toMatchObject({
      'http.response.status_code': 500,
      'error.type': '500',
      'http.route': '/fail',
    });
    const spans = await traceOf('svc-a', 3, since);
    const serverA = spans.find((s) => s.kind === 'SERVER' && s.resource['service.name'] === 'svc-a')!;
    const clientA = spans.find((s) => s.kind === 'CLIENT')!;
    const serverB = spans.find((s) => s.resource['service.name'] === 'svc-b')!;
    expect(serverA).toMatchObject({ name: 'GET /fail-next', status: { code: 'ERROR' } });
    expect(serverA.attributes['http.response.status_code']).toBe(502);
    expect(clientA.status.code).toBe('ERROR');
    expect(clientA.attributes).toMatchObject({ 'http.response.status_code': 500, 'error.type': '500' });
    expect(serverB).toMatchObject({ name: 'GET /fail', status: { code: 'ERROR' } });
    expect(serverB.parentSpanId).toBe(clientA.spanId);
  });
});

describe.each(BUILD_MODES)('the error behind a 5xx on its SERVER span (%s)', (mode) => {
  /** Service `name` of this mode's `format` build, its spans named `errors-<name>-<mode>`. */
  function startErrors(format: 'esm' | 'cjs', name: ServiceName): Promise<Service> {
    const build = builds[mode][format];
    return startService(
      build.file(name),
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTEL_SERVICE_NAME: `errors-${name}-${mode}`,
      },
      undefined,
      build.nodeArgs,
    );
  }

  it.each([
    ['express 4, ESM', 'esm', 'a-express'],
    ['express 5, CJS', 'cjs', 'a-express5'],
  ] as const)(
    '%s: thrown, or passed to an error middleware: an exception event and the status message; a 4xx: none',
    async (_label, format, name) => {
      const service = await startErrors(format, name);
      const since = receiver.spans().length;
      expect((await get(`${service.url}/fail`)).status).toBe(500); // no error middleware: express's final handler
      const later = await get(`${service.url}/errs/later`);
      expect([later.status, JSON.parse(later.body)]).toEqual([500, { error: 'a failed later' }]);
      const client = await get(`${service.url}/errs/client`);
      expect([client.status, JSON.parse(client.body)]).toEqual([400, { error: 'a bad input' }]);
      const spans = await serverSpansOf(`errors-${name}-${mode}`, 3, since);
      expect(spans.map(summary)).toEqual([
        ['GET /fail', 'ERROR', 'a failed', ['Error: a failed']],
        ['GET /errs/later', 'ERROR', 'a failed later', ['Error: a failed later']],
        ['GET /errs/client', 'UNSET', '', []],
      ]);
      expect(spans[0]!.attributes['error.type']).toBe('500');
      expect(spans[0]!.events[0]!.attributes['exception.stacktrace']).toContain('a failed');
    },
  );

  it.each([
    ['fastify 5, ESM', 'esm', 'b-fastify'],
    ['fastify 4, CJS', 'cjs', 'b-fastify4'],
  ] as const)(
    '%s: thrown, rejected, sent, or thrown by the error handler: an exception event and the status message; a 4xx: none',
    async (_label, format, name) => {
      const service = await startErrors(format, name);
      const since = receiver.spans().length;
      expect((await get(`${service.url}/fail`)).status).toBe(500); // fastify's default error handler
      const later = await get(`${service.url}/errs/later`);
      expect([later.status, JSON.parse(later.body)]).toEqual([500, { error: 'b failed later' }]);
      expect((await get(`${service.url}/errs/sent`)).status).toBe(500);
      const client = await get(`${service.url}/errs/client`);
      expect([client.status, JSON.parse(client.body)]).toEqual([400, { error: 'b bad input' }]);
      expect((await get(`${service.url}/errs/handler`)).status).toBe(500);
      const spans = await serverSpansOf(`errors-${name}-${mode}`, 5, since);
      expect(spans.map(summary)).toEqual([
        ['GET /fail', 'ERROR', 'b failed', ['Error: b failed']],
        ['GET /errs/later', 'ERROR', 'b failed later', ['Error: b failed later']],
        ['GET /errs/sent', 'ERROR', 'b sent an error', ['Error: b sent an error']],
        ['GET /errs/client', 'UNSET', '', []],
        // the error handler's own error, which fastify's default handler answered
        ['GET /errs/handler', 'ERROR', 'b error handler failed', ['Error: b error handler failed']],
      ]);
      expect(spans[0]!.attributes['error.type']).toBe('500');
      expect(spans[1]!.events[0]!.attributes['exception.stacktrace']).toContain('b failed later');
    },
  );

  it('koa: a middleware that throws', async () => {
    const service = await startErrors('esm', 'c-koa');
    const since = receiver.spans().length;
    expect((await get(`${service.url}/fail`)).status).toBe(500);
    const spans = await serverSpansOf(`errors-c-koa-${mode}`, 1, since);
    expect(spans.map(summary)).toEqual([['GET /fail', 'ERROR', 'c failed', ['Error: c failed']]]);
  });
});

describe.each(BUILD_MODES)('a request governance refused: its SERVER span says which rule (%s)', (mode) => {
  const policy = {
    behaviors: {
      busy: { type: 'respond', status: 429, body: 'busy' },
      down: { type: 'respond', status: 503, body: 'down for now' },
    },
    flow: [
      { id: 'no-greet', resource: 'GET:/greet', threshold: 0, behavior: 'busy' },
      { id: 'orders-down', resource: 'GET:/orders/:id', threshold: 0, behavior: 'down' },
      { id: 'no-peak', resource: 'GET:/peak', threshold: 0 },
    ],
  };
  let policyFile: string;
  beforeAll(() => {
    policyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'instts-blocked-')), 'policy.json');
    fs.writeFileSync(policyFile, JSON.stringify(policy));
  });
  afterAll(() => fs.rmSync(path.dirname(policyFile), { recursive: true, force: true }));

  /** The `instts.governance.blocked` events of a span, as their attributes. */
  const blocks = (span: DecodedSpan): Array<Record<string, unknown>> =>
    span.events.filter((e) => e.name === 'instts.governance.blocked').map((e) => e.attributes);

  it.each(['a-express', 'b-fastify', 'c-koa', 'd-node'] as const)('%s', async (name) => {
    const build = builds[mode].esm;
    const serviceName = `blocked-${name}-${mode}`;
    const service = await startService(
      build.file(name),
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTEL_SERVICE_NAME: serviceName,
        INSTTS_POLICY: policyFile,
        NEXT_URL: 'http://127.0.0.1:9',
      },
      undefined,
      build.nodeArgs,
    );
    const since = receiver.spans().length;
    const routed = name !== 'd-node'; // plain node:http is governed by `{method}:{path}`
    const greet = await get(`${service.url}/greet`);
    expect([greet.status, greet.body]).toEqual([429, 'busy']);
    expect((await get(`${service.url}/peak`)).status).toBe(429); // the built-in default answer
    const orders = await get(`${service.url}/orders/7`);
    expect(orders.status).toBe(routed ? 503 : 200);
    const spans = await serverSpansOf(serviceName, 3, since);
    expect(spans).toHaveLength(3);
    const [greetSpan, peakSpan, ordersSpan] = spans as [DecodedSpan, DecodedSpan, DecodedSpan];

    // a 429 is the client's business (HTTP semconv): status and error.type stay unset
    expect(greetSpan).toMatchObject({ name: routed ? 'GET /greet' : 'GET', status: { code: 'UNSET' } });
    expect(greetSpan.attributes['http.response.status_code']).toBe(429);
    expect(greetSpan.attributes['error.type']).toBeUndefined();
    expect(blocks(greetSpan)).toEqual([
      {
        'instts.governance.rule': 'no-greet',
        'instts.governance.rule_type': 'flow',
        'instts.governance.resource': 'GET:/greet',
        'instts.governance.behavior': 'busy',
        'instts.governance.behavior_type': 'respond',
      },
    ]);
    // a rule without a behaviour: the built-in default, which has no name
    expect(blocks(peakSpan)).toEqual([
      {
        'instts.governance.rule': 'no-peak',
        'instts.governance.rule_type': 'flow',
        'instts.governance.resource': 'GET:/peak',
        'instts.governance.behavior_type': 'respond',
      },
    ]);
    if (!routed) {
      expect(blocks(ordersSpan)).toEqual([]); // passed: nothing
      return;
    }
    // a 5xx answer is an error as any 5xx is, and its status message names the rule
    expect(ordersSpan).toMatchObject({
      name: 'GET /orders/:id',
      status: { code: 'ERROR', message: "blocked by flow rule 'orders-down' on resource 'GET:/orders/:id'" },
    });
    expect(ordersSpan.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503' });
    expect(ordersSpan.events.map((e) => e.name)).toEqual(['instts.governance.blocked']); // no exception event
    expect(blocks(ordersSpan)[0]).toMatchObject({
      'instts.governance.rule': 'orders-down',
      'instts.governance.behavior': 'down',
    });
  });
});

/** Name, status, status message and exception events (`type: message`) of a span. */
function summary(span: DecodedSpan): [string, string, string, string[]] {
  const events = span.events
    .filter((e) => e.name === 'exception')
    .map((e) => `${String(e.attributes['exception.type'])}: ${String(e.attributes['exception.message'])}`);
  return [span.name, span.status.code, span.status.message, events];
}

/** The SERVER spans of a service, in the order they started, once `n` arrived. */
async function serverSpansOf(service: string, n: number, since: number): Promise<DecodedSpan[]> {
  const deadline = Date.now() + 10_000;
  const mine = (): DecodedSpan[] =>
    receiver
      .spans()
      .slice(since)
      .filter((s) => s.resource['service.name'] === service && s.kind === 'SERVER');
  while (mine().length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return mine().sort((x, y) => (BigInt(x.startTimeUnixNano) < BigInt(y.startTimeUnixNano) ? -1 : 1));
}

describe('a client that leaves before the answer', () => {
  it.each(['a-express', 'd-node'] as const)(
    '%s: its SERVER span ends as aborted; an answered request on the same server does not',
    async (name) => {
      const serviceName = `aborted-${name}`;
      const service = await startService(esm.file(name), {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTEL_SERVICE_NAME: serviceName,
        NEXT_URL: 'http://127.0.0.1:9',
      });
      const since = receiver.spans().length;
      expect((await get(`${service.url}/busy?ms=10`)).status).toBe(200);
      // The handler takes 600 ms; the client closes its connection after 100.
      await new Promise<void>((resolve) => {
        const req = http.get(`${service.url}/busy?ms=600`);
        req.on('error', () => resolve());
        setTimeout(() => req.destroy(), 100);
      });
      const [answered, left] = await serverSpansOf(serviceName, 2, since);
      expect(answered!.attributes['http.response.status_code']).toBe(200);
      expect(answered!.attributes['error.type']).toBeUndefined();
      expect(answered!.status.code).toBe('UNSET');
      expect(left!.attributes['error.type']).toBe('aborted');
      expect(left!.status).toEqual({ code: 'ERROR', message: 'the connection closed before the response finished' });
    },
    30_000,
  );
});

describe('express route templates', () => {
  it.each([
    ['express 4, ESM', 'esm', 'a-express'],
    ['express 5, CJS', 'cjs', 'a-express5'],
  ] as const)(
    '%s: a router mounted at a path with parameters keeps the pattern in the span name and http.route',
    async (_label, format, name) => {
      const build = format === 'esm' ? esm : cjs;
      const service = await startService(build.file(name), {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTEL_SERVICE_NAME: `mount-${name}`,
      });
      const since = receiver.spans().length;
      for (const tenant of ['acme', 'globex']) {
        const answer = await get(`${service.url}/api/v2/${tenant}/things/42`);
        expect(answer.body).toBe(`/api/v2/${tenant} thing 42`); // the application sees what it always saw
      }
      const deadline = Date.now() + 10_000;
      const mine = () =>
        receiver
          .spans()
          .slice(since)
          .filter((s) => s.resource['service.name'] === `mount-${name}`);
      while (mine().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const spans = mine();
      expect(spans.map((s) => [s.name, s.attributes['http.route'], s.attributes['url.path']])).toEqual([
        ['GET /api/v2/:tenant/things/:thing', '/api/v2/:tenant/things/:thing', '/api/v2/acme/things/42'],
        ['GET /api/v2/:tenant/things/:thing', '/api/v2/:tenant/things/:thing', '/api/v2/globex/things/42'],
      ]);
    },
  );
});

describe('the OTel environment changes behaviour as the specification says', () => {
  it('an incoming sampled traceparent is continued; an unsampled one is not recorded (parentbased_always_on)', async () => {
    const chain = await startChain(esm, ['a-express', 'b-fastify', 'c-koa'], {});
    const since = receiver.spans().length;
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await get(`${chain.a}/chain/42`, { traceparent: traceparent(true, traceId, 'b7ad6b7169203331') });
    const deadline = Date.now() + 10_000;
    while (byTrace(receiver.spans().slice(since), traceId).length < 5 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const spans = byTrace(receiver.spans().slice(since), traceId);
    expect(spans).toHaveLength(5);
    expect(spans.find((s) => s.resource['service.name'] === 'svc-a' && s.kind === 'SERVER')!.parentSpanId).toBe(
      'b7ad6b7169203331',
    );

    const unsampled = '1af7651916cd43dd8448eb211c80319c';
    await get(`${chain.a}/chain/42`, { traceparent: traceparent(false, unsampled, 'b7ad6b7169203331') });
    await new Promise((r) => setTimeout(r, 500));
    expect(byTrace(receiver.spans().slice(since), unsampled)).toEqual([]);
  });

  it('OTEL_TRACES_SAMPLER=always_off on A: nothing recorded anywhere down the chain (the sampled flag propagates)', async () => {
    const chain = await startChain(
      esm,
      ['a-express', 'b-fastify', 'c-koa'],
      {},
      { a: { OTEL_TRACES_SAMPLER: 'always_off' } },
    );
    const since = receiver.spans().length;
    expect((await get(`${chain.a}/chain/42`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.spans().slice(since)).toEqual([]);
  });

  it('OTEL_PROPAGATORS=b3 everywhere connects the chain with B3 headers; none on B cuts it', async () => {
    const b3 = await startChain(esm, ['a-express', 'b-fastify', 'c-koa'], { OTEL_PROPAGATORS: 'b3' });
    let since = receiver.spans().length;
    await get(`${b3.a}/chain/42`, { 'user-agent': 'instts-test' });
    expectChainTrace(await traceOf('svc-a', 5, since));
    await stopAll();

    const cut = await startChain(esm, ['a-express', 'b-fastify', 'c-koa'], {}, { b: { OTEL_PROPAGATORS: 'none' } });
    since = receiver.spans().length;
    await get(`${cut.a}/chain/42`);
    // B neither reads nor writes context: A's trace ends at A's CLIENT span, B and C start their own.
    const fromA = await traceOf('svc-a', 2, since);
    expect(fromA.map((s) => `${s.resource['service.name']} ${s.kind}`).sort()).toEqual([
      'svc-a CLIENT',
      'svc-a SERVER',
    ]);
    const fromB = await traceOf('svc-b', 2, since);
    const rootC = await traceOf('svc-c', 1, since);
    expect(new Set([fromA[0]!.traceId, fromB[0]!.traceId, rootC[0]!.traceId]).size).toBe(3);
  });

  it('OTEL_SDK_DISABLED=true: no spans, no exporter traffic, the chain still answers', async () => {
    const requests = receiver.requests.length;
    const chain = await startChain(esm, ['a-express', 'b-fastify', 'c-koa'], { OTEL_SDK_DISABLED: 'true' });
    const answer = await get(`${chain.a}/chain/42`);
    expect(JSON.parse(answer.body)).toEqual({ service: 'a', next: { service: 'b', next: { service: 'c', id: '42' } } });
    await stopAll(); // exit flushes would export now, if anything had been recorded
    expect(receiver.requests.length).toBe(requests);
  });
});

describe('instts inspect', () => {
  it('lists which built-in rules matched which framework functions', async () => {
    const result = await instts(
      [
        'inspect',
        '--rules',
        'instts:http',
        '--entry',
        'src/a-express.ts',
        '--entry',
        'src/b-fastify.ts',
        '--entry',
        'src/c-koa.ts',
        '--json',
      ],
      CHAIN_FIXTURE,
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      rules: Array<{ id: string; matches: Array<{ file: string; function: string }> }>;
    };
    const seen = (rule: string): string[] =>
      report.rules.find((r) => r.id === rule)!.matches.map((m) => `${m.file} ${m.function}`);
    expect(seen('express.route')).toEqual(['express/lib/router/route.js dispatch']);
    expect(seen('fastify.route')).toEqual(['fastify/lib/route.js routeHandler']);
    expect(seen('fastify.error')).toEqual(['fastify/lib/error-handler.js handleError']);
    expect(seen('koa.respond')).toEqual(['koa/lib/application.js respond']);
    expect(seen('koa.onerror')).toEqual(['koa/lib/context.js onerror']);
    expect(seen('koa-router.route')).toEqual([
      expect.stringMatching(/^@koa\/router\/dist\/index\.m?js (?:\S+\.)?_buildMiddlewareChain$/),
    ]);
    expect(
      seen('http.server')
        .map((m) => m.split('/')[0])
        .sort(),
    ).toEqual(['express', 'fastify', 'koa']);
    expect(seen('fetch')).toEqual(['src/services/a.ts fetch()', 'src/services/a.ts fetch()']); // two calls in A
    expect(seen('http.request')).toEqual([expect.stringMatching(/^src\/services\/b\.ts http\.request\(\)$/)]);
  });

  it('does not warn about built-in rules that match nothing in this program', async () => {
    const result = await instts(['inspect', '--rules', 'instts:http', '--entry', 'src/c-koa.ts'], CHAIN_FIXTURE);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout.split('\n');
    expect(out.filter((l) => /^\s*(warning|error):/.test(l))).toEqual([]);
    // an unused one says so, without a warning: c-koa makes no https server
    expect(out[out.indexOf(out.find((l) => l.startsWith('rule https.server '))!) + 1]).toBe(
      '  no match in this program',
    );
  });
});
