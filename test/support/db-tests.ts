// What the database client tests (src/instrumentations/{pg,mysql2,ioredis,node-redis}) share:
// reading a trace from the OTLP receiver, writing a policy file, an answer's JSON, and sampling
// the server's own count of busy calls while a load runs.

import fs from 'node:fs';
import path from 'node:path';
import type { Answer } from '../http/services.js';
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
