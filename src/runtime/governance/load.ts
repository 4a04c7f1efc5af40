// The governance engine module, reached statically (see access.ts): the split ES module support
// build replaces this module with one that loads `__instts__/governance.js` on demand.

import type { GovernanceEngine } from './engine.js';
import { governance } from './index.js';

/** The function that returns the process-wide engine. */
export function loadGovernance(): () => GovernanceEngine {
  return governance;
}
