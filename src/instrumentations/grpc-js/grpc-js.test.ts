// @grpc/grpc-js with `instts build --rules instts:grpc --rules instts:http`: the services of
// test/fixtures/grpc-chain (A: HTTP in, gRPC out; B and C: gRPC) as child processes on 127.0.0.1,
// spans sent to an OTLP endpoint the test runs, governance and lanes from a policy file.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instts, ROOT } from '../../../test/cli-helpers.js';
import { startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { get, startService, stopAll, type Service } from '../../../test/http/services.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'grpc-chain');
const PROTO_FILE = path.join(FIXTURE, 'src', 'hop.proto');
let dir: string;
let file: string;
let receiver: OtlpReceiver;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-grpc-'));
  const result = await instts(
    [
      'build',
      '--rules',
      'instts:grpc',
      '--rules',
      'instts:http',
      '--entry',
      'src/service.ts',
      '--outDir',
      dir,
      '--format',
      'esm',
      '--no-typecheck',
    ],
    FIXTURE,
  );
  if (result.code !== 0) throw new Error(`build failed (${result.code}):\n${result.stderr}`);
  file = path.join(dir, 'service.js');
  receiver = await startOtlpReceiver();
}, 120_000);

afterEach(stopAll);

afterAll(async () => {
  await receiver?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function start(role: 'a' | 'b' | 'c', env: Record<string, string>): Promise<Service> {
  return startService(file, {
    ROLE: role,
    PROTO_FILE,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '50',
    OTEL_SERVICE_NAME: `svc-${role}`,
    ...env,
  });
}

const addr = (s: Service): string => `127.0.0.1:${s.port}`;

/** The spans of the trace whose root is svc-a's SERVER span, once `n` arrived. */
async function traceOf(n: number, since: number): Promise<DecodedSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const fresh = receiver.spans().slice(since);
    const root = fresh.find(
      (s) => s.resource['service.name'] === 'svc-a' && s.kind === 'SERVER' && s.parentSpanId === '',
    );
    const spans = root === undefined ? [] : fresh.filter((s) => s.traceId === root.traceId);
    if (spans.length >= n) return spans;
    if (Date.now() > deadline)
      throw new Error(
        `no trace of ${n} spans; got ${fresh.map((s) => `${s.resource['service.name']}:${s.kind}:${s.name}`).join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until `n` spans named `name` that `service` exported were received after `since`. */
async function waitForSpansAt(service: string, name: string, n: number, since: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const spans = receiver
      .spans()
      .slice(since)
      .filter((s) => s.resource['service.name'] === service && s.name === name);
    if (spans.length >= n) return;
    if (Date.now() > deadline) throw new Error(`${spans.length} of ${n} ${service} spans ${name}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function one(spans: DecodedSpan[], service: string, kind: string, name: string): DecodedSpan {
  const found = spans.filter((s) => s.resource['service.name'] === service && s.kind === kind && s.name === name);
  expect(
    found,
    `${service} ${kind} ${name} in ${spans.map((s) => `${s.resource['service.name']}:${s.kind}:${s.name}`).join(', ')}`,
  ).toHaveLength(1);
  return found[0]!;
}

describe('tracing', () => {
  it('HTTP → gRPC unary → gRPC server-streaming and a failing unary call: one trace, RPC attributes, error status', async () => {
    const c = await start('c', {});
    const b = await start('b', { NEXT_ADDR: addr(c) });
    const a = await start('a', { NEXT_ADDR: addr(b) });
    const since = receiver.spans().length;
    const answer = await get(`${a.url}/chain?user=ann&count=3&fail=1`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ words: ['w0', 'w1', 'w2'], servedBy: 'c', error: '9 C refuses' });

    const spans = await traceOf(7, since);
    expect(spans).toHaveLength(7);
    const serverA = one(spans, 'svc-a', 'SERVER', 'GET');
    const relayOut = one(spans, 'svc-a', 'CLIENT', 'demo.hop.Hop/Relay');
    const relayIn = one(spans, 'svc-b', 'SERVER', 'demo.hop.Hop/Relay');
    const countOut = one(spans, 'svc-b', 'CLIENT', 'demo.hop.Hop/Count');
    const countIn = one(spans, 'svc-c', 'SERVER', 'demo.hop.Hop/Count');
    const failOut = one(spans, 'svc-b', 'CLIENT', 'demo.hop.Hop/Fail');
    const failIn = one(spans, 'svc-c', 'SERVER', 'demo.hop.Hop/Fail');
    expect(serverA.parentSpanId).toBe('');
    expect(relayOut.parentSpanId).toBe(serverA.spanId);
    expect(relayIn.parentSpanId).toBe(relayOut.spanId);
    expect(countOut.parentSpanId).toBe(relayIn.spanId);
    expect(countIn.parentSpanId).toBe(countOut.spanId);
    expect(failOut.parentSpanId).toBe(relayIn.spanId);
    expect(failIn.parentSpanId).toBe(failOut.spanId);

    expect(relayOut.attributes).toMatchObject({
      'rpc.system': 'grpc',
      'rpc.service': 'demo.hop.Hop',
      'rpc.method': 'Relay',
      'rpc.grpc.status_code': 0,
      'server.address': '127.0.0.1',
      'server.port': b.port,
    });
    expect(relayIn.attributes).toMatchObject({
      'rpc.system': 'grpc',
      'rpc.service': 'demo.hop.Hop',
      'rpc.method': 'Relay',
      'rpc.grpc.status_code': 0,
      'server.port': b.port,
    });
    expect(countIn.attributes).toMatchObject({ 'rpc.method': 'Count', 'rpc.grpc.status_code': 0 });
    expect(relayOut.status.code).toBe('UNSET');
    // FAILED_PRECONDITION (9): an error for the client; not a server fault (OTel RPC conventions).
    expect(failOut.attributes).toMatchObject({ 'rpc.grpc.status_code': 9, 'error.type': 'FAILED_PRECONDITION' });
    expect(failOut.status).toEqual({ code: 'ERROR', message: 'C refuses' });
    expect(failIn.attributes['rpc.grpc.status_code']).toBe(9);
    expect(failIn.status.code).toBe('UNSET');
  }, 60_000);

  it('client-streaming and bidi calls get CLIENT and SERVER spans in the same trace', async () => {
    const c = await start('c', {});
    const a = await start('a', { NEXT_ADDR: addr(c) });
    let since = receiver.spans().length;
    expect(JSON.parse((await get(`${a.url}/sum`)).body)).toEqual({ value: 6 });
    let spans = await traceOf(3, since);
    const sumOut = one(spans, 'svc-a', 'CLIENT', 'demo.hop.Hop/Sum');
    expect(one(spans, 'svc-c', 'SERVER', 'demo.hop.Hop/Sum').parentSpanId).toBe(sumOut.spanId);
    since = receiver.spans().length;
    expect(JSON.parse((await get(`${a.url}/echo`)).body)).toEqual([2, 4]);
    spans = await traceOf(3, since);
    const echoOut = one(spans, 'svc-a', 'CLIENT', 'demo.hop.Hop/Echo');
    const echoIn = one(spans, 'svc-c', 'SERVER', 'demo.hop.Hop/Echo');
    expect(echoIn.parentSpanId).toBe(echoOut.spanId);
    expect(echoIn.attributes).toMatchObject({ 'rpc.method': 'Echo', 'rpc.grpc.status_code': 0 });
  }, 60_000);
});

type HopClient = grpc.Client & Record<string, (...args: unknown[]) => unknown>;

/** A plain (not instrumented) client of the fixture's service. */
function hopClient(address: string): HopClient {
  const definition = protoLoader.loadSync(PROTO_FILE, { defaults: true });
  const Hop = (
    grpc.loadPackageDefinition(definition) as unknown as { demo: { hop: { Hop: grpc.ServiceClientConstructor } } }
  ).demo.hop.Hop;
  return new Hop(address, grpc.credentials.createInsecure()) as unknown as HopClient;
}

function relay(
  client: HopClient,
  request: Record<string, unknown>,
  metadata = new grpc.Metadata(),
): Promise<{ code: number; details: string; reply?: Record<string, unknown> }> {
  return new Promise((resolve) =>
    client.Relay!(request, metadata, (err: grpc.ServiceError | null, reply: Record<string, unknown>) =>
      resolve(err ? { code: err.code, details: err.details } : { code: 0, details: '', reply }),
    ),
  );
}

function writePolicy(policy: unknown): string {
  const policyFile = path.join(dir, `policy-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(policyFile, JSON.stringify(policy));
  return policyFile;
}

describe('governance', () => {
  it("QPS 5 on one method at 50 calls/s for 4 s: 20 ± 2 pass, the rest get RESOURCE_EXHAUSTED with the behaviour's message", async () => {
    const policy = writePolicy({
      version: 1,
      behaviors: { busy: { type: 'respond', status: 429, body: 'Relay is busy, try later' } },
      flow: [{ id: 'relay-qps', resource: '/demo.hop.Hop/Relay', threshold: 5, behavior: 'busy' }],
    });
    const c = await start('c', { INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const client = hopClient(addr(c));
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + 5_000, (e) => (e ? reject(e) : resolve())),
    );
    const calls: Array<Promise<{ code: number; details: string }>> = [];
    const started = Date.now();
    for (let i = 0; i < 200; i++) {
      const due = started + i * 20;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      calls.push(relay(client, { user: `u${i}` }));
    }
    const results = await Promise.all(calls);
    client.close();
    const passed = results.filter((r) => r.code === 0).length;
    const blocked = results.filter((r) => r.code === grpc.status.RESOURCE_EXHAUSTED);
    expect(passed).toBeGreaterThanOrEqual(18);
    expect(passed).toBeLessThanOrEqual(22);
    expect(passed + blocked.length).toBe(200);
    expect(new Set(blocked.map((r) => r.details))).toEqual(new Set(['Relay is busy, try later']));
  }, 60_000);

  it('a refused call: its SERVER span carries the instts.governance.blocked event naming the rule', async () => {
    const policy = writePolicy({
      version: 1,
      flow: [{ id: 'relay-one', resource: '/demo.hop.Hop/Relay', threshold: 1 }],
    });
    const since = receiver.spans().length;
    const c = await start('c', { INSTTS_POLICY: policy });
    const client = hopClient(addr(c));
    const results = await Promise.all([0, 1, 2].map((i) => relay(client, { user: `r${i}` })));
    client.close();
    expect(results.filter((r) => r.code === grpc.status.RESOURCE_EXHAUSTED).length).toBeGreaterThanOrEqual(1);
    const refused = (): DecodedSpan[] =>
      receiver
        .spans()
        .slice(since)
        .filter((s) => s.kind === 'SERVER' && s.events.some((e) => e.name === 'instts.governance.blocked'));
    const deadline = Date.now() + 10_000;
    while (refused().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(refused()[0]?.events.find((e) => e.name === 'instts.governance.blocked')?.attributes).toMatchObject({
      'instts.governance.rule': 'relay-one',
      'instts.governance.rule_type': 'flow',
      'instts.governance.resource': '/demo.hop.Hop/Relay',
    });
  }, 60_000);

  it('hotspot on a request field and on a metadata key; a fallback behaviour chooses the status', async () => {
    const policy = writePolicy({
      version: 1,
      behaviors: { gone: { type: 'fallback', throw: { message: 'user limited', code: 'UNAVAILABLE' } } },
      hotspot: [
        {
          id: 'per-user',
          resource: '/demo.hop.Hop/Relay',
          param: { from: 'query', name: 'user' },
          threshold: 1,
          durationSec: 60,
          behavior: 'gone',
        },
        {
          id: 'per-tenant',
          resource: '/demo.hop.Hop/Fail',
          param: { from: 'header', name: 'x-tenant' },
          threshold: 1,
          durationSec: 60,
        },
      ],
    });
    const c = await start('c', { INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const client = hopClient(addr(c));
    expect((await relay(client, { user: 'ann' })).code).toBe(0);
    expect(await relay(client, { user: 'ann' })).toEqual({ code: grpc.status.UNAVAILABLE, details: 'user limited' });
    expect((await relay(client, { user: 'bob' })).code).toBe(0);
    const fail = (tenant: string): Promise<number> =>
      new Promise((resolve) => {
        const md = new grpc.Metadata();
        md.set('x-tenant', tenant);
        client.Fail!({}, md, (err: grpc.ServiceError | null) => resolve(err?.code ?? 0));
      });
    expect(await fail('t1')).toBe(grpc.status.FAILED_PRECONDITION); // reached the handler
    expect(await fail('t1')).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(await fail('t2')).toBe(grpc.status.FAILED_PRECONDITION);
    client.close();
  }, 60_000);

  it('a behaviour gRPC cannot apply (a misspelt throw code, a fallback value): RESOURCE_EXHAUSTED, and one line per rule says so', async () => {
    const policy = writePolicy({
      version: 1,
      behaviors: {
        typo: { type: 'fallback', throw: { message: 'user limited', code: 'UNAVAILBLE' } },
        cached: { type: 'fallback', value: { n: 0 } },
      },
      flow: [
        { id: 'relay-none', resource: '/demo.hop.Hop/Relay', threshold: 0, behavior: 'typo' },
        { id: 'fail-none', resource: '/demo.hop.Hop/Fail', threshold: 0, behavior: 'cached' },
      ],
    });
    const c = await start('c', { INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const client = hopClient(addr(c));
    const limited = { code: grpc.status.RESOURCE_EXHAUSTED, details: 'user limited' };
    expect(await relay(client, { user: 'ann' })).toEqual(limited);
    expect(await relay(client, { user: 'bob' })).toEqual(limited);
    const fail = await new Promise<{ code: number; details: string }>((resolve) =>
      client.Fail!({}, (err: grpc.ServiceError | null) =>
        resolve({ code: err?.code ?? 0, details: err?.details ?? '' }),
      ),
    );
    expect(fail).toEqual({
      code: grpc.status.RESOURCE_EXHAUSTED,
      details: "blocked by flow rule 'fail-none' on resource '/demo.hop.Hop/Fail'",
    });
    client.close();
    const tail =
      '; blocked calls get RESOURCE_EXHAUSTED (use a "respond", or a fallback "throw" whose code is a gRPC status name)';
    const expected = [
      `instts: policy rule 'relay-none' on resource '/demo.hop.Hop/Relay' (a gRPC call): behavior 'typo' throws code "UNAVAILBLE", which is not a gRPC status name (did you mean "UNAVAILABLE"?)${tail}`,
      `instts: policy rule 'fail-none' on resource '/demo.hop.Hop/Fail' (a gRPC call): behavior 'cached' is a fallback with a value, which a gRPC call cannot return${tail}`,
    ];
    const reported = (): string[] =>
      c
        .output()
        .split('\n')
        .filter((l) => l.startsWith('instts: policy rule'));
    for (let i = 0; i < 40 && reported().length < expected.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(reported()).toEqual(expected);
  }, 60_000);

  it('a hotspot rule on a request field of a client-streaming method, which has no single request message: one line says it never applies', async () => {
    const policy = writePolicy({
      version: 1,
      hotspot: [
        { id: 'sum-per-user', resource: '/demo.hop.Hop/Sum', param: { from: 'query', name: 'user' }, threshold: 1 },
        { id: 'relay-per-user', resource: '/demo.hop.Hop/Relay', param: { from: 'query', name: 'user' }, threshold: 5 },
      ],
    });
    const c = await start('c', { INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const client = hopClient(addr(c));
    const sum = (): Promise<number> =>
      new Promise((resolve) => {
        const stream = client.Sum!((err: grpc.ServiceError | null, n: { value: number }) =>
          resolve(err ? -err.code : n.value),
        ) as grpc.ClientWritableStream<{ value: number }>;
        stream.write({ value: 2 });
        stream.end();
      });
    expect([await sum(), await sum()]).toEqual([2, 2]);
    expect((await relay(client, { user: 'ann' })).code).toBe(0);
    client.close();
    const expected = [
      `instts: policy hotspot rule 'sum-per-user' on resource '/demo.hop.Hop/Sum' reads query parameter "user", which a served gRPC call whose requests stream (client-streaming or bidi) never carries (it carries its metadata (header) and the client address, but no single request message (query)); the rule never applies to those calls`,
    ];
    const reported = (): string[] =>
      c
        .output()
        .split('\n')
        .filter((l) => l.startsWith('instts: policy hotspot rule'));
    for (let i = 0; i < 40 && reported().length < expected.length; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 100));
    expect(reported()).toEqual(expected);
  }, 60_000);

  it('a declared resource of kind rpc-in takes the methods its match names (service, method)', async () => {
    const policy = writePolicy({
      version: 1,
      resources: [{ id: 'hop-unary', kind: 'rpc-in', match: { service: 'demo.hop.Hop', method: ['Relay', 'Fail'] } }],
      behaviors: { busy: { type: 'respond', status: 429, body: 'one unary call a second' } },
      flow: [{ id: 'unary-qps', resource: 'hop-unary', threshold: 1, behavior: 'busy' }],
    });
    const c = await start('c', { INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const client = hopClient(addr(c));
    expect((await relay(client, { user: 'ann' })).code).toBe(0);
    // Fail shares the resource with Relay: the second unary call within the second is refused.
    const fail = await new Promise<{ code: number; details: string }>((resolve) =>
      client.Fail!({}, (err: grpc.ServiceError | null) =>
        resolve({ code: err?.code ?? 0, details: err?.details ?? '' }),
      ),
    );
    expect(fail).toEqual({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'one unary call a second' });
    client.close();
  }, 60_000);

  it('isolation on a client-streaming method: a second call while one is open gets RESOURCE_EXHAUSTED', async () => {
    const policy = writePolicy({
      version: 1,
      isolation: [{ id: 'one-sum', resource: '/demo.hop.Hop/Sum', maxConcurrency: 1 }],
    });
    const c = await start('c', { INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const client = hopClient(addr(c));
    const sum = (): {
      stream: grpc.ClientWritableStream<{ value: number }>;
      done: Promise<{ code: number; value?: number }>;
    } => {
      let stream!: grpc.ClientWritableStream<{ value: number }>;
      const done = new Promise<{ code: number; value?: number }>((resolve) => {
        stream = client.Sum!((err: grpc.ServiceError | null, n: { value: number }) =>
          resolve(err ? { code: err.code } : { code: 0, value: n.value }),
        ) as grpc.ClientWritableStream<{ value: number }>;
      });
      return { stream, done };
    };
    const first = sum();
    first.stream.write({ value: 2 });
    await new Promise((r) => setTimeout(r, 200)); // the server has the first call's metadata
    const second = sum();
    second.stream.end();
    expect((await second.done).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    first.stream.write({ value: 3 });
    first.stream.end();
    expect(await first.done).toEqual({ code: 0, value: 5 });
    const third = sum();
    third.stream.write({ value: 1 });
    third.stream.end();
    expect(await third.done).toEqual({ code: 0, value: 1 });
    client.close();
  }, 60_000);

  it('queue shaping on a served method: calls wait for their turn, spaced apart; one that would wait past maxQueueMs is refused', async () => {
    const policy = writePolicy({
      version: 1,
      // 5 per second, queued: one call every 200 ms, none waiting longer than 500 ms
      flow: [{ id: 'relay-queue', resource: '/demo.hop.Hop/Relay', threshold: 5, shaping: 'queue', maxQueueMs: 500 }],
    });
    const c = await start('c', { INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const client = hopClient(addr(c));
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + 5_000, (e) => (e ? reject(e) : resolve())),
    );
    const started = Date.now();
    const results = await Promise.all(
      ['u0', 'u1', 'u2', 'u3', 'u4'].map(async (user) => ({
        ...(await relay(client, { user })),
        ms: Date.now() - started,
      })),
    );
    client.close();
    const passed = results.filter((r) => r.code === 0);
    // waits of 0, 200 and 400 ms pass; 600 and 800 ms would exceed maxQueueMs
    expect(passed.map((r) => r.reply?.words)).toEqual([['u0'], ['u1'], ['u2']]);
    expect(results.slice(3).map((r) => r.code)).toEqual([
      grpc.status.RESOURCE_EXHAUSTED,
      grpc.status.RESOURCE_EXHAUSTED,
    ]);
    const [first, , last] = passed.map((r) => r.ms);
    expect(last! - first!).toBeGreaterThanOrEqual(350);
    expect(results[3]!.ms).toBeLessThan(first! + 150); // refused at once, not after waiting
  }, 60_000);

  it('a served call cancelled while it waits for its turn never reaches its handler; the calls around it are served', async () => {
    const policy = writePolicy({
      version: 1,
      flow: [{ id: 'relay-queue', resource: '/demo.hop.Hop/Relay', threshold: 5, shaping: 'queue', maxQueueMs: 1000 }],
    });
    const c = await start('c', { INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    let printed = '';
    c.child.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
    const client = hopClient(addr(c));
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + 5_000, (e) => (e ? reject(e) : resolve())),
    );
    const first = relay(client, { user: 'w0' });
    // The second call's turn is 200 ms away: the client cancels it after 50 ms.
    const second = new Promise<number>((resolve) => {
      const call = client.Relay!({ user: 'w1' }, (err: grpc.ServiceError | null) =>
        resolve(err ? err.code : 0),
      ) as grpc.ClientUnaryCall;
      setTimeout(() => call.cancel(), 50);
    });
    const third = relay(client, { user: 'w2' });
    const [a, b, c3] = await Promise.all([first, second, third]);
    client.close();
    expect([a.code, b, c3.code]).toEqual([0, grpc.status.CANCELLED, 0]);
    await new Promise((r) => setTimeout(r, 300)); // past the cancelled call's turn
    const served = [...printed.matchAll(/^SERVED (\S+)$/gm)].map((m) => m[1]);
    expect(served).toEqual(['w0', 'w2']);
  }, 60_000);

  it('queue shaping on a called method: the client call is held until its turn, nothing sent before; one that would wait too long fails unsent', async () => {
    const policy = writePolicy({
      version: 1,
      flow: [
        { id: 'relay-out-queue', resource: '/demo.hop.Hop/Relay', threshold: 5, shaping: 'queue', maxQueueMs: 500 },
      ],
    });
    const c = await start('c', {});
    const a = await start('a', { NEXT_ADDR: addr(c), INSTTS_POLICY: policy });
    const warmSince = receiver.spans().length;
    await get(`${a.url}/chain?user=warm`); // the channel is connected before the burst
    await traceOf(3, warmSince); // and C's span of it is in: it must not be counted below
    await new Promise((r) => setTimeout(r, 300));
    const since = receiver.spans().length;
    const started = Date.now();
    const results = await Promise.all(
      ['u0', 'u1', 'u2', 'u3', 'u4'].map(async (user) => {
        const answer = await get(`${a.url}/chain?user=${user}`);
        return { status: answer.status, body: JSON.parse(answer.body) as unknown, ms: Date.now() - started };
      }),
    );
    const passed = results.filter((r) => r.status === 200);
    expect(passed).toHaveLength(3);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused.map((r) => r.body)).toEqual([
      { code: grpc.status.RESOURCE_EXHAUSTED, details: 'Too Many Requests' },
      { code: grpc.status.RESOURCE_EXHAUSTED, details: 'Too Many Requests' },
    ]);
    const times = passed.map((r) => r.ms).sort((x, y) => x - y);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(350);
    // C's spans come in C's own exports: wait for those of the 3 calls, then a while for any other.
    await waitForSpansAt('svc-c', 'demo.hop.Hop/Relay', 3, since);
    await new Promise((r) => setTimeout(r, 500));
    // C served the 3 calls whose turn came; the refused ones never left A
    const relayAtC = receiver
      .spans()
      .slice(since)
      .filter((s) => s.resource['service.name'] === 'svc-c' && s.name === 'demo.hop.Hop/Relay');
    expect(relayAtC).toHaveLength(3);
  }, 60_000);

  it('a blocked outbound call fails before sending, with the same status on the client side', async () => {
    const policy = writePolicy({
      version: 1,
      behaviors: { busy: { type: 'respond', status: 429, body: 'no more counting' } },
      flow: [{ id: 'count-out', resource: '/demo.hop.Hop/Count', threshold: 1, behavior: 'busy' }],
    });
    const c = await start('c', {});
    const b = await start('b', { NEXT_ADDR: addr(c), INSTTS_POLICY: policy });
    const client = hopClient(addr(b));
    const since = receiver.spans().length;
    expect((await relay(client, { user: 'x', count: 1 })).code).toBe(0);
    expect(await relay(client, { user: 'x', count: 1 })).toEqual({
      code: grpc.status.RESOURCE_EXHAUSTED,
      details: 'C.Count: no more counting',
    });
    client.close();
    // C's span comes in C's own export: wait for it, then a while for any other.
    await waitForSpansAt('svc-c', 'demo.hop.Hop/Count', 1, since);
    await new Promise((r) => setTimeout(r, 500));
    // C saw one Count call: the blocked one never left B.
    const countAtC = receiver
      .spans()
      .slice(since)
      .filter((s) => s.resource['service.name'] === 'svc-c' && s.name === 'demo.hop.Hop/Count');
    expect(countAtC).toHaveLength(1);
  }, 60_000);
});

describe('circuit breakers and adaptive protection', () => {
  const wait = (ms: number): Promise<unknown> => new Promise((r) => setTimeout(r, ms));

  it('server side: 3 INTERNAL errors open the breaker, calls get its status without reaching the handler; a bad probe reopens, a good one closes', async () => {
    const policy = writePolicy({
      version: 1,
      behaviors: { open: { type: 'respond', status: 503, body: 'Relay circuit open' } },
      circuitBreakers: [
        {
          id: 'relay-errors',
          resource: '/demo.hop.Hop/Relay',
          strategy: 'errorCount',
          threshold: 3,
          minRequests: 3,
          openMs: 400,
          behavior: 'open',
        },
      ],
    });
    const c = await start('c', { INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const client = hopClient(addr(c));
    const broke = { code: grpc.status.INTERNAL, details: 'C broke' };
    const open = { code: grpc.status.RESOURCE_EXHAUSTED, details: 'Relay circuit open' };
    for (let i = 0; i < 3; i++) expect(await relay(client, { user: 'boom' })).toEqual(broke);
    // Open: a good call and a failing one alike get the breaker's status (the handler never runs).
    expect(await relay(client, { user: 'ann' })).toEqual(open);
    expect(await relay(client, { user: 'boom' })).toEqual(open);
    await wait(450);
    // Half-open: the probe fails, the breaker opens again.
    expect(await relay(client, { user: 'boom' })).toEqual(broke);
    expect(await relay(client, { user: 'ann' })).toEqual(open);
    await wait(450);
    // The method recovered: the probe passes and closes the breaker.
    expect(await relay(client, { user: 'ann' })).toMatchObject({ code: 0, reply: { words: ['ann'] } });
    for (const user of ['bob', 'cy', 'dee']) expect((await relay(client, { user })).code).toBe(0);
    client.close();
  }, 60_000);

  it('client side: slow calls open the breaker, calls fail before sending with its status; after openMs a fast probe closes it', async () => {
    const policy = writePolicy({
      version: 1,
      behaviors: { open: { type: 'fallback', throw: { message: 'Relay circuit open', code: 'UNAVAILABLE' } } },
      circuitBreakers: [
        {
          id: 'relay-slow',
          resource: '/demo.hop.Hop/Relay',
          strategy: 'slowRatio',
          slowRtMs: 100,
          threshold: 0.5,
          minRequests: 2,
          openMs: 400,
          behavior: 'open',
        },
      ],
    });
    const c = await start('c', {});
    const a = await start('a', { NEXT_ADDR: addr(c), INSTTS_POLICY: policy });
    const since = receiver.spans().length;
    const chain = async (user: string): Promise<{ status: number; body: unknown }> => {
      const answer = await get(`${a.url}/chain?user=${user}`);
      return { status: answer.status, body: JSON.parse(answer.body) };
    };
    expect(await chain('slow1')).toMatchObject({ status: 200, body: { words: ['slow1'] } });
    expect(await chain('slow2')).toMatchObject({ status: 200, body: { words: ['slow2'] } });
    const open = { status: 502, body: { code: grpc.status.UNAVAILABLE, details: 'Relay circuit open' } };
    expect(await chain('ann')).toEqual(open);
    expect(await chain('bob')).toEqual(open);
    await wait(450);
    expect(await chain('ann')).toMatchObject({ status: 200, body: { words: ['ann'] } });
    expect(await chain('bob')).toMatchObject({ status: 200, body: { words: ['bob'] } });
    // C's spans come in C's own exports: wait for those of the 4 calls, then a while for any other.
    await waitForSpansAt('svc-c', 'demo.hop.Hop/Relay', 4, since);
    await wait(500);
    // C served the 2 slow calls, the probe and the call after it: the 2 blocked ones never left A.
    const relayAtC = receiver
      .spans()
      .slice(since)
      .filter((s) => s.resource['service.name'] === 'svc-c' && s.name === 'demo.hop.Hop/Relay');
    expect(relayAtC).toHaveLength(4);
  }, 60_000);

  /**
   * `n` concurrent slow Relay calls (150 ms each) after one warm-up call. The warm-up loads the
   * governance engine, whose CPU sampler reads 0 until its first sample: the burst waits 300 ms
   * more, so it meets a sampled CPU usage (on a loaded machine the engine can finish loading
   * after the warm-up call).
   */
  async function burst(client: HopClient, n: number): Promise<Array<{ code: number; details: string }>> {
    expect((await relay(client, { user: 'warm-up' })).code).toBe(0);
    await wait(300);
    return Promise.all(Array.from({ length: n }, (_, i) => relay(client, { user: `slow${i}` })));
  }

  it('adaptive: while CPU is at the threshold, calls beyond the in-flight limit get RESOURCE_EXHAUSTED; below it, none', async () => {
    const adaptivePolicy = (cpu: Record<string, unknown>): string =>
      writePolicy({
        version: 1,
        behaviors: { overloaded: { type: 'respond', status: 503, body: 'C is overloaded' } },
        adaptive: { mode: 'on', behavior: 'overloaded', ...cpu },
      });
    // Every CPU sample (10 ms, unsmoothed) is at or above a threshold this low: overload is on.
    const hot = await start('c', {
      INSTTS_POLICY: adaptivePolicy({ cpuThreshold: 1e-9, sampleMs: 10, cpuDecay: 0 }),
      OTEL_SDK_DISABLED: 'true',
    });
    // Smoothed over 250 ms samples, an idle server stays far below 90 %: no overload.
    const cool = await start('c', { INSTTS_POLICY: adaptivePolicy({ cpuThreshold: 0.9 }), OTEL_SDK_DISABLED: 'true' });
    const hotClient = hopClient(addr(hot));
    const coolClient = hopClient(addr(cool));
    const underLoad = await burst(hotClient, 10);
    const passed = underLoad.filter((r) => r.code === 0).length;
    const dropped = underLoad.filter((r) => r.code === grpc.status.RESOURCE_EXHAUSTED);
    // The warm-up (150 ms, one call per 100 ms bucket) allows 1 × 150 × 10 / 1000 + 0.5 → 2 in flight: at most 2 pass.
    expect(passed).toBeGreaterThanOrEqual(1);
    expect(passed).toBeLessThanOrEqual(2);
    expect(passed + dropped.length).toBe(10);
    expect(new Set(dropped.map((r) => r.details))).toEqual(new Set(['C is overloaded']));
    expect((await burst(coolClient, 10)).map((r) => r.code)).toEqual(Array(10).fill(0));
    hotClient.close();
    coolClient.close();
  }, 60_000);

  it('adaptive protection leaves outbound gRPC calls alone (kind rpc-out)', async () => {
    const policy = writePolicy({
      version: 1,
      adaptive: { mode: 'on', cpuThreshold: 1e-9, sampleMs: 10, cpuDecay: 0, exclude: ['GET:/chain'] },
    });
    const c = await start('c', { OTEL_SDK_DISABLED: 'true' });
    const a = await start('a', { NEXT_ADDR: addr(c), INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    expect((await get(`${a.url}/chain?user=warm-up`)).status).toBe(200);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => get(`${a.url}/chain?user=slow${i}`)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
  }, 60_000);
});

describe('lanes', () => {
  it('a request with the lane header reaches the gray gRPC instance, and the baseline once the gray one is removed', async () => {
    const c = await start('c', { NAME: 'c' });
    const cGray = await start('c', { NAME: 'c-gray', INSTTS_TAG: 'gray' });
    const lanePolicy = (withGray: boolean): unknown => ({
      version: 1,
      lanes: {
        groups: [{ name: 'demo', entry: 'svc-a', services: ['svc-a', 'svc-b', 'svc-c'] }],
        lanes: [
          {
            name: 'gray-users',
            group: 'demo',
            tag: 'gray',
            enabled: true,
            match: { condition: 'and', items: [{ type: 'header', name: 'x-user', op: '==', value: 'gray-user' }] },
          },
        ],
      },
      services: {
        'svc-c': { instances: [{ address: addr(c) }, ...(withGray ? [{ address: addr(cGray), tag: 'gray' }] : [])] },
      },
    });
    const policy = writePolicy(lanePolicy(true));
    const env = { INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' };
    const b = await start('b', { ...env, NEXT_ADDR: addr(c), INSTTS_SERVICE: 'svc-b' });
    const a = await start('a', { ...env, NEXT_ADDR: addr(b), INSTTS_SERVICE: 'svc-a' });
    const servedBy = async (headers: Record<string, string>): Promise<string> =>
      JSON.parse((await get(`${a.url}/chain?count=1`, headers)).body).servedBy as string;
    expect(await servedBy({ 'x-user': 'gray-user' })).toBe('c-gray');
    expect(await servedBy({ 'x-user': 'someone' })).toBe('c');
    expect(await servedBy({})).toBe('c');
    fs.writeFileSync(policy, JSON.stringify(lanePolicy(false)));
    await cGray.stop();
    const deadline = Date.now() + 5_000;
    let now = '';
    while (Date.now() < deadline && (now = await servedBy({ 'x-user': 'gray-user' }).catch(() => 'error')) !== 'c')
      await new Promise((r) => setTimeout(r, 100));
    expect(now).toBe('c');
  }, 60_000);
});

describe('metrics', () => {
  it('OTEL_METRICS_EXPORTER=otlp: rpc.client.duration and rpc.server.duration per method and status, one point per call', async () => {
    const env = { OTEL_METRICS_EXPORTER: 'otlp', OTEL_METRIC_EXPORT_INTERVAL: '200', OTEL_TRACES_EXPORTER: 'none' };
    const c = await start('c', env);
    const b = await start('b', { ...env, NEXT_ADDR: addr(c) });
    const a = await start('a', { ...env, NEXT_ADDR: addr(b) });
    const before = receiver.metricPoints().length;
    for (let i = 0; i < 3; i++) expect((await get(`${a.url}/chain?user=ann&count=2&fail=1`)).status).toBe(200);
    /** name → service → `method status error` → count, from the latest cumulative points. */
    const counts = (): Record<string, number> => {
      const latest = new Map<string, { count: number; time: bigint }>();
      for (const p of receiver.metricPoints().slice(before)) {
        if (!p.name.startsWith('rpc.')) continue;
        const key =
          `${p.resource['service.name']} ${p.name} ${p.attributes['rpc.method']} ${p.attributes['rpc.grpc.status_code']} ${p.attributes['error.type'] ?? ''}`.trim();
        const seen = latest.get(key);
        if (seen === undefined || BigInt(p.timeUnixNano) >= seen.time)
          latest.set(key, { count: p.count, time: BigInt(p.timeUnixNano) });
      }
      return Object.fromEntries([...latest].map(([k, v]) => [k, v.count]));
    };
    const expected = {
      'svc-a rpc.client.duration Relay 0': 3,
      'svc-b rpc.server.duration Relay 0': 3,
      'svc-b rpc.client.duration Count 0': 3,
      'svc-b rpc.client.duration Fail 9 FAILED_PRECONDITION': 3,
      'svc-c rpc.server.duration Count 0': 3,
      // FAILED_PRECONDITION is the client's error, not the server's (OTel RPC conventions).
      'svc-c rpc.server.duration Fail 9': 3,
    };
    const deadline = Date.now() + 10_000;
    const sorted = (o: Record<string, number>): string => JSON.stringify(Object.entries(o).sort());
    while (sorted(counts()) !== sorted(expected) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(counts()).toEqual(expected);
    const relay = receiver
      .metricPoints()
      .slice(before)
      .find((p) => p.name === 'rpc.client.duration')!;
    expect(relay).toMatchObject({ unit: 'ms', type: 'histogram' });
    expect(relay.attributes).toMatchObject({ 'rpc.system': 'grpc', 'rpc.service': 'demo.hop.Hop' });
  }, 60_000);
});
