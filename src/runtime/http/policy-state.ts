// Cheap questions the HTTP hooks ask of the active policy on every request.

import { governance } from '../governance/access.js';
import type { Policy } from '../governance/policy.js';

const cache = new WeakMap<Policy, boolean>();

/** Any rule that could block: a rule of any list kind, or adaptive protection not off. */
export function hasGovernanceRules(): boolean {
  const engine = governance();
  const policy = engine.policy;
  let has = cache.get(policy);
  if (has === undefined) {
    has = engine.mayBlock;
    cache.set(policy, has);
  }
  return has;
}

/** The policy has lanes or services: inbound tagging and outbound routing apply. */
export function lanesConfigured(): boolean {
  const policy = governance().policy as Policy & { services?: unknown };
  return policy.lanes !== undefined || policy.services !== undefined;
}
