// The seed demo end to end (scripts/demo-lib.mjs, the code `npm run demo` runs): gateway
// (node:http) → A (express) → B (fastify) → C (koa + @koa/router), two A baselines, A-gray,
// C-gray, built with `instts build --rules instts:http --rules instts:grpc` and run on 127.0.0.1
// with one policy file (B and C also serve gRPC: /greet-grpc goes A → B → C over gRPC). The demo's
// four outcomes, then lanes under changes and load: a percentage lane, C-gray removed at run time
// (over HTTP and gRPC), and 50 concurrent requests of both lanes.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { laneBucket } from '../src/runtime/lanes/hash.js';
import {
  GRAY_USER,
  REFUSAL_BODY,
  buildDemo,
  flowCase,
  grayCases,
  grpcCase,
  startDemo,
  tagsOf,
  traceOneRequest,
  type Demo,
  type DemoPolicy,
  type Hop,
} from '../scripts/demo-lib.mjs';

let outDir: string;
let demo: Demo | undefined;

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-demo-test-'));
  await buildDemo({ outDir });
  demo = await startDemo({ outDir, ports: 'free', lifetimeMs: 120_000 });
}, 60_000);

afterAll(async () => {
  await demo?.stop();
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
}, 20_000);

const running = (): Demo => {
  if (demo === undefined) throw new Error('the demo did not start');
  return demo;
};

/** The addresses of the instances of `service` with `tag`. */
function addresses(service: string, tag: string, of: Demo = running()): string[] {
  return of.processes.filter((p) => p.service === service && p.tag === tag).map((p) => p.address);
}

/** `gateway a:gray b c:gray`: each hop's service, with its tag unless baseline. */
function lanesOf(hops: Hop[] | undefined): string {
  return (hops ?? []).map((h) => (h.tag === 'base' ? h.service : `${h.service}:${h.tag}`)).join(' ');
}

const ALL_BASE = 'gateway a b c';
const GRAY_PATH = 'gateway a:gray b c:gray';

async function chainFor(user: string | undefined): Promise<string> {
  const answer = await running().get('/a/greet', user === undefined ? {} : { 'x-user-uuid': user });
  expect(answer.status, answer.body).toBe(200);
  return lanesOf(answer.hops);
}

/** Polls until `probe` holds (every 25 ms); resolves with the milliseconds it took. */
async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Writes `policy` and waits until the services follow it, as `effective` tells. */
async function switchPolicy(policy: DemoPolicy, effective: () => Promise<boolean>): Promise<void> {
  running().writePolicy(policy);
  await until(effective, 5_000, 'the new policy taking effect');
}

const restoreBasePolicy = (): Promise<void> =>
  switchPolicy(
    running().policy(),
    async () => (await chainFor(GRAY_USER)) === GRAY_PATH && (await chainFor(firstUserInBucketBelow(30))) === ALL_BASE,
  );

function firstUserInBucketBelow(percent: number): string {
  for (let i = 0; ; i++) if (laneBucket(`probe-${i}`) < percent) return `probe-${i}`;
}

