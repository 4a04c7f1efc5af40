// Generated identifiers: one prefix per file, chosen so that it occurs nowhere in the file's text,
// which makes collisions with user names (and shadowed globals) impossible.

export interface GeneratedNames {
  /** Namespace of `instts/runtime`. */
  runtime: string;
  /** Per-call record (a `const` in each instrumented body; nested bodies shadow it on purpose). */
  record: string;
  /** The catch binding. */
  error: string;
  site(index: number): string;
  hook(index: number): string;
}

export function chooseNames(text: string): GeneratedNames {
  let prefix = '__instts';
  for (let n = 1; text.includes(prefix); n++) prefix = `__instts${n}`;
  return {
    runtime: `${prefix}$rt`,
    record: `${prefix}$c`,
    error: `${prefix}$e`,
    site: (i) => `${prefix}$s${i}`,
    hook: (i) => `${prefix}$h${i}`,
  };
}
