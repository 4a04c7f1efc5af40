// The `govern` action on functions: a program built with govern rules, run with and without a
// policy. Blocked sync calls get the behaviour's fallback value; blocked async calls reject with
// the typed error the behaviour describes; without INSTTS_POLICY every call runs.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instts, ROOT } from '../cli-helpers.js';
import { run } from '../tracing/helpers.js';
import { startOtlpReceiver } from '../support/otlp-receiver.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'govern-action');
let outDir: string;

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-govern-action-'));
  const result = await instts(
    ['build', '--rules', 'rules.json', '--entry', 'src/main.ts', '--outDir', outDir, '--no-typecheck'],
    FIXTURE,
  );
  expect(result.code, result.stderr).toBe(0);
}, 60_000);

afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

describe('govern action (function adapter)', () => {
  it('blocks beyond the flow limit: fallback values for sync calls, typed rejections for async calls', async () => {
    const result = await run(path.join(outDir, 'main.js'), { INSTTS_POLICY: path.join(FIXTURE, 'policy.json') });
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.quotes.map((q: string) => JSON.parse(q).sku)).toEqual(['abc', 'abc', 'cached', 'cached', 'cached']);
    expect(out.reservations).toEqual([
      'reserved r0',
      'reserved r1',
      'ReservationBlocked E_PAUSED flow reserve-qps inventory:reserve',
      'ReservationBlocked E_PAUSED flow reserve-qps inventory:reserve',
    ]);
    expect(result.stderr).toBe('');
  });

  it('without a policy every call runs (the sites keep the fast path)', async () => {
    const result = await run(path.join(outDir, 'main.js'), {});
    const out = JSON.parse(result.stdout);
    expect(out.quotes.every((q: string) => JSON.parse(q).sku === 'abc')).toBe(true);
    expect(out.reservations).toEqual(['reserved r0', 'reserved r1', 'reserved r2', 'reserved r3']);
  });

  it('a hotspot rule on a header, which a governed function never carries: one line says so', async () => {
    const policy = path.join(outDir, 'hotspot-header.json');
    fs.writeFileSync(
      policy,
      JSON.stringify({
        hotspot: [
          { id: 'per-user', resource: '.:Pricing.quote', param: { from: 'header', name: 'x-user' }, threshold: 0 },
        ],
      }),
    );
    const result = await run(path.join(outDir, 'main.js'), { INSTTS_POLICY: policy });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).quotes.every((q: string) => JSON.parse(q).sku === 'abc')).toBe(true);
    expect(result.stderr.trim().split('\n')).toEqual([
      `instts: policy hotspot rule 'per-user' on resource '.:Pricing.quote' reads header "x-user", which a function call (kind "function") never carries (it carries only its arguments (arg)); the rule never applies to those calls`,
    ]);
  });

  it("a blocked call is an instts.governance.blocked event on the caller's span, whatever its fallback", async () => {
    const tracedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-govern-action-traced-'));
    const receiver = await startOtlpReceiver();
    try {
      const built = await instts(
        [
          'build',
          '--rules',
          'rules.json',
          '--rules',
          'rules-traced.json',
          '--entry',
          'src/main.ts',
          '--outDir',
          tracedDir,
          '--no-typecheck',
        ],
        FIXTURE,
      );
      expect(built.code, built.stderr).toBe(0);
      const result = await run(path.join(tracedDir, 'main.js'), {
        INSTTS_POLICY: path.join(FIXTURE, 'policy.json'),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).reservations.slice(2)).toEqual([
        'ReservationBlocked E_PAUSED flow reserve-qps inventory:reserve',
        'ReservationBlocked E_PAUSED flow reserve-qps inventory:reserve',
      ]);
      const spans = receiver.spans();
      expect(spans.map((s) => s.name)).toEqual(['main']);
      const events = spans[0]!.events.filter((e) => e.name === 'instts.governance.blocked').map((e) => e.attributes);
      const quote = {
        'instts.governance.rule': 'quote-qps',
        'instts.governance.rule_type': 'flow',
        'instts.governance.resource': '.:Pricing.quote',
        'instts.governance.behavior': 'cachedQuote',
        'instts.governance.behavior_type': 'fallback',
      };
      const reserve = {
        'instts.governance.rule': 'reserve-qps',
        'instts.governance.rule_type': 'flow',
        'instts.governance.resource': 'inventory:reserve',
        'instts.governance.behavior': 'soldOut',
        'instts.governance.behavior_type': 'fallback',
      };
      // 5 quotes at 2 a second (3 answered by the fallback value), 4 reservations (2 rejected)
      expect(events).toEqual([quote, quote, quote, reserve, reserve]);
      expect(spans[0]!.status.code).toBe('UNSET'); // main caught the rejections: no error of its own
    } finally {
      await receiver.close();
      fs.rmSync(tracedDir, { recursive: true, force: true });
    }
  });

  it('a broken policy file: calls pass (fail open) and one line names the problem', async () => {
    const broken = path.join(outDir, 'broken.json');
    fs.writeFileSync(broken, JSON.stringify({ flow: [{ id: 'x', resource: 'inventory:reserve', threshold: -1 }] }));
    const result = await run(path.join(outDir, 'main.js'), { INSTTS_POLICY: broken });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).reservations).toEqual([
      'reserved r0',
      'reserved r1',
      'reserved r2',
      'reserved r3',
    ]);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/\$\.flow\[0\]\.threshold/);
  });
});