/** The demo's three outcomes, for a demo however it was built. */
function demoCases(current: () => Demo): void {
  it('1. traces one request across G → A → B → C: one tree, SERVER and CLIENT alternating', async () => {
    const traced = await traceOneRequest(current());
    for (const c of traced.checks) expect(c.ok, c.text).toBe(true);
    const descent: string[] = [];
    for (let n = traced.tree[0]; n; n = n.children[0]) descent.push(`${n.span.kind} ${n.span.service}`);
    expect(descent).toEqual([
      'SERVER gateway',
      'CLIENT gateway',
      'SERVER a',
      'CLIENT a',
      'SERVER b',
      'CLIENT b',
      'SERVER c',
    ]);
    expect(new Set(traced.spans.map((s) => s.traceId))).toEqual(new Set([traced.traceId]));
    expect(traced.spans.find((s) => s.service === 'a' && s.kind === 'SERVER')?.attributes['http.route']).toBe('/greet');
  });

  it('4. crosses gRPC hops (A → B → C, demo.Greeter/Greet) in the same trace, and the gray lane routes through them', async () => {
    const grpc = await grpcCase(current());
    for (const c of grpc.checks) expect(c.ok, c.text).toBe(true);
    const descent: string[] = [];
    for (let n = grpc.tree[0]; n; n = n.children[0]) descent.push(`${n.span.kind} ${n.span.service} ${n.span.name}`);
    expect(descent.slice(-5)).toEqual([
      'SERVER a GET /greet-grpc',
      'CLIENT a demo.Greeter/Greet',
      'SERVER b demo.Greeter/Greet',
      'CLIENT b demo.Greeter/Greet',
      'SERVER c demo.Greeter/Greet',
    ]);
    const clientA = grpc.spans.find((s) => s.service === 'a' && s.kind === 'CLIENT')!;
    const clientB = grpc.spans.find((s) => s.service === 'b' && s.kind === 'CLIENT')!;
    expect(`${clientA.attributes['server.address']}:${clientA.attributes['server.port']}`).toBe(current().grpc.b.base);
    expect(`${clientB.attributes['server.address']}:${clientB.attributes['server.port']}`).toBe(current().grpc.c.base);
    expect(clientB.attributes).toMatchObject({
      'rpc.system': 'grpc',
      'rpc.service': 'demo.Greeter',
      'rpc.method': 'Greet',
    });
    expect(grpc.lanes.map((c) => lanesOf(c.answer.hops))).toEqual([ALL_BASE, ALL_BASE, GRAY_PATH]);
    // The gray user: A-gray, B's baseline (no gray copy), then C-gray, reached over gRPC.
    expect(grpc.lanes[2]!.answer.hops![1]!.addr).toBe(addresses('a', 'gray', current())[0]);
    expect(grpc.lanes[2]!.answer.hops![3]!.addr).toBe(addresses('c', 'gray', current())[0]);
  });

  it("2. refuses beyond QPS 1 on A's GET:/greet1a with the policy's 429; B sees at most about 2 per second", async () => {
    const flow = await flowCase(current(), { rps: 5, seconds: 3 });
    expect(flow.other, `statuses ${flow.statuses.join(' ')}`).toBe(0);
    expect(flow.passed + flow.refused).toBe(15);
    expect(flow.refused).toBeGreaterThan(0);
    expect(flow.refusalBodies).toEqual([REFUSAL_BODY]);
    expect(flow.refusalContentTypes[0]).toMatch(/^text\/plain/);
    // Both A baselines served and limited (the gateway alternates); each lets about 1/s through.
    expect(Object.keys(flow.perA).sort()).toEqual(addresses('a', 'base', current()).sort());
    for (const n of Object.values(flow.perA)) {
      expect(n.passed).toBeGreaterThanOrEqual(1);
      expect(n.passed).toBeLessThanOrEqual(flow.seconds + 1);
    }
    // Counted at B (its SERVER spans): only what A let through, about 2 per second.
    expect(flow.atB).toBe(flow.passed);
    expect(flow.atB).toBeGreaterThanOrEqual(2);
    expect(flow.atB).toBeLessThanOrEqual(2 * flow.seconds + 2);
  });

  it('3. gray cases: no x-user-uuid and x-user-uuid 1 → all baseline; 123456789 → A-gray → B → C-gray', async () => {
    const cases = await grayCases(current());
    expect(cases.map((c) => lanesOf(c.answer.hops))).toEqual([ALL_BASE, ALL_BASE, GRAY_PATH]);
    for (const c of cases) expect(c.ok, c.label).toBe(true);
    const gray = cases[2]!.answer.hops!;
    expect(gray[1]!.addr).toBe(addresses('a', 'gray', current())[0]);
    expect(gray[2]!.addr).toBe(addresses('b', 'base', current())[0]);
    expect(gray[3]!.addr).toBe(addresses('c', 'gray', current())[0]);
    expect(tagsOf(cases[0]!.answer.hops)).toEqual({ gateway: 'base', a: 'base', b: 'base', c: 'base' });
    // A lane tag sent from outside is not trusted at the entry (inbound "strip"): the rules decide.
    const forged = await current().get('/a/greet', { baggage: 'instts.lane=gray', 'x-mse-tag': 'gray' });
    expect(lanesOf(forged.hops)).toBe(ALL_BASE);
  });
}

describe('the seed demo (npm run demo)', () => demoCases(running));

// The same services built `--no-bundle`: the frameworks load from node_modules and get their
// hooks at load time. Same trace shape, same 429s, same lane routing.
describe('the seed demo built --no-bundle', () => {
  let noBundleDir: string;
  let noBundle: Demo | undefined;
  beforeAll(async () => {
    noBundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-demo-no-bundle-'));
    const build = await buildDemo({ outDir: noBundleDir, noBundle: true });
    noBundle = await startDemo({ outDir: noBundleDir, ports: 'free', lifetimeMs: 120_000, nodeArgs: build.nodeArgs });
  }, 90_000);
  afterAll(async () => {
    await noBundle?.stop();
    if (noBundleDir) fs.rmSync(noBundleDir, { recursive: true, force: true });
  }, 20_000);
  demoCases(() => {
    if (noBundle === undefined) throw new Error('the --no-bundle demo did not start');
    return noBundle;
  });
});

