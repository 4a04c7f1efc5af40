// How the hooks reach the process-wide lanes without loading them: lanes apply only under a
// policy (INSTTS_POLICY), and their matching (minimatch, the policy's lane sections) is code a
// process without one never runs. As for governance (governance/access.ts), `load.ts` is a
// static import except in split ES module support output, which loads `__instts__/lanes.js` on
// the first call.

import type { Lanes } from './lanes.js';
import { loadOnce } from '../load-once.js';
import { loadLanes } from './load.js';

const lanesOf = loadOnce(loadLanes);

/**
 * The process-wide lanes (see index.ts); hooks call this only when a policy is configured. A
 * module that cannot be loaded is tried once: the hooks, which fail open, get its error again.
 */
export function lanes(): Lanes {
  return lanesOf()();
}
