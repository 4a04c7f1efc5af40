// Full-chain gray lanes at run time. The HTTP hooks call, per request:
//
//   const l = lanes();                                   // process-wide; follows the policy file
//   const tag = l.inbound(req);                          // inbound: which lane is this request in?
//   runInLane(tag, () => handler(req, res));             // the tag follows the request's async work
//   …
//   const tag = currentLane();                           // outbound, anywhere below the handler:
//   const hostPort = l.route(url, tag);                  //   the instance to call (undefined: untouched)
//   for (const [k, v] of Object.entries(l.outboundHeaders(tag, { baggage }))) v === null ? del(k) : set(k, v);
//
// Policy format and semantics: docs/lanes.md.

import { Lanes } from './lanes.js';
import { activeLanePolicy } from './policy-source.js';

export { Lanes, type LanesOptions, type LanePolicy, type OutboundHeaders } from './lanes.js';
export { runInLane, currentLane } from './context.js';
export {
  validateLanes,
  validateServices,
  isLaneTag,
  normalizeAddress,
  LANE_DEFAULTS,
  type LanesConfig,
  type LaneGroup,
  type Lane,
  type LaneMatch,
  type MatchItem,
  type MatchSource,
  type Instance,
  type ServicesConfig,
} from './config.js';
export { PolicyServiceRegistry, addressOf, type ServiceRegistry } from './registry.js';
export { laneHash, laneBucket } from './hash.js';
export { readBaggage, mergeBaggage } from './baggage.js';
export type { InboundRequest, InboundHeaders } from './request.js';

// One instance per process, even when several bundles load the runtime.
const sharedKey = Symbol.for('instts.lanes.v1');
const scope = globalThis as unknown as Record<symbol, Lanes | undefined>;

/**
 * The process-wide lanes: service name and tag from the environment (`INSTTS_SERVICE` or
 * `OTEL_SERVICE_NAME`, `INSTTS_TAG`), policy from the governance engine's active policy
 * (hot-reloaded from `INSTTS_POLICY`).
 */
export function lanes(): Lanes {
  return (scope[sharedKey] ??= new Lanes({ policy: activeLanePolicy }));
}

/** Forget the process-wide instance (tests; the next {@link lanes} call reads the environment again). */
export function resetLanes(): void {
  scope[sharedKey] = undefined;
}
