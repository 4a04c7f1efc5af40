// Governance promises checked over real HTTP on express, fastify, koa and plain node:http (the
// services of test/fixtures/http-chain built with `instts build --rules instts:http`):
// `resources[].match`, queue shaping that waits (inbound and outbound), bulkheads that hold when
// clients give up, a bounded resource table under a flood of random paths, a warning for a rule
// whose resource never occurs, and a breaker that stays open when its rule is edited.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChain, get, startService, stopAll, type Service, type ServiceName } from './services.js';

let build: Awaited<ReturnType<typeof buildChain>>;
let dir: string;
const FRAMEWORKS: ServiceName[] = ['a-express', 'b-fastify', 'c-koa', 'd-node'];

beforeAll(async () => {
  build = await buildChain('esm');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-holes-'));
}, 120_000);

afterAll(async () => {
  await stopAll();
  fs.rmSync(dir, { recursive: true, force: true });
  if (build) fs.rmSync(build.dir, { recursive: true, force: true });
});

let files = 0;
function policyFile(body: unknown): string {
  const file = path.join(dir, `policy-${files++}.json`);
  fs.writeFileSync(file, JSON.stringify(body));
  return file;
}

const ENV = { OTEL_TRACES_EXPORTER: 'none', NEXT_URL: 'http://127.0.0.1:9' };

async function start(name: ServiceName, policy: unknown, env: Record<string, string> = {}): Promise<Service> {
  return startService(build.file(name), { ...ENV, INSTTS_POLICY: policyFile(policy), ...env });
}

/** A GET whose client gives up after `abortAfterMs` (resolves either way). */
function impatient(url: string, abortAfterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', resolve);
      res.on('error', () => resolve());
    });
    req.on('error', () => resolve());
    setTimeout(() => {
      req.destroy();
      resolve();
    }, abortAfterMs);
  });
}

describe.each(FRAMEWORKS)('%s', (name) => {
  it('resources[].match names the resource: a threshold of 2 on "order.get" passes 2 of 6', async () => {
    // The route template where a framework routes; a plain node:http server matches the path.
    const match = name === 'd-node' ? { method: 'GET', path: '/orders/7' } : { method: 'GET', route: '/orders/:id' };
    const s = await start(name, {
      resources: [{ id: 'order.get', kind: 'http-in', match }],
      flow: [{ resource: 'order.get', threshold: 2, window: { ms: 10000 } }],
    });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await get(`${s.url}/orders/7`)).status);
    expect(answers).toEqual([200, 200, 429, 429, 429, 429]);
    await s.stop();
  });

  it('a hotspot rule on a route parameter limits each value on its own (plain node:http: it says it has none)', async () => {
    const routed = name !== 'd-node';
    const s = await start(name, {
      hotspot: [
        {
          id: 'per-order',
          // a plain node:http server's resources are its paths
          resource: routed ? 'GET:/orders/:id' : 'GET:/orders/7',
          param: { from: 'path', name: 'id' },
          threshold: 2,
          durationSec: 10,
        },
      ],
    });
    const seven = [];
    for (let i = 0; i < 4; i++) seven.push((await get(`${s.url}/orders/7`)).status);
    const eight = [];
    for (let i = 0; i < 2; i++) eight.push((await get(`${s.url}/orders/8`)).status);
    if (routed) {
      expect(seven).toEqual([200, 200, 429, 429]);
      expect(eight).toEqual([200, 200]);
      expect(s.output()).not.toContain("'per-order'");
    } else {
      expect(seven).toEqual([200, 200, 200, 200]);
      expect(await waitFor(s, /per-order/)).toBe(
        "instts: policy hotspot rule 'per-order' on resource 'GET:/orders/7' reads route parameter \"id\", which an inbound HTTP request no framework routed (plain node:http, governed by its path) never carries (it carries headers, query parameters and the client address); the rule never applies to those calls",
      );
    }
    await s.stop();
  });

  it('shaping "queue" at 10/s passes a burst of 6 concurrent requests, spaced about 100 ms apart', async () => {
    const s = await start(name, {
      flow: [{ resource: 'GET:/busy', threshold: 10, shaping: 'queue', maxQueueMs: 1000 }],
    });
    const t0 = performance.now();
    const done: number[] = [];
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        get(`${s.url}/busy?ms=1`).then((a) => (done.push(performance.now() - t0), a.status)),
      ),
    );
    expect(answers).toEqual([200, 200, 200, 200, 200, 200]);
    // Five waits of 100 ms: the last answer cannot come before 500 ms after the first call.
    expect(Math.max(...done)).toBeGreaterThanOrEqual(450);
    // Beyond maxQueueMs the queue refuses instead of growing: 20 at once, 1 s of queue, 10/s.
    const flood = await Promise.all(Array.from({ length: 20 }, () => get(`${s.url}/busy?ms=1`)));
    expect(flood.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(8);
    await s.stop();
  });

  it('an isolation limit of 3 holds while clients give up after 20 ms: the slot is freed when the handler ends', async () => {
    const s = await start(name, { isolation: [{ resource: 'GET:/busy', maxConcurrency: 3 }] });
    await get(`${s.url}/peak`);
    for (let wave = 0; wave < 3; wave++) {
      await Promise.all(Array.from({ length: 12 }, () => impatient(`${s.url}/busy?ms=200`, 20)));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(Number((await get(`${s.url}/peak`)).body)).toBeLessThanOrEqual(3);
    // Once the handlers have ended, the slots are back.
    const after = await Promise.all(Array.from({ length: 3 }, () => get(`${s.url}/busy?ms=1`)));
    expect(after.map((a) => a.status)).toEqual([200, 200, 200]);
    await s.stop();
  });
});

