// Hook failures are reported once per hook and phase, on stderr, and never reach user code.

import { describeError, stderrSink } from './log.js';
import type { HookBinding, SiteInfo } from './site.js';

const reported = new WeakMap<HookBinding, Set<string>>();

export function reportHookFailure(binding: HookBinding, phase: string, error: unknown): void {
  try {
    let phases = reported.get(binding);
    if (phases === undefined) reported.set(binding, (phases = new Set()));
    if (phases.has(phase)) return;
    phases.add(phase);
    const { info } = binding;
    const where = siteLocation(info);
    stderrSink(
      `instts: ${phase} hook of rule '${info.rule}' threw at ${where}: ${describeError(error)} (the call went on; reported once)`,
    );
  } catch {
    // reporting must never fail the call either
  }
}

/** `src/orders.ts:12 Orders.place`: where a site is, as the reports name it. */
export function siteLocation(site: SiteInfo): string {
  return `${site.file}:${site.line} ${site.class ? `${site.class}.` : ''}${site.function}`;
}

// One set per process, not per copy of this module: output that is not bundled as one file has a
// copy of the runtime in each hook module, and each copy would say the same thing again.
const REPORTED = Symbol.for('instts.report.once.v1');
const reportedKeys = ((globalThis as { [REPORTED]?: Set<string> })[REPORTED] ??= new Set<string>());

/** One stderr line per `what` for the life of the process: a failure inside instts that the call did not see. */
export function reportOnce(what: string, error: unknown, consequence = 'the call went on without it'): void {
  if (reportedKeys.has(what)) return;
  reportedKeys.add(what);
  try {
    stderrSink(`instts: ${what} failed: ${describeError(error)} (${consequence}; reported once)`);
  } catch {
    // never fail the call
  }
}

/** A `runAround` wrapper threw before running the original: the call ran without it. */
export function reportAroundFailure(error: unknown): void {
  reportOnce("a hook's runAround wrapper", error, 'the call ran without it');
}
