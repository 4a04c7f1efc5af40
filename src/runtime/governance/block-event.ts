// What a trace says about a call that governance refused: one span event, added to the span that
// is current where the block happens (the SERVER span of a refused request, the caller's span for
// a refused outbound, database or function call, the CONSUMER span of a requeued message). Only a
// block builds it; a call that passes costs nothing here.
//
// No `@opentelemetry/api` import: hooks of governance-only builds call this too (see
// ../tracing/otel-globals.ts).

import { activeSpan, type ActiveSpan } from '../tracing/otel-globals.js';
import type { Blocked } from './behavior.js';

/** The event's name. */
export const BLOCKED_EVENT = 'instts.governance.blocked';

/** Its attributes (the first three as on the `instts.governance.blocked` counter). */
export const BLOCKED_ATTR = {
  rule: 'instts.governance.rule',
  ruleType: 'instts.governance.rule_type',
  resource: 'instts.governance.resource',
  /** The behaviour's name in the policy; absent for the built-in default. */
  behavior: 'instts.governance.behavior',
  /** `respond`, `redirect` or `fallback`. */
  behaviorType: 'instts.governance.behavior_type',
} as const;

/**
 * Records `blocked` on `span`, or on the active span when none is given. Nothing when no span
 * records (tracing off, unsampled). Never throws.
 */
export function recordBlock(blocked: Blocked, span?: ActiveSpan): void {
  try {
    const target = span ?? activeSpan();
    if (target === undefined || !target.isRecording()) return;
    const attributes: Record<string, string> = {
      [BLOCKED_ATTR.rule]: blocked.ruleId,
      [BLOCKED_ATTR.ruleType]: blocked.type,
      [BLOCKED_ATTR.resource]: blocked.resource,
      [BLOCKED_ATTR.behaviorType]: blocked.behavior.type,
    };
    if (blocked.behaviorName !== null) attributes[BLOCKED_ATTR.behavior] = blocked.behaviorName;
    target.addEvent(BLOCKED_EVENT, attributes);
  } catch {
    // a span implementation that throws must not change how the call is refused
  }
}
