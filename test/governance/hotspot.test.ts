import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GovernanceEngine } from '../../src/runtime/governance/index.js';
import { LruMap } from '../../src/runtime/governance/hotspot/controller.js';
import { bundleGovernance, offer, setup } from './helpers.js';

function hot(extra: Record<string, unknown>): unknown {
  return { hotspot: [{ resource: 'r', param: { from: 'header', name: 'X-User-Id' }, threshold: 5, ...extra }] };
}

const user = (id: string) => ({ headers: { 'x-user-id': id } });

function tracked(gov: GovernanceEngine): number {
  return gov.inspect().rules.find((r) => r.kind === 'hotspot')!.state!.tracked as number;
}

describe('hotspot', () => {
  it('case 19: 5 per value per second: 20 calls with A pass 5; B is unaffected; override vip=100 passes all 20', () => {
    const { clock, gov } = setup(hot({ overrides: { vip: 100 } }));
    expect(offer(gov, 'r', 20, user('A')).pass).toBe(5);
    expect(offer(gov, 'r', 20, user('B')).pass).toBe(5);
    expect(offer(gov, 'r', 20, user('vip')).pass).toBe(20);
    expect(gov.stats()[0]!.blocked.hotspot).toBe(30);
    // after a full duration the bucket is refilled
    clock.advance(999);
    expect(offer(gov, 'r', 1, user('A')).pass).toBe(0);
    clock.advance(1);
    expect(offer(gov, 'r', 20, user('A')).pass).toBe(5);
  });

  it('case 20: burst=5 lets 10 calls through in the first second, then the rate', () => {
    const { clock, gov } = setup(hot({ burst: 5 }));
    expect(offer(gov, 'r', 20, user('A')).pass).toBe(10);
    clock.advance(1000);
    expect(offer(gov, 'r', 20, user('A')).pass).toBe(5);
    clock.advance(3000); // idle: refills up to threshold + burst, not beyond
    expect(offer(gov, 'r', 20, user('A')).pass).toBe(10);
  });

  it('case 21: a missing value skips the rule (or blocks with onMissing "block"); a negative index counts from the end', () => {
    const byArg = setup({ hotspot: [{ resource: 'r', param: { from: 'arg', index: -1 }, threshold: 2 }] });
    expect(offer(byArg.gov, 'r', 5, { args: [1, 2, 'k'] }).pass).toBe(2);
    expect(offer(byArg.gov, 'r', 5, { args: ['k', 2, 'other'] }).pass).toBe(2);
    expect(offer(byArg.gov, 'r', 5, { args: [] }).pass).toBe(5); // missing: skipped
    expect(offer(byArg.gov, 'r', 5).pass).toBe(5); // no context at all
    expect(offer(byArg.gov, 'r', 5, { args: [{ not: 'a key' }] }).pass).toBe(5); // objects carry no value

    const strict = setup(hot({ onMissing: 'block' }));
    expect(offer(strict.gov, 'r', 3, { headers: {} }).blocked).toBe(3);
  });

  it('reads headers (records, case-insensitive, Fetch Headers), query parameters and the client IP', () => {
    const h = setup(hot({ threshold: 1 }));
    expect(offer(h.gov, 'r', 1, { headers: { 'X-USER-ID': 'u' } }).pass).toBe(1);
    expect(offer(h.gov, 'r', 1, { headers: new Headers({ 'x-user-id': 'u' }) }).pass).toBe(0);
    expect(offer(h.gov, 'r', 1, { headers: { 'x-user-id': ['u', 'v'] } }).pass).toBe(0);

    const q = setup({ hotspot: [{ resource: 'r', param: { from: 'query', name: 'sku' }, threshold: 1 }] });
    expect(offer(q.gov, 'r', 1, { query: new URLSearchParams('sku=1') }).pass).toBe(1);
    expect(offer(q.gov, 'r', 1, { query: { sku: '1' } }).pass).toBe(0);
    expect(offer(q.gov, 'r', 1, { query: { sku: '2' } }).pass).toBe(1);

    const ip = setup({ hotspot: [{ resource: 'r', param: { from: 'clientIp' }, threshold: 2 }] });
    expect(offer(ip.gov, 'r', 5, { clientIp: '10.0.0.1' }).pass).toBe(2);
    expect(offer(ip.gov, 'r', 5, { clientIp: '10.0.0.2' }).pass).toBe(2);

    const p = setup({ hotspot: [{ resource: 'r', param: { from: 'path', name: 'id' }, threshold: 1 }] });
    expect(offer(p.gov, 'r', 2, { pathParams: { id: '7' } }).pass).toBe(1);
    expect(offer(p.gov, 'r', 2, { pathParams: { id: '8' } }).pass).toBe(1);
    expect(offer(p.gov, 'r', 2, { pathParams: {} }).pass).toBe(2); // no such parameter: the rule does not apply
  });

  it('a route parameter rule on a declared resource whose kind has no routes is rejected', () => {
    expect(() =>
      setup({
        resources: [{ id: 'quote', kind: 'rpc-in' }],
        hotspot: [{ resource: 'quote', param: { from: 'path', name: 'id' }, threshold: 1 }],
      }),
    ).toThrow(/declared kind "rpc-in": a served gRPC call never carries route parameter "id"/);
  });

  it('queue shaping per value spaces calls evenly (and still limits above 1000/s)', () => {
    const { gov } = setup(hot({ threshold: 5, shaping: 'queue', maxQueueMs: 600 }));
    const t = offer(gov, 'r', 6, user('A'), true);
    expect(t.results.map((r) => (r.kind === 'pending' ? r.waitMs : r.kind))).toEqual([
      'pass',
      200,
      400,
      600,
      'blocked',
      'blocked',
    ]);

    const fast = setup(hot({ threshold: 2000, shaping: 'queue', maxQueueMs: 0 }));
    let passes = 0;
    for (let k = 0; k < 4000; k++) {
      fast.clock.set(k * 0.25);
      passes += offer(fast.gov, 'r', 1, user('A')).pass;
    }
    expect(passes).toBe(2000);
  });

  it('case 22: capacity 2 while cycling A, B, C is never limited (an evicted value comes back with a full bucket)', () => {
    const { gov } = setup(hot({ threshold: 5, capacity: 2 }));
    let passes = 0;
    for (let i = 0; i < 30; i++) passes += offer(gov, 'r', 1, user('ABC'[i % 3]!)).pass;
    expect(passes).toBe(30); // each value made 10 calls against a limit of 5
    expect(tracked(gov)).toBe(2);
    // the same values without eviction are limited
    const roomy = setup(hot({ threshold: 5, capacity: 3 }));
    let limited = 0;
    for (let i = 0; i < 30; i++) limited += offer(roomy.gov, 'r', 1, user('ABC'[i % 3]!)).pass;
    expect(limited).toBe(15);
  });

  it('case 22: one million distinct values keep the tracked set within capacity (checked after every call)', () => {
    const capacity = 4000;
    const { clock, gov } = setup(hot({ threshold: 5, capacity }));
    const r = gov.resource('r');
    const controller = r.rules.hotspot[0]!;
    const headers: Record<string, string> = { 'x-user-id': '' };
    const ctx = { headers };
    let maxTracked = 0;
    for (let i = 0; i < 1_000_000; i++) {
      headers['x-user-id'] = `user-${i}`;
      const e = gov.entry(r, ctx);
      if (e.kind === 'pass') gov.exit(e);
      const n = controller.tracked;
      if (n > maxTracked) maxTracked = n;
      if ((i & 0xffff) === 0) clock.advance(1);
    }
    expect(maxTracked).toBe(capacity);
    expect(tracked(gov)).toBe(capacity);
    const s = gov.stats()[0]!;
    expect(s.passed).toBe(1_000_000);
    expect(gov.inspect().rules[0]!.state).toMatchObject({
      tracked: capacity,
      capacity,
      evictions: 1_000_000 - capacity,
    });
  });

  it('one million distinct values: the heap stays flat once the capacity is reached (child process, --expose-gc)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'instts-hotspot-heap-'));
    try {
      const bundle = await bundleGovernance(dir);
      // Heap after 10 000 values (capacity reached) and after 1 000 000, each after a full GC; then,
      // as a control, the same measurement for a plain Map that keeps every value.
      const program = `
        const { FakeClock, GovernanceEngine } = await import(${JSON.stringify(bundle)});
        const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
        const capacity = 4000;
        const gov = new GovernanceEngine({ clock: new FakeClock(0), log: () => {}, policy: {
          hotspot: [{ resource: 'r', param: { from: 'header', name: 'x-user-id' }, threshold: 5, capacity }] } });
        const r = gov.resource('r');
        const headers = { 'x-user-id': '' };
        const ctx = { headers };
        const run = (from, to) => {
          for (let i = from; i < to; i++) {
            headers['x-user-id'] = 'user-' + i;
            const e = gov.entry(r, ctx);
            if (e.kind === 'pass') gov.exit(e);
          }
        };
        run(0, 10_000);
        const warm = heap();
        run(10_000, 1_000_000);
        const after = heap();
        const state = gov.inspect().rules[0].state;
        const control = new Map();
        const c0 = heap();
        for (let i = 10_000; i < 1_000_000; i++) control.set('user-' + i, { tokens: 4, last: 0 });
        const c1 = heap();
        process.stdout.write(JSON.stringify({ growth: after - warm, control: c1 - c0, size: control.size, state }));
      `;
      const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', program], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as {
        growth: number;
        control: number;
        size: number;
        state: Record<string, number>;
      };
      expect(out.state).toEqual({ tracked: 4000, capacity: 4000, evictions: 1_000_000 - 4000 });
      expect(out.growth).toBeLessThan(1024 * 1024); // 990 000 more values: under 1 MB more heap
      expect(out.control).toBeGreaterThan(40 * 1024 * 1024); // what keeping them would cost
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('case 23: the concurrency metric returns to 0 after all calls end, throws included; never negative', async () => {
    const { gov } = setup(hot({ metric: 'concurrency', threshold: 2, capacity: 2 }));
    const held = offer(gov, 'r', 3, user('A'), true);
    expect([held.pass, held.blocked]).toEqual([2, 1]);
    expect(tracked(gov)).toBe(1);
    await expect(
      gov.guard('r', user('B'), () => {
        throw new Error('x');
      }),
    ).rejects.toThrow('x');
    await expect(
      gov.guard('r', user('B'), async () => {
        throw new Error('y');
      }),
    ).rejects.toThrow('y');
    expect(tracked(gov)).toBe(1);
    for (const e of held.results) gov.exit(e);
    expect(tracked(gov)).toBe(0);

    // values evicted while in flight: their exits never touch a newer record of the same value
    const inFlight = ['A', 'B', 'C', 'A'].map((v) => gov.entry('r', user(v)));
    expect(inFlight.map((e) => e.kind)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(tracked(gov)).toBe(2); // capacity 2: A's first record was evicted by C
    for (const e of inFlight) gov.exit(e);
    expect(tracked(gov)).toBe(0);
    expect(offer(gov, 'r', 3, user('A'), true).pass).toBe(2);
  });

  it('the LRU evicts the least recently used value; reads refresh, deletes free their slot', () => {
    const lru = new LruMap<number>(3);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('c', 3);
    expect(lru.get('a')).toBe(1); // a is now the newest
    lru.set('d', 4); // evicts b
    expect([lru.peek('a'), lru.peek('b'), lru.peek('c'), lru.peek('d')]).toEqual([1, undefined, 3, 4]);
    lru.delete('c');
    lru.set('e', 5); // reuses c's slot, no eviction
    expect(lru.size).toBe(3);
    expect(lru.evictions).toBe(1);
    lru.set('f', 6); // evicts a: least recent of a, d, e
    expect(lru.peek('a')).toBeUndefined();
    expect([lru.peek('d'), lru.peek('e'), lru.peek('f')]).toEqual([4, 5, 6]);
    for (let i = 0; i < 1000; i++) lru.set(`k${i}`, i);
    expect(lru.size).toBe(3);
    expect([lru.peek('k997'), lru.peek('k998'), lru.peek('k999')]).toEqual([997, 998, 999]);
  });
});