describe('lanes across the running demo', () => {
  it('keeps each request in its own lane through timers, promise chains and 50 concurrent requests', async () => {
    // Every service awaits a random 1–4 ms timer and a promise chain before its call, so these
    // interleave in every process.
    const users = Array.from({ length: 50 }, (_, i) =>
      i % 3 === 0 ? GRAY_USER : i % 3 === 1 ? `user-${i}` : undefined,
    );
    const answers = await Promise.all(
      users.map((u) => running().get('/a/greet', u === undefined ? {} : { 'x-user-uuid': u })),
    );
    answers.forEach((answer, i) => {
      expect(answer.status, answer.body).toBe(200);
      expect(lanesOf(answer.hops), `request ${i} (x-user-uuid ${users[i] ?? 'none'})`).toBe(
        users[i] === GRAY_USER ? GRAY_PATH : ALL_BASE,
      );
    });
  });

  it('a percentage lane puts the same user in the same lane every time, and about its share of users', async () => {
    const policy = running().policy();
    policy.lanes.lanes[0]!.match = {
      condition: 'and',
      items: [{ type: 'header', name: 'x-user-uuid', op: 'percentage', value: 30 }],
    };
    const inBucket = firstUserInBucketBelow(30);
    await switchPolicy(policy, async () => (await chainFor(inBucket)) === GRAY_PATH);
    try {
      const users = Array.from({ length: 200 }, (_, i) => `customer-${i}`);
      const lanes: string[] = [];
      for (let i = 0; i < users.length; i += 25)
        lanes.push(...(await Promise.all(users.slice(i, i + 25).map(chainFor))));
      // Each user is where the documented hash puts it, A and C both gray or both baseline.
      users.forEach((u, i) => expect(lanes[i], u).toBe(laneBucket(u) < 30 ? GRAY_PATH : ALL_BASE));
      const share = lanes.filter((l) => l === GRAY_PATH).length / users.length;
      expect(share).toBeGreaterThanOrEqual(0.2);
      expect(share).toBeLessThanOrEqual(0.4);
      // Asked again (three more times each, concurrently): the same lane.
      const again = users.slice(0, 40);
      for (let round = 0; round < 3; round++) {
        const repeat = await Promise.all(again.map(chainFor));
        repeat.forEach((l, i) => expect(l, again[i]).toBe(lanes[i]));
      }
    } finally {
      await restoreBasePolicy();
    }
  });

  it("removing C-gray from the policy at run time sends gray traffic to C's baseline within a second, over HTTP and gRPC", async () => {
    const grpcChainFor = async (user: string): Promise<string> => {
      const answer = await running().get('/a/greet-grpc', { 'x-user-uuid': user });
      expect(answer.status, answer.body).toBe(200);
      return lanesOf(answer.hops);
    };
    expect(await chainFor(GRAY_USER)).toBe(GRAY_PATH);
    expect(await grpcChainFor(GRAY_USER)).toBe(GRAY_PATH);
    const policy = running().policy();
    for (const service of ['c', 'c-grpc'])
      policy.services[service]!.instances = policy.services[service]!.instances.filter((i) => i.tag === undefined);
    running().writePolicy(policy);
    try {
      const ms = await until(
        async () =>
          (await chainFor(GRAY_USER)) === 'gateway a:gray b c' &&
          (await grpcChainFor(GRAY_USER)) === 'gateway a:gray b c',
        1_000,
        'gray traffic reaching C baseline',
      );
      expect(ms).toBeLessThanOrEqual(1_000);
      const overGrpc = await running().get('/a/greet-grpc', { 'x-user-uuid': GRAY_USER });
      expect(overGrpc.hops![3]!.addr).toBe(addresses('c', 'base')[0]);
      // From then on, every gray request: A-gray (still listed), B, C's baseline.
      const after = await Promise.all(
        Array.from({ length: 10 }, () => running().get('/a/greet', { 'x-user-uuid': GRAY_USER })),
      );
      for (const answer of after) {
        expect(lanesOf(answer.hops)).toBe('gateway a:gray b c');
        expect(answer.hops![3]!.addr).toBe(addresses('c', 'base')[0]);
      }
    } finally {
      await restoreBasePolicy();
    }
  });
});
