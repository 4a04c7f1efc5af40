// How the hooks reach the process-wide governance engine without loading it. The engine, the
// policy parser and the admin endpoint are much of the runtime's code, and a process without
// INSTTS_POLICY or INSTTS_ADMIN_PORT never runs them: hooks ask `governance()` only when one of
// those is set. `load.ts` says how the engine module is reached: a static import in bundles and
// in per-file output without code splitting; the split ES module support output loads
// `__instts__/governance.js` on the first call instead (docs/adr/0006).

import { markGovernanceUnavailable } from '../env.js';
import { describeError, stderrSink } from '../log.js';
import type { GovernanceEngine } from './engine.js';
import { loadOnce } from '../load-once.js';
import { loadGovernance } from './load.js';

const engineOf = loadOnce(loadGovernance, (error) => {
  markGovernanceUnavailable();
  const code = (error as { code?: unknown } | null)?.code;
  stderrSink(
    `instts: the governance engine cannot be loaded, so INSTTS_POLICY and INSTTS_ADMIN_PORT are not applied: ${describeError(error).split('\n')[0]}` +
      (code === 'ERR_REQUIRE_ESM'
        ? ' (ES module output that is not bundled loads it with require(), which needs Node 20.19+ or 22.12+)'
        : ''),
  );
});

/**
 * The process-wide engine, loaded (with its policy and admin endpoint) on the first call. Throws
 * only when the engine module cannot be loaded; that is said once, and from then on hooks act as
 * if no policy were named.
 */
export function governance(): GovernanceEngine {
  return engineOf()();
}

/** Load the engine now (start-up, where a failure must not reach the program); false when it cannot be. */
export function startGovernance(): boolean {
  try {
    governance();
    return true;
  } catch {
    return false;
  }
}
