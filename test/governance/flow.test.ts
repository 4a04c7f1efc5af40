import { describe, expect, it } from 'vitest';
import { Entry, type Pending } from '../../src/runtime/governance/index.js';
import { offer, setup } from './helpers.js';

/** 100 calls per second for `seconds`, starting at `phase` ms; returns passes. */
function steady(policy: unknown, phase: number, seconds: number, rps = 100): number {
  const { clock, gov } = setup(policy, { start: phase });
  let passes = 0;
  const step = 1000 / rps;
  for (let k = 0; k < seconds * rps; k++) {
    clock.set(phase + k * step);
    passes += offer(gov, 'r', 1).pass;
  }
  return passes;
}

describe('flow control (reject)', () => {
  const window = (buckets: number, align?: string) => ({
    flow: [{ resource: 'r', threshold: 10, window: { ms: 1000, buckets, ...(align ? { align } : {}) } }],
  });

  it('case 1: T=10, 100 rps for 5 s passes 50 from any phase with burst-aligned buckets (the default)', () => {
    for (const phase of [0, 3, 250, 499, 500, 777]) {
      expect(steady(window(2), phase, 5), `phase ${phase}`).toBe(50);
      expect(steady(window(1), phase, 5), `phase ${phase}, one bucket`).toBe(50);
      expect(steady(window(10), phase, 5), `phase ${phase}, ten buckets`).toBe(50);
    }
  });

  it('case 1: with clock-aligned buckets (Sentinel) the same load passes 50–60 depending on phase', () => {
    expect(steady(window(2, 'clock'), 0, 5)).toBe(50);
    expect(steady(window(2, 'clock'), 250, 5)).toBe(60);
    expect(steady(window(1, 'clock'), 0, 5)).toBe(50);
    expect(steady(window(1, 'clock'), 250, 5)).toBe(60);
  });

  it('after an idle window the next burst starts a fresh phase', () => {
    const twoBursts = (policy: unknown) => {
      const { clock, gov } = setup(policy);
      let passes = 0;
      for (const start of [137, 10_263]) {
        for (let k = 0; k < 200; k++) {
          clock.set(start + k * 10); // 2 s at 100 rps
          passes += offer(gov, 'r', 1).pass;
        }
      }
      return passes;
    };
    expect(twoBursts(window(2))).toBe(40); // 2 × (t0, t0 + 1000)
    // clock-aligned: the first bucket of each burst expires early, a third refill fits in 2 s
    expect(twoBursts(window(2, 'clock'))).toBe(60);
  });

  it('case 2 (clock alignment): 10 calls at t=499 and 10 at t=1000 all pass; one more at t=1001 blocks', () => {
    const { clock, gov } = setup(window(2, 'clock'));
    clock.set(499);
    expect(offer(gov, 'r', 10).pass).toBe(10);
    clock.set(1000);
    expect(offer(gov, 'r', 10).pass).toBe(10);
    clock.set(1001);
    const t = offer(gov, 'r', 1);
    expect(t.blocked).toBe(1);
    expect(t.results[0]).toMatchObject({ kind: 'blocked', type: 'flow', ruleId: 'flow[0]', resource: 'r' });
  });

  it('case 2 (burst alignment): the window starts at t=499, so the 10 at t=1000 block and the next 10 pass at t=1499', () => {
    const { clock, gov } = setup(window(2));
    clock.set(499);
    expect(offer(gov, 'r', 10).pass).toBe(10);
    clock.set(1000);
    const t = offer(gov, 'r', 10);
    expect(t.blocked).toBe(10);
    expect(t.results[0]).toMatchObject({ kind: 'blocked', type: 'flow', ruleId: 'flow[0]', resource: 'r' });
    clock.set(1498);
    expect(offer(gov, 'r', 1).blocked).toBe(1);
    clock.set(1499);
    expect(offer(gov, 'r', 10).pass).toBe(10);
    expect(offer(gov, 'r', 1).blocked).toBe(1);
  });

  it('case 3: batch > threshold always blocks', () => {
    const { clock, gov } = setup({
      flow: [
        { resource: 'r', threshold: 10 },
        { resource: 'q', threshold: 10, shaping: 'queue', maxQueueMs: 10_000 },
      ],
    });
    for (const res of ['r', 'q']) {
      expect(offer(gov, res, 1, { batch: 11 }).blocked).toBe(1);
      clock.advance(60_000);
      expect(offer(gov, res, 1, { batch: 11 }).blocked).toBe(1);
      expect(offer(gov, res, 1, { batch: 10 }).pass).toBe(1);
    }
  });

  it('case 4: a standalone 20 s window (T=100) sums 50 entries to 50', () => {
    const { clock, gov } = setup({ flow: [{ id: 'long', resource: 'r', threshold: 100, window: { ms: 20000 } }] });
    let passes = 0;
    for (let i = 0; i < 50; i++) {
      clock.set(i * 300); // spread over 15 s, all inside one 20 s window
      passes += offer(gov, 'r', 1).pass;
    }
    expect(passes).toBe(50);
    const rule = gov.inspect().rules.find((r) => r.id === 'long');
    expect(rule?.state).toMatchObject({ passInWindow: 50 });
    expect(gov.policy.flow[0]!.window).toEqual({ ms: 20000, buckets: 2, align: 'burst' });
  });
});

