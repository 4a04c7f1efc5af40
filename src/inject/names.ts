// Generated identifiers: one prefix per file, chosen so that it occurs nowhere in the file's text,
// which makes collisions with user names (and shadowed globals) impossible.

/** The runtime functions generated code calls, each bound to its own local name. */
export const RUNTIME_HELPERS = ['site', 'cm', 'cf', 'cn'] as const;
export type RuntimeHelper = (typeof RUNTIME_HELPERS)[number];

export interface GeneratedNames {
  /** Namespace of `instts/runtime` (CommonJS files only). */
  runtime: string;
  /**
   * Local name of a runtime function. Called directly, never as `ns.fn`: a CommonJS namespace
   * from a bundled ES module reads its members through getters, which the fast path can't afford.
   */
  helper(name: RuntimeHelper): string;
  /** Per-call record (a `const` in each instrumented body; nested bodies shadow it on purpose). */
  record: string;
  /** A body's return value on its way through the record (a `let` in bodies that return values). */
  value: string;
  /** The catch binding. */
  error: string;
  /** The body moved into a closure (sites whose hooks activate a context). */
  body: string;
  site(index: number): string;
  hook(index: number): string;
}

export function chooseNames(text: string): GeneratedNames {
  let prefix = '__instts';
  for (let n = 1; text.includes(prefix); n++) prefix = `__instts${n}`;
  return {
    runtime: `${prefix}$rt`,
    helper: (name) => `${prefix}$${name}`,
    record: `${prefix}$c`,
    value: `${prefix}$v`,
    error: `${prefix}$e`,
    body: `${prefix}$f`,
    site: (i) => `${prefix}$s${i}`,
    hook: (i) => `${prefix}$h${i}`,
  };
}
