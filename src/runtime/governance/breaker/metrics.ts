// The circuit breakers' own Prometheus family: the state of each breaker.

import type { Resource } from '../engine.js';
import type { Exposition } from '../prometheus-text.js';

const BREAKER_STATES = ['closed', 'open', 'halfOpen'] as const;

export function breakerMetrics(out: Exposition, resources: readonly Resource[]): void {
  out.family(
    'instts_governance_breaker_state',
    'gauge',
    'Circuit breaker state: 1 for the current state, 0 for the others.',
  );
  for (const r of resources) {
    for (const b of r.rules.breaker) {
      for (const s of BREAKER_STATES) {
        out.sample(
          'instts_governance_breaker_state',
          { resource: r.id, rule: b.blocked.ruleId, state: s },
          b.state === s ? 1 : 0,
        );
      }
    }
  }
}
