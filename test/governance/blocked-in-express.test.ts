// The policy reference's worked example "a blocked service method in an express 4 handler",
// built and run as the reference shows it: a governed async method blocked under load rejects
// with a BlockedError that the handler turns into a 503 (the process keeps serving), and a
// `fallback` behaviour with a value turns a block into that value.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instts, ROOT } from '../cli-helpers.js';
import { startService, stopAll } from '../http/services.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'blocked-in-express');
const REFERENCE = fs.readFileSync(path.join(ROOT, 'docs', 'policy-reference.md'), 'utf8');
let outDir: string;

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-blocked-express-'));
  const result = await instts(
    [
      'build',
      '--rules',
      'instts:http',
      '--rules',
      'rules.json',
      '--entry',
      'src/main.ts',
      '--outDir',
      outDir,
      '--format',
      'cjs',
      '--no-typecheck',
    ],
    FIXTURE,
  );
  expect(result.code, result.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await stopAll();
  fs.rmSync(outDir, { recursive: true, force: true });
});

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const r = await fetch(url);
  return { status: r.status, body: await r.json() };
}

describe('policy reference: a blocked service method in an express 4 handler', () => {
  it('the reference shows the example as it is tested', () => {
    const handler = fs.readFileSync(path.join(FIXTURE, 'src', 'main.ts'), 'utf8');
    const excerpt = handler.slice(
      handler.indexOf("app.get('/orders/:id'"),
      handler.indexOf('const server = app.listen'),
    );
    expect(REFERENCE).toContain(excerpt.trim());
    const policy = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'policy.json'), 'utf8'));
    expect(REFERENCE).toContain(JSON.stringify(policy.behaviors['no-price']));
  });

  it('a block becomes a 503 the handler chose, or the fallback value; the service keeps serving', async () => {
    const service = await startService(path.join(outDir, 'main.js'), {
      INSTTS_POLICY: path.join(FIXTURE, 'policy.json'),
    });
    const orders = await Promise.all(Array.from({ length: 5 }, (_, i) => get(`${service.url}/orders/o${i}`)));
    expect(orders.filter((r) => r.status === 200)).toHaveLength(2);
    expect(orders.filter((r) => r.status === 503).map((r) => r.body)).toEqual(
      Array(3).fill({ error: 'busy, try again' }),
    );
    const prices = await Promise.all(Array.from({ length: 4 }, () => get(`${service.url}/prices/abc`)));
    expect(prices.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(prices.filter((r) => JSON.stringify(r.body) === JSON.stringify({ sku: 'abc', price: 30 }))).toHaveLength(1);
    expect(
      prices.filter((r) => JSON.stringify(r.body) === JSON.stringify({ sku: 'unknown', price: null })),
    ).toHaveLength(3);
    // still up after the blocks: nothing went unhandled
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await get(`${service.url}/orders/late`)).status).toBe(200);
    expect(service.child.exitCode).toBeNull();
  });
});
