// The `govern` action's http adapter on a function that is not always called as a node:http
// handler: (IncomingMessage, ServerResponse) calls are governed; other calls run ungoverned, and
// one stderr line per site says so instead of nothing.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { instts, ROOT } from '../cli-helpers.js';
import { run } from '../tracing/helpers.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'govern-http-adapter');
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-govern-http-adapter-'));
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

it('governs (req, res) calls and reports other calls once', async () => {
  const built = await instts(
    ['build', '--rules', 'rules.json', '--entry', 'src/main.ts', '--outDir', outDir, '--no-typecheck'],
    FIXTURE,
  );
  expect(built.code, built.stderr).toBe(0);
  const result = await run(path.join(outDir, 'main.js'), { INSTTS_POLICY: path.join(FIXTURE, 'policy.json') });
  expect(result.code, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({ status: 429, framework: ['handled', 'handled'] });
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/rule 'orders-handler' governs src\/main\.ts:\d+ handleOrders with adapter "http"/);
  expect(lines[0]).toMatch(/not governed/);
}, 60_000);
