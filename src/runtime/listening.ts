// Whether anything will read what the built-in HTTP, database, RPC and messaging hooks do. With
// tracing off (OTEL_SDK_DISABLED, which turns metrics off too) and no policy file, no span,
// metric, lane or governance decision can come from a request, a query or a message, and no
// policy can appear later (the policy-file watcher needs INSTTS_POLICY). Then those rules' sites
// are turned off when their hook module loads: each instrumented call costs the one `on` check
// generated code makes — no call record, no bookkeeping, no callback watch.

import { policyConfigured, sdkDisabled } from './env.js';
import { setRuleEnabled } from './index.js';

/** Tracing is on, or a policy file is named: the built-in hooks have a reader. */
export function anythingListening(): boolean {
  return !sdkDisabled() || policyConfigured();
}

/** Turns these rules off (their sites, existing and future) when nothing listens. */
export function quietUnlessListening(rules: readonly string[]): void {
  if (!anythingListening()) turnOff(rules);
}

/**
 * Turns these rules off when no policy file is named: hooks whose only work is a governance
 * decision (a route guard) have nothing to decide, tracing or not, and no policy can appear later.
 */
export function quietUnlessGoverned(rules: readonly string[]): void {
  if (!policyConfigured()) turnOff(rules);
}

function turnOff(rules: readonly string[]): void {
  for (const rule of rules) setRuleEnabled(rule, false);
}
