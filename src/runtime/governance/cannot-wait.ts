// Calls that cannot wait for their turn (a Redis command, a delivered message) are blocked by a
// rule that would make them wait (queue shaping, a half-open breaker's "wait"): the adapter says
// so once per rule, here in one wording for every adapter.

import type { Blocked } from './behavior.js';
import type { GovernanceEngine } from './engine.js';

/** What makes a rule hold calls back instead of refusing them; undefined when it never does. */
function waitingSetting(engine: GovernanceEngine, blocked: Blocked): string | undefined {
  const policy = engine.policy;
  const id = blocked.ruleId;
  switch (blocked.type) {
    case 'flow':
      return policy.flow.find((r) => r.id === id)?.shaping === 'queue' ? 'shaping "queue"' : undefined;
    case 'hotspot':
      return policy.hotspot.find((r) => r.id === id)?.shaping === 'queue' ? 'shaping "queue"' : undefined;
    case 'breaker':
      return policy.circuitBreakers.find((r) => r.id === id)?.recovery.excessInHalfOpen === 'wait'
        ? 'excessInHalfOpen "wait"'
        : undefined;
    default:
      return undefined;
  }
}

/** Block answers already looked at (one per rule and compiled policy). */
const lookedAt = new WeakSet<Blocked>();

/**
 * A call that could not wait was blocked: when the rule is one that makes calls wait, it is named
 * once per rule and call shape. `kind` says what the resource's calls are (`a database call`),
 * `what` this call (`an ioredis command`), `outcome` what happens instead and `advice` what to do.
 */
export function noticeCannotWait(
  engine: GovernanceEngine,
  blocked: Blocked,
  wording: { kind: string; what: string; outcome: string; advice: string },
): void {
  if (lookedAt.has(blocked)) return;
  lookedAt.add(blocked);
  const setting = waitingSetting(engine, blocked);
  if (setting === undefined) return;
  engine.warnAdapter(`${blocked.ruleId}\u0000${wording.what}`, {
    rule: blocked.ruleId,
    resource: blocked.resource,
    message:
      `instts: policy rule '${blocked.ruleId}' on resource '${blocked.resource}' (${wording.kind}) has ${setting}, ` +
      `but ${wording.what} cannot wait for its turn: ${wording.outcome} (reported once; ${wording.advice})`,
  });
}
