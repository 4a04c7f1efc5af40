// Where lanes get the active policy from. Governance loads and hot-reloads the policy file and
// registers its engine here (governance/index.ts), so lanes follow the policy without importing
// governance. A module of its own, with no imports: governance-only builds stay small.

import type { LanePolicy } from './lanes.js';

const sourceKey = Symbol.for('instts.lanes.policySource.v1');
const sources = globalThis as unknown as Record<symbol, (() => LanePolicy | undefined) | undefined>;

/** The function lanes call for the active policy (governance registers its engine's). */
export function setLanePolicySource(source: () => LanePolicy | undefined): void {
  sources[sourceKey] = source;
}

/** The active policy, if a source is registered and has one. */
export function activeLanePolicy(): LanePolicy | undefined {
  return sources[sourceKey]?.();
}
