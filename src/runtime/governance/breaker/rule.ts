// Circuit-breaker rules: the rule, its defaults, its validation, and what its live state
// depends on. The breaker itself is ./controller.ts.

import { fail, key, num, object, oneOf } from '../../validate.js';
import { base, errorSpec, windowSpec, type ErrorSpec, type Ref, type RuleBase, type WindowSpec } from '../rule.js';
import { DEFS, keysOf } from '../../policy-schema.js';

const RECOVERY = DEFS.breakerRule.properties.recovery;

export interface BreakerRecovery {
  mode: 'probe' | 'progressive';
  /** probe mode: good probes needed to close. */
  probes: number;
  /** progressive mode: number of stages; stage k of n admits k/n of the calls. */
  stages: number;
  /** progressive mode: completions a stage needs before it is judged. */
  minPassPerStage: number;
  /** probe mode: what happens to calls beyond the probes. */
  excessInHalfOpen: 'reject' | 'pass' | 'wait';
  /** wait: longest a call waits for the probes' verdict before it is blocked. */
  maxWaitMs: number;
}

export interface BreakerRule extends RuleBase {
  strategy: 'slowRatio' | 'errorRatio' | 'errorCount';
  threshold: number;
  slowRtMs: number | null;
  compare: 'gte' | 'gt';
  window: WindowSpec;
  minRequests: number;
  openMs: number;
  isError: ErrorSpec;
  recovery: BreakerRecovery;
}

export const BREAKER_DEFAULTS = {
  window: { ms: 20000, buckets: 10, align: 'clock' } as WindowSpec,
  minRequests: 10,
  openMs: 10000,
  compare: 'gte' as const,
  recovery: { mode: 'probe' as const, probes: 1, stages: 3, minPassPerStage: 5, excessInHalfOpen: 'reject' as const },
};

export function parseBreakerRule(
  v: unknown,
  path: string,
  defaultId: string,
  ref: Ref,
  isError: ErrorSpec,
): BreakerRule {
  const o = object(v, path, keysOf(DEFS.breakerRule));
  const b = base(o, path, defaultId, ref);
  const strategy = oneOf(o, 'strategy', path, DEFS.breakerRule.properties.strategy.enum, undefined);
  let threshold: number;
  if (strategy === 'errorCount') threshold = num(o, 'threshold', path, undefined, { int: true, min: 1 });
  else {
    threshold = num(o, 'threshold', path, undefined);
    if (threshold < 0 || threshold > 1)
      fail(key(path, 'threshold'), `expected a ratio between 0 and 1, got ${threshold}`);
  }
  let slowRtMs: number | null = null;
  if (strategy === 'slowRatio') {
    if (o.slowRtMs === undefined) fail(key(path, 'slowRtMs'), 'required when strategy is "slowRatio"');
    slowRtMs = num(o, 'slowRtMs', path, undefined, { min: 0 });
  } else if (o.slowRtMs !== undefined) {
    fail(key(path, 'slowRtMs'), 'only applies to strategy "slowRatio"');
  }
  const openMs = num(o, 'openMs', path, BREAKER_DEFAULTS.openMs, { min: 1 });
  const recovery = breakerRecovery(o.recovery, key(path, 'recovery'), openMs);
  return {
    ...b,
    strategy,
    threshold,
    slowRtMs,
    compare: oneOf(o, 'compare', path, DEFS.breakerRule.properties.compare.enum, BREAKER_DEFAULTS.compare),
    window: windowSpec(o, path, BREAKER_DEFAULTS.window),
    minRequests: num(o, 'minRequests', path, BREAKER_DEFAULTS.minRequests, { int: true, min: 1 }),
    openMs,
    isError: errorSpec(o.isError, key(path, 'isError'), isError),
    recovery,
  };
}

function breakerRecovery(v: unknown, path: string, openMs: number): BreakerRecovery {
  const d = BREAKER_DEFAULTS.recovery;
  if (v === undefined) return { ...d, maxWaitMs: openMs };
  const o = object(v, path, keysOf(RECOVERY));
  const mode = oneOf(o, 'mode', path, RECOVERY.properties.mode.enum, d.mode);
  if (mode === 'probe') {
    for (const k of ['stages', 'minPassPerStage'])
      if (o[k] !== undefined) fail(key(path, k), 'only applies to mode "progressive"');
  } else if (o.probes !== undefined) fail(key(path, 'probes'), 'only applies to mode "probe"');
  const excessInHalfOpen = oneOf(
    o,
    'excessInHalfOpen',
    path,
    RECOVERY.properties.excessInHalfOpen.enum,
    d.excessInHalfOpen,
  );
  if (mode === 'progressive' && excessInHalfOpen !== 'reject') {
    fail(
      key(path, 'excessInHalfOpen'),
      'mode "progressive" admits its share and rejects the rest; only "reject" applies',
    );
  }
  if (o.maxWaitMs !== undefined && excessInHalfOpen !== 'wait')
    fail(key(path, 'maxWaitMs'), 'only applies to excessInHalfOpen "wait"');
  return {
    mode,
    probes: num(o, 'probes', path, d.probes, { int: true, min: 1 }),
    stages: num(o, 'stages', path, d.stages, { int: true, min: 1, max: 100 }),
    minPassPerStage: num(o, 'minPassPerStage', path, d.minPassPerStage, { int: true, min: 1 }),
    excessInHalfOpen,
    maxWaitMs: num(o, 'maxWaitMs', path, openMs, { min: 0 }),
  };
}

/** What a breaker's live state (window, open/half-open state) depends on. */
export function breakerStateKey(r: BreakerRule): unknown[] {
  return [r.resource, r.strategy, r.slowRtMs, r.window, r.isError, r.recovery.mode];
}
