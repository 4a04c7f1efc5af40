// The lanes module, reached statically (see access.ts): the split ES module support build
// replaces this module with one that loads `__instts__/lanes.js` on demand.

import { lanes } from './index.js';
import type { Lanes } from './lanes.js';

/** The function that returns the process-wide lanes. */
export function loadLanes(): () => Lanes {
  return lanes;
}
