// Run-time governance: flow control, isolation, circuit breaking, hotspot limits, behaviours and
// adaptive overload protection, driven by a hot-reloaded policy file.
//
//   const gov = governance();                 // process-wide engine; follows $INSTTS_POLICY
//   const e = gov.entry('order.get', { headers, clientIp });
//   if (e.kind === 'blocked') return answer(e.httpResponse());
//   const entry = e.kind === 'pending' ? await e.ready : e;   // queue shaping
//   … run the call …
//   gov.exit(entry, { error, status });

import { startAdminServer, type AdminServer } from './admin.js';
import { GovernanceEngine, type EngineOptions } from './engine.js';
import { stderrSink } from '../log.js';
import { PolicyWatcher, watchPolicyFile } from './reload.js';
import { setLanePolicySource } from '../lanes/policy-source.js';

export {
  GovernanceEngine,
  GovernanceTimeoutError,
  Entry,
  Pending,
  Resource,
  isErrorOutcome,
  BLOCK_TYPES,
  RT_BOUNDS_MS,
  type EntryContext,
  type EntryResult,
  type ExitOutcome,
  type EngineOptions,
  type GuardOptions,
  type GovernanceEvent,
  type ResourceStats,
  type RuleView,
  type EngineView,
  type RuleBlockCount,
  type MatchAttributes,
  type ResourceWarning,
  OVERFLOW_RESOURCE,
} from './engine.js';
export {
  Blocked,
  BlockedError,
  registerFallback,
  unregisterFallback,
  httpResponseFor,
  applyFallback,
  DEFAULT_BEHAVIOR,
  type BlockInfo,
  type HttpBlockResponse,
  type FallbackHandler,
  type FallbackRequest,
} from './behavior.js';
export { FakeClock, systemClock, monotonic, flushMicrotasks, type Clock, type TimerHandle } from './clock.js';
export {
  parsePolicy,
  validatePolicy,
  emptyPolicy,
  isValidatedPolicy,
  PolicyError,
  DEFAULTS,
  CHECK_ORDER,
  MATCH_ATTRIBUTES,
  type Policy,
  type BlockType,
  type Behavior,
  type RespondBehavior,
  type RedirectBehavior,
  type FallbackBehavior,
  type FlowRule,
  type IsolationRule,
  type BreakerRule,
  type BreakerRecovery,
  type HotspotRule,
  type ParamSource,
  type AdaptiveRule,
  type ErrorSpec,
  type WindowSpec,
  type ResourceDecl,
} from './policy.js';
export type { InsttsGovernancePolicy as PolicyDocument } from '../policy-document.js';
export { KINDS, RULE_KINDS, allRules, type RuleKind, type RuleKindName, type RuleSection } from './kinds.js';
export {
  loadPolicyFile,
  reloadPolicyFile,
  watchPolicyFile,
  PolicyWatcher,
  type WatchOptions,
  type ReloadResult,
} from './reload.js';
export { renderPrometheus, renderPolicyJson, policyView, PROMETHEUS_CONTENT_TYPE } from './metrics.js';
export { startAdminServer, parsePort, ADMIN_HOST, type AdminServer, type AdminOptions } from './admin.js';
export type { BreakerState } from './breaker/controller.js';
export type { LogSink } from '../log.js';

interface Shared {
  engine: GovernanceEngine;
  watcher: PolicyWatcher | undefined;
  admin: AdminServer | undefined;
}

// One engine per process, even when several bundles load the runtime.
const sharedKey = Symbol.for('instts.governance.engine.v1');
const scope = globalThis as unknown as Record<symbol, Shared | undefined>;

/**
 * The process-wide engine. Created on first use (`options` apply only then); when
 * `INSTTS_POLICY` names a file, the policy is loaded from it at once and followed (hot reload)
 * from then on; when `INSTTS_ADMIN_PORT` is set, the admin endpoint starts on 127.0.0.1.
 */
// Lanes read their sections of the same policy file, through the process-wide engine.
setLanePolicySource(() => governance().policy);

export function governance(options?: EngineOptions): GovernanceEngine {
  let shared = scope[sharedKey];
  if (shared === undefined) {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const engine = new GovernanceEngine({
      maxResources: envCount(env?.INSTTS_MAX_RESOURCES),
      unseenResourceMs: envCount(env?.INSTTS_UNSEEN_RESOURCE_MS),
      ...options,
    });
    shared = { engine, watcher: undefined, admin: undefined };
    scope[sharedKey] = shared;
    const file = env?.INSTTS_POLICY;
    if (file) {
      try {
        shared.watcher = watchPolicyFile(engine, file);
      } catch (error) {
        stderrSink(
          `instts: policy ${file} cannot be watched: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    const adminPort = env?.INSTTS_ADMIN_PORT;
    if (adminPort !== undefined && adminPort.trim() !== '') {
      shared.admin = startAdminServer(engine, { watcher: shared.watcher, log: engine.log });
    }
  }
  return shared.engine;
}

/** A non-negative integer from the environment; undefined (the default applies) when unset or not one. */
function envCount(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) {
    if (value !== undefined && value.trim() !== '')
      stderrSink(`instts: ignoring ${JSON.stringify(value)}: expected a whole number`);
    return undefined;
  }
  return Number(value.trim());
}

/** The process-wide engine's admin endpoint, if it was started. */
export function governanceAdmin(): AdminServer | undefined {
  return scope[sharedKey]?.admin;
}

/** Stop the process-wide engine's policy watcher, admin endpoint and sampler, and forget the engine. */
export function resetGovernance(): void {
  const shared = scope[sharedKey];
  if (shared === undefined) return;
  shared.watcher?.close();
  void shared.admin?.close();
  shared.engine.close();
  scope[sharedKey] = undefined;
}