describe('outbound (fetch, express A → fastify B)', () => {
  it('a declared http-out resource matched by host and port takes a queue rule: 6 concurrent calls all pass, spaced', async () => {
    const c = await startService(build.file('c-koa'), ENV);
    const b = await startService(build.file('b-fastify'), { ...ENV, NEXT_URL: c.url });
    const a = await start(
      'a-express',
      {
        resources: [{ id: 'to-b', kind: 'http-out', match: { host: '127.0.0.1', port: b.port } }],
        flow: [{ resource: 'to-b', threshold: 10, shaping: 'queue', maxQueueMs: 1000 }],
      },
      { NEXT_URL: b.url },
    );
    const t0 = performance.now();
    const done: number[] = [];
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        get(`${a.url}/chain/${i}`).then((x) => (done.push(performance.now() - t0), x.status)),
      ),
    );
    expect(answers).toEqual([200, 200, 200, 200, 200, 200]);
    expect(Math.max(...done)).toBeGreaterThanOrEqual(450);
    await Promise.all([a.stop(), b.stop(), c.stop()]);
  });

  it('http.request (fastify B → koa C) waits its turn too: the request is handed to its agent when the turn comes', async () => {
    const c = await startService(build.file('c-koa'), ENV);
    const b = await start(
      'b-fastify',
      {
        resources: [{ id: 'to-c', kind: 'http-out', match: { host: '127.0.0.1', port: c.port } }],
        flow: [{ resource: 'to-c', threshold: 10, shaping: 'queue', maxQueueMs: 1000 }],
      },
      { NEXT_URL: c.url },
    );
    const t0 = performance.now();
    const done: number[] = [];
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        get(`${b.url}/chain/${i}`).then((x) => (done.push(performance.now() - t0), x.status)),
      ),
    );
    expect(answers).toEqual([200, 200, 200, 200, 200, 200]);
    expect(Math.max(...done)).toBeGreaterThanOrEqual(450);
    // beyond maxQueueMs: refused, through the request's 'error' event (fastify answers 500)
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => get(`${b.url}/chain/${i}`).then((x) => x.status)),
    );
    expect(burst.filter((s) => s === 200).length).toBeGreaterThanOrEqual(10);
    expect(burst.filter((s) => s === 200).length).toBeLessThanOrEqual(12);
    expect(burst.filter((s) => s === 500).length).toBe(20 - burst.filter((s) => s === 200).length);
    await Promise.all([b.stop(), c.stop()]);
  });
});

