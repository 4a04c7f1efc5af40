// Flow rules: the rule as written in the policy, its defaults, its validation, and what its
// live state depends on. The controller that enforces it is ./controller.ts.

import { fail, key, num, object, oneOf } from '../../validate.js';
import { base, windowSpec, type Ref, type RuleBase, type WindowSpec } from '../rule.js';
import { DEFS, keysOf } from '../../policy-schema.js';

export interface FlowRule extends RuleBase {
  threshold: number;
  window: WindowSpec;
  shaping: 'reject' | 'queue';
  maxQueueMs: number;
  warmUp: { periodSec: number; coldFactor: number } | null;
}

export const FLOW_DEFAULTS = {
  window: { ms: 1000, buckets: 2, align: 'burst' } as WindowSpec,
  maxQueueMs: 500,
  warmUp: { periodSec: 10, coldFactor: 3 },
};

export function parseFlowRule(v: unknown, path: string, defaultId: string, ref: Ref): FlowRule {
  const o = object(v, path, keysOf(DEFS.flowRule));
  const b = base(o, path, defaultId, ref);
  const threshold = num(o, 'threshold', path, undefined, { min: 0 });
  const window = windowSpec(o, path, FLOW_DEFAULTS.window, true);
  const shaping = oneOf(o, 'shaping', path, DEFS.flowRule.properties.shaping.enum, 'reject');
  if (shaping === 'reject' && o.maxQueueMs !== undefined) {
    fail(key(path, 'maxQueueMs'), 'only applies to shaping "queue"');
  }
  const maxQueueMs = num(o, 'maxQueueMs', path, FLOW_DEFAULTS.maxQueueMs, { min: 0 });
  let warmUp: FlowRule['warmUp'] = null;
  if (o.warmUp !== undefined) {
    const p = key(path, 'warmUp');
    const w = object(o.warmUp, p, keysOf(DEFS.flowRule.properties.warmUp));
    warmUp = {
      periodSec: num(w, 'periodSec', p, FLOW_DEFAULTS.warmUp.periodSec, { int: true, min: 1 }),
      coldFactor: num(w, 'coldFactor', p, FLOW_DEFAULTS.warmUp.coldFactor, { above: 1 }),
    };
    if (!(threshold > 0)) fail(key(path, 'threshold'), 'must be > 0 with warmUp');
    if (window.ms !== 1000) fail(p, `needs window.ms 1000 (warm-up thresholds are per second), got ${window.ms}`);
  }
  return { ...b, threshold, window, shaping, maxQueueMs, warmUp };
}

/** What a flow rule's live state (window, warm-up tokens, queue slot) depends on. */
export function flowStateKey(r: FlowRule): unknown[] {
  return [r.resource, r.window, r.shaping, r.warmUp, r.warmUp === null ? null : r.threshold];
}
