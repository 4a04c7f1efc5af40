import { describe, expect, it } from 'vitest';
import { Entry, type ExitOutcome, type GovernanceEngine, type Pending } from '../../src/runtime/governance/index.js';
import { setup } from './helpers.js';

/** One call that ends at once with `outcome`; returns what entry() said. */
function call(gov: GovernanceEngine, outcome: ExitOutcome = {}, resource = 'pay'): string {
  const e = gov.entry(resource);
  if (e.kind === 'pass') gov.exit(e, outcome);
  return e.kind === 'blocked' ? `blocked:${e.type}` : e.kind;
}

function state(gov: GovernanceEngine, ruleId?: string, resource = 'pay'): string {
  const s = gov.stats().find((r) => r.resource === resource)!;
  const b = ruleId ? s.breakers.find((x) => x.ruleId === ruleId)! : s.breakers[0]!;
  return b.state;
}

const slow = { rtMs: 100 };
const fast = { rtMs: 10 };
const err = { error: new Error('boom') };

function breaker(extra: Record<string, unknown>): unknown {
  return { circuitBreakers: [{ resource: 'pay', openMs: 3000, ...extra }] };
}

describe('circuit breaker', () => {
  it('case 11: slow ratio 0.5, min 10, RT 50 ms: 9 slow calls stay Closed, the 10th opens', () => {
    const { gov } = setup(breaker({ strategy: 'slowRatio', slowRtMs: 50, threshold: 0.5, minRequests: 10 }));
    for (let i = 0; i < 9; i++) expect(call(gov, slow)).toBe('pass');
    expect(state(gov)).toBe('closed');
    expect(call(gov, slow)).toBe('pass');
    expect(state(gov)).toBe('open');
    expect(call(gov, fast)).toBe('blocked:breaker');
    // a call at exactly slowRtMs is not slow (rt > slowRtMs)
    const edge = setup(breaker({ strategy: 'slowRatio', slowRtMs: 50, threshold: 0.5, minRequests: 1 }));
    call(edge.gov, { rtMs: 50 });
    expect(state(edge.gov)).toBe('closed');
  });

  it('case 11: 5 slow of 10 opens under "gte" but not under "gt"', () => {
    for (const [compare, expected] of [
      ['gte', 'open'],
      ['gt', 'closed'],
    ] as const) {
      const { gov } = setup(breaker({ strategy: 'slowRatio', slowRtMs: 50, threshold: 0.5, minRequests: 10, compare }));
      for (let i = 0; i < 5; i++) call(gov, fast);
      for (let i = 0; i < 5; i++) call(gov, slow);
      expect(state(gov)).toBe(expected);
    }
    // under "gt", a ratio threshold of 1 still opens on an all-bad window
    const { gov } = setup(breaker({ strategy: 'errorRatio', threshold: 1, minRequests: 3, compare: 'gt' }));
    for (let i = 0; i < 3; i++) call(gov, err);
    expect(state(gov)).toBe('open');
  });

  it('case 12: error count 3 opens on the 3rd error once total ≥ minRequests', () => {
    const { gov } = setup(breaker({ strategy: 'errorCount', threshold: 3, minRequests: 5 }));
    call(gov, fast);
    call(gov, fast);
    call(gov, err);
    call(gov, err);
    expect(state(gov)).toBe('closed');
    call(gov, err); // 3rd error, total 5
    expect(state(gov)).toBe('open');

    // 3 errors before the minimum: opens on the completion that reaches it
    const b = setup(breaker({ strategy: 'errorCount', threshold: 3, minRequests: 5 }));
    for (let i = 0; i < 3; i++) call(b.gov, err);
    call(b.gov, fast);
    expect(state(b.gov)).toBe('closed');
    call(b.gov, fast);
    expect(state(b.gov)).toBe('open');

    // HTTP status ≥ 500 is an error by default; 4xx is not
    const h = setup(breaker({ strategy: 'errorCount', threshold: 2, minRequests: 1 }));
    call(h.gov, { status: 404 });
    call(h.gov, { status: 503 });
    expect(state(h.gov)).toBe('closed');
    call(h.gov, { status: 500 });
    expect(state(h.gov)).toBe('open');
  });

  it('case 13: openMs 3000: a call at +2999 ms is blocked, at +3000 ms it becomes the probe', () => {
    const { clock, gov } = setup(breaker({ strategy: 'errorCount', threshold: 1, minRequests: 1 }));
    clock.set(1000);
    call(gov, err);
    expect(state(gov)).toBe('open');
    clock.set(3999);
    expect(call(gov)).toBe('blocked:breaker');
    clock.set(4000);
    const probe = gov.entry('pay');
    expect(probe.kind).toBe('pass');
    expect(state(gov)).toBe('halfOpen');
    gov.exit(probe, {});
    expect(state(gov)).toBe('closed');
  });

  it('case 14: 100 calls during a 1 s probe: single mode runs 1 and rejects 99', () => {
    const { clock, gov } = setup(breaker({ strategy: 'errorCount', threshold: 1, minRequests: 1 }));
    call(gov, err);
    clock.advance(3000);
    const results = Array.from({ length: 100 }, () => gov.entry('pay'));
    expect(results.filter((r) => r.kind === 'pass')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'blocked')).toHaveLength(99);
    clock.advance(1000);
    gov.exit(results[0] as Entry, {});
    expect(state(gov)).toBe('closed');
  });

  it('case 14: wait mode queues the 99 and lets them through when the probe succeeds (or blocks them when it fails)', async () => {
    for (const verdict of ['good', 'bad'] as const) {
      const { clock, gov } = setup(
        breaker({
          strategy: 'errorCount',
          threshold: 1,
          minRequests: 1,
          recovery: { mode: 'probe', excessInHalfOpen: 'wait', maxWaitMs: 5000 },
        }),
      );
      call(gov, err);
      clock.advance(3000);
      const results = Array.from({ length: 100 }, () => gov.entry('pay'));
      expect(results.filter((r) => r.kind === 'pass')).toHaveLength(1);
      const waiting = results.filter((r): r is Pending => r.kind === 'pending');
      expect(waiting).toHaveLength(99);
      const settled = Promise.all(waiting.map((p) => p.ready));
      await clock.advanceAsync(1000);
      gov.exit(results[0] as Entry, verdict === 'good' ? {} : err);
      const out = await settled;
      if (verdict === 'good') {
        expect(out.every((r) => r instanceof Entry && r.waitedMs === 1000)).toBe(true);
        expect(gov.stats()[0]).toMatchObject({ concurrency: 99 });
      } else {
        expect(out.every((r) => r.kind === 'blocked' && r.type === 'breaker')).toBe(true);
        expect(gov.stats()[0]).toMatchObject({ concurrency: 0 });
      }
    }
  });

  it('case 14: a waiting call gives up after maxWaitMs; a caller that cannot wait is rejected', async () => {
    const { clock, gov } = setup(
      breaker({
        strategy: 'errorCount',
        threshold: 1,
        minRequests: 1,
        recovery: { excessInHalfOpen: 'wait', maxWaitMs: 500 },
      }),
    );
    call(gov, err);
    clock.advance(3000);
    expect(gov.entry('pay').kind).toBe('pass');
    expect(gov.entry('pay', { canWait: false }).kind).toBe('blocked');
    const p = gov.entry('pay') as Pending;
    let out: unknown;
    void p.ready.then((r) => (out = r));
    await clock.advanceAsync(499);
    expect(out).toBeUndefined();
    await clock.advanceAsync(1);
    expect(out).toMatchObject({ kind: 'blocked', type: 'breaker' });
  });

  it('case 15: a probe blocked by another rule goes back to Open and never sticks in HalfOpen', () => {
    const { clock, gov } = setup({
      circuitBreakers: [
        { id: 'A', resource: 'pay', strategy: 'errorCount', threshold: 1, minRequests: 1, openMs: 1000 },
        { id: 'B', resource: 'pay', strategy: 'errorCount', threshold: 1, minRequests: 1, openMs: 5000 },
      ],
    });
    call(gov, err); // opens both
    expect([state(gov, 'A'), state(gov, 'B')]).toEqual(['open', 'open']);
    clock.advance(1000);
    expect(call(gov)).toBe('blocked:breaker'); // A admits a probe, B rejects it
    expect(state(gov, 'A')).toBe('open');
    clock.advance(1000);
    expect(call(gov)).toBe('blocked:breaker');
    expect(state(gov, 'A')).toBe('open');
    clock.advance(3000); // B's open period is over: the next call probes both at once
    const probe = gov.entry('pay');
    expect(probe.kind).toBe('pass');
    expect([state(gov, 'A'), state(gov, 'B')]).toEqual(['halfOpen', 'halfOpen']);
    gov.exit(probe, {});
    expect([state(gov, 'A'), state(gov, 'B')]).toEqual(['closed', 'closed']);

    // an aborted probe is no verdict either: back to Open, and the next call probes again
    call(gov, err);
    clock.advance(5000);
    const p2 = gov.entry('pay');
    gov.exit(p2, { aborted: true });
    expect(state(gov, 'A')).toBe('open');
    expect(gov.entry('pay').kind).toBe('pass');
  });

  it('case 16: probes=10: 10 good probes close with an empty window; a bad 5th probe reopens and resets the count', () => {
    const { clock, gov } = setup(
      breaker({ strategy: 'errorRatio', threshold: 0.5, minRequests: 4, recovery: { mode: 'probe', probes: 10 } }),
    );
    for (let i = 0; i < 4; i++) call(gov, err);
    expect(state(gov)).toBe('open');
    clock.advance(3000);
    for (let i = 0; i < 4; i++) expect(call(gov, fast)).toBe('pass');
    expect(call(gov, err)).toBe('pass'); // the bad 5th probe
    expect(state(gov)).toBe('open');
    clock.advance(3000);
    for (let i = 0; i < 9; i++) expect(call(gov, fast)).toBe('pass');
    expect(state(gov)).toBe('halfOpen'); // 9 good since the reset: not enough
    expect(call(gov, fast)).toBe('pass');
    expect(state(gov)).toBe('closed');
    const snap = gov.stats()[0]!.breakers[0]!;
    expect([snap.total, snap.bad]).toEqual([0, 0]);
    // more than 10 concurrent calls in half-open: only 10 are admitted as probes
    for (let i = 0; i < 4; i++) call(gov, err);
    clock.advance(3000);
    const burst = Array.from({ length: 15 }, () => gov.entry('pay'));
    expect(burst.filter((r) => r.kind === 'pass')).toHaveLength(10);
  });

  it('case 17: N simultaneous failures arm the open timer once, and half-open follows', () => {
    const { clock, gov } = setup(breaker({ strategy: 'errorCount', threshold: 3, minRequests: 3 }));
    const inFlight = Array.from({ length: 6 }, () => gov.entry('pay') as Entry);
    clock.set(100);
    for (const e of inFlight.slice(0, 5)) gov.exit(e, err);
    expect(state(gov)).toBe('open');
    clock.set(1600);
    gov.exit(inFlight[5]!, err); // a late failure while open does not re-arm
    clock.set(3099);
    expect(call(gov)).toBe('blocked:breaker');
    clock.set(3100);
    expect(call(gov, fast)).toBe('pass');
    expect(state(gov)).toBe('closed');
  });

  it('case 18: progressive 3 stages × 5: the admitted share rises only after 5 clean passes per stage', () => {
    const { clock, gov } = setup(
      breaker({
        strategy: 'errorRatio',
        threshold: 0.5,
        minRequests: 4,
        recovery: { mode: 'progressive', stages: 3, minPassPerStage: 5 },
      }),
    );
    for (let i = 0; i < 4; i++) call(gov, err);
    clock.advance(3000);
    const runStage = (): { offered: number; admitted: number } => {
      let offered = 0;
      let admitted = 0;
      const stageOf = (): unknown => gov.stats()[0]!.breakers[0]!.stage;
      const start = stageOf();
      while (state(gov) === 'halfOpen' && stageOf() === start) {
        offered++;
        if (call(gov, fast) === 'pass') admitted++;
      }
      return { offered, admitted };
    };
    // Stage 1 admits 1/3, stage 2 admits 2/3, stage 3 everything; each needs 5 clean completions.
    expect(call(gov, fast)).toBe('pass'); // the call that moves Open → HalfOpen is stage 1's first
    const s1 = runStage();
    expect({ offered: s1.offered + 1, admitted: s1.admitted + 1 }).toEqual({ offered: 13, admitted: 5 });
    expect(runStage()).toEqual({ offered: 7, admitted: 5 });
    expect(runStage()).toEqual({ offered: 5, admitted: 5 });
    expect(state(gov)).toBe('closed');

    // a stage over the threshold reopens
    for (let i = 0; i < 4; i++) call(gov, err);
    clock.advance(3000);
    let admitted = 0;
    while (admitted < 5) if (call(gov, admitted < 3 ? err : fast) === 'pass') admitted++;
    expect(state(gov)).toBe('open');
  });

  it('a blocked call is not an error for the breaker', () => {
    const { gov } = setup({
      flow: [{ resource: 'pay', threshold: 0 }],
      circuitBreakers: [{ resource: 'pay', strategy: 'errorRatio', threshold: 0.1, minRequests: 1 }],
    });
    for (let i = 0; i < 100; i++) expect(call(gov, err)).toBe('blocked:flow');
    const s = gov.stats()[0]!;
    expect(s.breakers[0]).toMatchObject({ state: 'closed', total: 0, bad: 0 });
    expect(s.blocked.flow).toBe(100);
    expect(s.errors).toBe(0);
  });
});
