// Whether anything will read what the HTTP hooks do. With tracing off (OTEL_SDK_DISABLED, which
// turns metrics off too) and no policy file, no span, metric, lane or governance decision can
// come from a request, and no policy can appear later (the policy-file watcher needs
// INSTTS_POLICY). Then the HTTP rules' sites are turned off at load: each instrumented call
// costs the one `on` check generated code makes — no call record, no route bookkeeping.

import { policyConfigured, sdkDisabled } from '../env.js';
import { setRuleEnabled } from '../index.js';

/** Tracing is on, or a policy file is named: the HTTP hooks have a reader. */
export function httpListening(): boolean {
  return !sdkDisabled() || policyConfigured();
}

/** Turns these rules off (their sites, existing and future) when nothing listens. */
export function quietUnlessListening(rules: readonly string[]): void {
  if (httpListening()) return;
  for (const rule of rules) setRuleEnabled(rule, false);
}