describe('bounded resources (plain node:http, one resource per path)', () => {
  it('5000 random paths keep the resource table, /metrics and RSS bounded', async () => {
    const s = await start('d-node', { flow: [{ resource: 'GET:/limited', threshold: 1 }] }, { INSTTS_ADMIN_PORT: '0' });
    const admin = Number(
      /admin endpoint on http:\/\/127\.0\.0\.1:(\d+)/.exec(await waitFor(s, /admin endpoint on/))![1],
    );
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const one = (p: string): Promise<void> =>
      new Promise((resolve, reject) => {
        http.get(`${s.url}${p}`, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject);
      });
    const rssBefore = Number((await get(`${s.url}/rss`)).body);
    for (let i = 0; i < 5000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, () => one(`/r/${Math.random().toString(36).slice(2)}`)));
    }
    agent.destroy();
    const rssAfter = Number((await get(`${s.url}/rss`)).body);
    const metrics = await get(`http://127.0.0.1:${admin}/metrics`);
    const view = JSON.parse((await get(`http://127.0.0.1:${admin}/policy`)).body) as { resourceCount: number };
    expect(view.resourceCount).toBeLessThanOrEqual(202); // 200 unnamed, the named one, "(other)"
    expect(metrics.body).toContain('resource="(other)"');
    expect(metrics.body.length).toBeLessThan(2_000_000);
    console.log(
      `flood of 5000 paths: /metrics ${metrics.body.length} bytes, RSS ${(rssBefore / 1e6).toFixed(1)} → ${(rssAfter / 1e6).toFixed(1)} MB`,
    );
    await s.stop();
  }, 60_000);
});

describe('silent misconfiguration', () => {
  it('a rule naming a resource no request enters is reported in one line with the closest names, and in the admin view', async () => {
    const s = await start(
      'c-koa',
      { flow: [{ id: 'greet-typo', resource: 'GET /greet', threshold: 5 }] },
      { INSTTS_UNSEEN_RESOURCE_MS: '400', INSTTS_ADMIN_PORT: '0' },
    );
    const admin = Number(
      /admin endpoint on http:\/\/127\.0\.0\.1:(\d+)/.exec(await waitFor(s, /admin endpoint on/))![1],
    );
    await get(`${s.url}/greet`);
    const line = await waitFor(s, /greet-typo/);
    expect(line).toBe(
      `instts: policy rule 'greet-typo' names resource "GET /greet", which no call has entered in 0.4 s; closest seen: "GET:/greet"`,
    );
    const view = JSON.parse((await get(`http://127.0.0.1:${admin}/policy`)).body) as {
      warnings: Array<{ rule: string; message: string }>;
    };
    expect(view.warnings.map((w) => w.message)).toContain(line);
    await s.stop();
  });
});

describe('editing a rule', () => {
  it('an open breaker stays open when openMs is lengthened, and across an admin disable / enable', async () => {
    const breaker = {
      id: 'fail-errors',
      resource: 'GET:/fail',
      strategy: 'errorCount',
      threshold: 2,
      minRequests: 2,
      openMs: 1500,
    };
    const file = policyFile({ circuitBreakers: [breaker] });
    const s = await startService(build.file('d-node'), {
      ...ENV,
      INSTTS_POLICY: file,
      INSTTS_ADMIN_PORT: '0',
      INSTTS_ADMIN_TOKEN: 't',
    });
    const admin = Number(
      /admin endpoint on http:\/\/127\.0\.0\.1:(\d+)/.exec(await waitFor(s, /admin endpoint on/))![1],
    );
    expect((await get(`${s.url}/fail`)).status).toBe(500);
    expect((await get(`${s.url}/fail`)).status).toBe(500);
    expect((await get(`${s.url}/fail`)).status).toBe(429); // open
    fs.writeFileSync(file, JSON.stringify({ circuitBreakers: [{ ...breaker, openMs: 60000 }] }));
    await waitFor(s, /policy .* (re)?loaded|applied/i, 3000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1700)); // past the old openMs
    expect((await get(`${s.url}/fail`)).status).toBe(429);
    for (const action of ['disable', 'enable']) {
      const answer = await post(`http://127.0.0.1:${admin}/rules/fail-errors/${action}`, 't');
      expect(answer).toBe(200);
    }
    expect((await get(`${s.url}/fail`)).status).toBe(429);
    await s.stop();
  });
});

function post(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${token}` }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The first output line of `s` that matches `pattern` (waits up to `ms`). */
async function waitFor(s: Service, pattern: RegExp, ms = 5000): Promise<string> {
  const until = performance.now() + ms;
  for (;;) {
    const line = s
      .output()
      .split('\n')
      .find((l) => pattern.test(l));
    if (line !== undefined) return line;
    if (performance.now() > until) throw new Error(`no line matching ${pattern} in:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