describe('flow control (queue: uniform spacing)', () => {
  it('case 5: 200 ms spacing, maxQueue 2000, 21 simultaneous calls: 1 passes, 10 wait 200…2000 ms, 10 block', async () => {
    const { clock, gov } = setup({
      flow: [{ resource: 'r', threshold: 50, window: { ms: 10000, buckets: 1 }, shaping: 'queue', maxQueueMs: 2000 }],
    });
    const t = offer(gov, 'r', 21, undefined, true);
    expect([t.pass, t.pending, t.blocked]).toEqual([1, 10, 10]);
    const pendings = t.results.filter((r): r is Pending => r.kind === 'pending');
    expect(pendings.map((p) => p.waitMs)).toEqual([200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]);
    // each queued call starts exactly when its wait is over
    const started: number[] = [];
    for (const p of pendings) void p.ready.then((e) => started.push(e instanceof Entry ? e.start : -1));
    await clock.advanceAsync(1000);
    expect(started).toEqual([200, 400, 600, 800, 1000]);
    await clock.advanceAsync(1000);
    expect(started).toEqual([200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]);
    // queued calls hold their in-flight slot while they wait, and were counted as passed once they started
    expect(gov.stats()[0]).toMatchObject({ passed: 11, concurrency: 11, blocked: { flow: 10 } });
  });

  it('case 6: maxQueue 0 and 512 simultaneous calls under a frozen clock: exactly 1 passes', () => {
    const { gov } = setup({
      flow: [{ resource: 'r', threshold: 50, window: { ms: 10000, buckets: 1 }, shaping: 'queue', maxQueueMs: 0 }],
    });
    const t = offer(gov, 'r', 512);
    expect([t.pass, t.pending, t.blocked]).toEqual([1, 0, 511]);
  });

  it('case 6b: a caller that cannot wait is never queued', () => {
    const { gov } = setup({
      flow: [{ resource: 'r', threshold: 50, window: { ms: 10000, buckets: 1 }, shaping: 'queue', maxQueueMs: 5000 }],
    });
    const t = offer(gov, 'r', 5, { canWait: false });
    expect([t.pass, t.pending, t.blocked]).toEqual([1, 0, 4]);
  });

  it('case 7: a wait equal to maxQueue passes (the comparison is >)', () => {
    const { gov } = setup({
      flow: [{ resource: 'r', threshold: 50, window: { ms: 10000, buckets: 1 }, shaping: 'queue', maxQueueMs: 400 }],
    });
    const t = offer(gov, 'r', 4, undefined, true);
    expect(t.results.map((r) => (r.kind === 'pending' ? r.waitMs : r.kind))).toEqual(['pass', 200, 400, 'blocked']);
  });

  it('case 8: T=2000 QPS in queue mode still limits (no integer-millisecond spacing)', () => {
    const policy = { flow: [{ resource: 'r', threshold: 2000, shaping: 'queue', maxQueueMs: 0 }] };
    const { clock, gov } = setup(policy);
    let passes = 0;
    for (let k = 0; k < 4000; k++) {
      clock.set(k * 0.25); // 4000 calls per second
      passes += offer(gov, 'r', 1).pass;
    }
    expect(passes).toBe(2000);

    const queued = setup({ flow: [{ resource: 'r', threshold: 2000, shaping: 'queue', maxQueueMs: 5 }] });
    const t = offer(queued.gov, 'r', 21, undefined, true);
    expect([t.pass, t.pending, t.blocked]).toEqual([1, 10, 10]);
    expect((t.results[20 - 10] as Pending).waitMs).toBe(5);
  });
});

describe('warm-up', () => {
  it('case 9: T=100, 10 s, cold factor 3: ≈33 in the first second, rising monotonically to 100 by ~10 s; cold again after idle', () => {
    const { clock, gov } = setup({
      flow: [{ resource: 'r', threshold: 100, warmUp: { periodSec: 10, coldFactor: 3 } }],
    });
    const perSecond = (from: number, seconds: number): number[] => {
      const out: number[] = [];
      for (let s = 0; s < seconds; s++) {
        let n = 0;
        for (let ms = 0; ms < 1000; ms += 2) {
          clock.set(from + s * 1000 + ms); // 500 calls per second: saturating
          n += offer(gov, 'r', 1).pass;
        }
        out.push(n);
      }
      return out;
    };
    const first = perSecond(0, 14);
    // Tokens above the warning line drain by each second's passes (the refill is skipped while
    // passes stay at or above floor(T / c) = 33): 10 s of slope plus the one-second lag of
    // per-second accounting.
    expect(first).toEqual([33, 34, 36, 38, 41, 44, 47, 52, 58, 68, 83, 100, 100, 100]);
    for (let i = 1; i < first.length; i++) expect(first[i]).toBeGreaterThanOrEqual(first[i - 1]!);
    // idle for 20 s: cold again
    const again = perSecond(34_000, 2);
    expect(again[0]).toBe(33);
  });
});
