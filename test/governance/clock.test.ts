import { afterEach, describe, expect, it, vi } from 'vitest';
import { GovernanceEngine, systemClock, monotonic, type Clock } from '../../src/runtime/governance/index.js';
import { LeapArray } from '../../src/runtime/governance/window.js';

afterEach(() => {
  vi.useRealTimers();
});

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('clock', () => {
  it('case 26: a wall-clock jump back of 5 s or forward of 1 h changes nothing (intervals use performance.now())', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const gov = new GovernanceEngine({
      log: () => {},
      policy: {
        flow: [{ resource: 'f', threshold: 5, window: { ms: 200, buckets: 1 } }],
        circuitBreakers: [{ resource: 'b', strategy: 'errorCount', threshold: 1, minRequests: 1, openMs: 3000 }],
      },
    });
    // the breaker opens; the wall clock jumps forward an hour: still open
    const e = gov.entry('b');
    gov.exit(e, { error: new Error('down') });
    vi.setSystemTime(Date.now() + 3_600_000);
    expect(gov.entry('b').kind).toBe('blocked');

    // the flow window fills; the wall clock jumps back 5 s: no throw, no negative count, no lasting block
    let passed = 0;
    for (let i = 0; i < 6; i++) {
      const r = gov.entry('f');
      if (r.kind === 'pass') {
        passed++;
        gov.exit(r);
      }
    }
    expect(passed).toBe(5);
    vi.setSystemTime(Date.now() - 5_000);
    expect(gov.entry('f').kind).toBe('blocked');
    await until(() => {
      const r = gov.entry('f');
      if (r.kind === 'pass') gov.exit(r);
      return r.kind === 'pass';
    });
    const stats = gov.stats();
    for (const s of stats)
      for (const v of [s.passed, s.completed, s.concurrency, ...Object.values(s.blocked)])
        expect(v).toBeGreaterThanOrEqual(0);
    expect(stats.find((s) => s.resource === 'f')!.concurrency).toBe(0);
    expect(gov.stats().find((s) => s.resource === 'b')!.breakers[0]!.state).toBe('open');
    expect(systemClock.now()).toBeCloseTo(performance.now(), -2);
  });

  it('case 26: a clock supplied by the program that steps back 5 s is absorbed (zero elapsed time)', () => {
    let raw = 100_000;
    const source: Clock = { now: () => raw, setTimer: () => 0, clearTimer: () => {} };
    const gov = new GovernanceEngine({
      clock: source,
      log: () => {},
      policy: {
        flow: [{ resource: 'f', threshold: 5, window: { ms: 1000, buckets: 2 } }],
        circuitBreakers: [{ resource: 'b', strategy: 'errorCount', threshold: 1, minRequests: 1, openMs: 3000 }],
      },
    });
    const run = (n: number): number => {
      let p = 0;
      for (let i = 0; i < n; i++) {
        const r = gov.entry('f');
        if (r.kind === 'pass') {
          p++;
          gov.exit(r);
        }
      }
      return p;
    };
    expect(run(10)).toBe(5);
    gov.exit(gov.entry('b'), { error: true });
    raw -= 5_000; // the source jumps back
    expect(() => run(10)).not.toThrow();
    expect(run(1)).toBe(0); // same window: still limited, not reset by the jump
    raw += 1_000; // one second of real progress later: a fresh window, not 5 s of lockout
    expect(run(10)).toBe(5);
    raw += 2_000; // 3 s of progress since the breaker opened (despite the step back)
    const probe = gov.entry('b');
    expect(probe.kind).toBe('pass');
    const s = gov.stats().find((x) => x.resource === 'f')!;
    expect(s.completed).toBe(10);
    expect(s.concurrency).toBe(0);

    const guarded = monotonic(source);
    raw = 50;
    const a = guarded.now();
    raw = 10;
    expect(guarded.now()).toBe(a);
    raw = 20;
    expect(guarded.now()).toBe(a + 10);
  });

  it('the window never loses or negates counts when written with an older time', () => {
    const w = new LeapArray(1000, 2, 1);
    w.add(1600, 0, 3);
    w.add(600, 0, 2); // its slot already holds the newer bucket [1500, 2000): the count goes there
    expect(w.sum(1600)).toBe(5);
    expect(w.sum(600)).toBe(0); // a read for an old time sees no future buckets
  });
});
