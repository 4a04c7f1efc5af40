// What the database client tests (src/instrumentations/{pg,mysql2,ioredis,node-redis}) share:
// reading a trace from the OTLP receiver, writing a policy file, an answer's JSON, sampling the
// server's own count of busy calls while a load runs, and the governance scenarios every SQL or
// every Redis client goes through alike.

import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { get, type Answer, type Service } from '../http/services.js';
import type { DecodedSpan, OtlpReceiver } from './otlp-receiver.js';

/** The spans of the trace rooted at a SERVER span named `name` (received after `since`), once it has `n` spans. */
export async function traceOf(receiver: OtlpReceiver, name: string, n: number, since: number): Promise<DecodedSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const fresh = receiver.spans().slice(since);
    const root = fresh.find((s) => s.kind === 'SERVER' && s.parentSpanId === '' && s.name === name);
    const spans = root === undefined ? [] : fresh.filter((s) => s.traceId === root.traceId);
    if (spans.length >= n) return spans;
    if (Date.now() > deadline)
      throw new Error(
        `no trace of ${n} spans under ${name}; got ${fresh.map((s) => `${s.kind}:${s.name}`).join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `policy` as a new file in `dir`; its path. */
export function writePolicy(dir: string, policy: unknown): string {
  const policyFile = path.join(dir, `policy-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(policyFile, JSON.stringify(policy));
  return policyFile;
}

export const json = (answer: Answer): Record<string, unknown> => JSON.parse(answer.body) as Record<string, unknown>;

/** The largest `busy()` reading (the server's own count of this service's calls) while `load` runs, sampled every 10 ms. */
export async function peakWhile<T>(
  load: Promise<T>,
  busy: () => Promise<number>,
): Promise<{ result: T; most: number }> {
  let watching = true;
  let most = 0;
  const watcher = (async () => {
    while (watching) {
      most = Math.max(most, await busy());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const result = await load.finally(() => (watching = false));
  await watcher;
  return { result, most };
}

/** Starts the client's test service with `env` (a policy, OTEL_SDK_DISABLED…). */
type StartService = (env: Record<string, string>) => Promise<Service>;

/**
 * A breaker whose half-open calls wait for the probe's verdict, on a SQL service whose `/flaky`
 * route queries the table `flaky`: with the table dropped the breaker opens; half-open, the probe
 * fails and the calls that waited for it fail with BlockedError; with the table back, a probe
 * closes it and every call passes.
 */
export async function halfOpenWaitScenario(options: {
  dir: string;
  start: StartService;
  ruleId: string;
  resource: string;
  /** The database's own client, to drop and create the table. */
  sql: (statement: string) => Promise<unknown>;
}): Promise<void> {
  const { dir, start, ruleId, resource, sql } = options;
  const policy = writePolicy(dir, {
    version: 1,
    circuitBreakers: [
      {
        id: ruleId,
        resource,
        strategy: 'errorCount',
        threshold: 3,
        minRequests: 3,
        openMs: 300,
        recovery: { excessInHalfOpen: 'wait' },
      },
    ],
  });
  const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
  await sql('DROP TABLE flaky');
  try {
    for (let i = 0; i < 3; i++) expect((await get(`${service.url}/flaky`)).status).toBe(500);
    expect(json(await get(`${service.url}/flaky`))).toMatchObject({ name: 'BlockedError', ruleId });
    await new Promise((r) => setTimeout(r, 400));
    // half-open: the first is the probe (it fails: no table), the others wait for its verdict
    const answers = await Promise.all([1, 2, 3].map(() => get(`${service.url}/flaky`)));
    expect(answers.map((a) => a.status).sort()).toEqual([500, 503, 503]);
    for (const a of answers.filter((x) => x.status === 503))
      expect(json(a)).toMatchObject({ name: 'BlockedError', ruleId });
  } finally {
    await sql('CREATE TABLE flaky (id int)');
  }
  // the verdict was taken by the probe alone: once the table is back, a probe closes it
  await new Promise((r) => setTimeout(r, 400));
  const answers = await Promise.all([1, 2, 3].map(() => get(`${service.url}/flaky`)));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
}

/**
 * A queue-shaped rule on a Redis service's GETs (`/get?key=`): commands cannot wait, so some of 10
 * at once are blocked with BlockedError, and one warning names the rule and what cannot wait
 * (`command`, e.g. `an ioredis command`).
 */
export async function redisQueueScenario(options: {
  dir: string;
  start: StartService;
  /** Sets a key through the test's own client. */
  set: (key: string, value: string) => Promise<unknown>;
  command: string;
}): Promise<void> {
  const { dir, start, set, command } = options;
  const policy = writePolicy(dir, {
    version: 1,
    // GETs only: the service's own start-up commands are left alone
    resources: [{ id: 'redis-gets', kind: 'db', match: { system: 'redis', operation: 'GET' } }],
    flow: [{ id: 'db-queue', resource: 'redis-gets', threshold: 5, shaping: 'queue', maxQueueMs: 2000 }],
  });
  const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
  await set('queued-key', 'v');
  const answers = await Promise.all(Array.from({ length: 10 }, () => get(`${service.url}/get?key=queued-key`)));
  const blocked = answers.filter((a) => a.status === 503);
  expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(1);
  expect(blocked.length).toBeGreaterThanOrEqual(1);
  for (const a of blocked) expect(json(a)).toMatchObject({ name: 'BlockedError', ruleId: 'db-queue' });
  const warnings = service
    .output()
    .split('\n')
    .filter((line) => line.includes("policy rule 'db-queue'"));
  expect(warnings).toEqual([
    `instts: policy rule 'db-queue' on resource 'redis-gets' (a database call) has shaping "queue", but ${command} cannot wait for its turn: such calls are blocked at once instead (reported once; use shaping "reject" with the rate you mean, or govern the function that makes the call)`,
  ]);
}
