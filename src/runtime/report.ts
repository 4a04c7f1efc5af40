// Hook failures are reported once per hook and phase, on stderr, and never reach user code.

import type { HookBinding } from './site.js';

const reported = new WeakMap<HookBinding, Set<string>>();

export function reportHookFailure(binding: HookBinding, phase: string, error: unknown): void {
  try {
    let phases = reported.get(binding);
    if (phases === undefined) reported.set(binding, (phases = new Set()));
    if (phases.has(phase)) return;
    phases.add(phase);
    const { info } = binding;
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const where = `${info.file}:${info.line} ${info.class ? `${info.class}.` : ''}${info.function}`;
    writeStderr(
      `instts: ${phase} hook of rule '${info.rule}' threw at ${where}: ${what} ` +
        `(the call went on; reported once)\n`,
    );
  } catch {
    // reporting must never fail the call either
  }
}

export function writeStderr(text: string): void {
  const proc = (globalThis as { process?: { stderr?: { write(s: string): unknown } } }).process;
  if (proc?.stderr) proc.stderr.write(text);
  else console.error(text.trimEnd());
}

const reportedKeys = new Set<string>();

/** One stderr line per `what` for the life of the process: a failure inside instts that the call did not see. */
export function reportOnce(what: string, error: unknown, consequence = 'the call went on without it'): void {
  if (reportedKeys.has(what)) return;
  reportedKeys.add(what);
  try {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    writeStderr(`instts: ${what} failed: ${text} (${consequence}; reported once)\n`);
  } catch {
    // never fail the call
  }
}

/** A `runAround` wrapper threw before running the original: the call ran without it. */
export function reportAroundFailure(error: unknown): void {
  reportOnce("a hook's runAround wrapper", error, 'the call ran without it');
}
