// `where.class` / `where.function` selectors: a plain name, a glob or a /regex/flags.

import { Minimatch, type MinimatchOptions } from 'minimatch';
import { classEnd, globProblem } from './file-glob.js';
import type { NameMatcher } from './types.js';

const NAME_GLOB_OPTIONS: MinimatchOptions = { dot: true, nocomment: true, nonegate: true };

/** A selector that cannot be compiled; `kind` tells a bad glob from a bad regular expression. */
export class NameSelectorError extends Error {
  constructor(
    message: string,
    readonly kind: 'glob' | 'regex',
  ) {
    super(message);
    this.name = 'NameSelectorError';
  }
}

/** `[Symbol.iterator]`, `[Symbol.asyncIterator]`: names of well-known-symbol methods, not globs. */
const SYMBOL_NAME = /^\[Symbol\.[A-Za-z_$][A-Za-z0-9_$]*\]$/;

/** Flags that make `RegExp#test` stateful; they mean nothing for matching one name. */
const STATEFUL_FLAGS = /[gy]/g;

/**
 * Compiles a name selector. `*` matches every name, anonymous functions included (the caller
 * decides what an anonymous function's name is; `test` returns true for anything). Throws
 * NameSelectorError for an invalid glob or regular expression.
 */
export function compileNameMatcher(source: string): NameMatcher {
  if (source === '*' || source === '**') {
    return { source, exact: false, any: true, test: () => true };
  }
  if (source.startsWith('/')) return compileRegex(source);
  if (isPlainName(source)) {
    const literal = SYMBOL_NAME.test(source) ? source.slice(1, -1) : source;
    return { source, exact: true, any: false, test: (name) => name === source, literal: literal || undefined };
  }
  const problem = globProblem(source, NAME_GLOB_OPTIONS);
  if (problem) throw new NameSelectorError(problem, 'glob');
  const mm = new Minimatch(source, NAME_GLOB_OPTIONS);
  return { source, exact: false, any: false, test: (name) => mm.match(name), literal: longestLiteral(source) };
}

/** No glob syntax at all (`!`, `+`, `@` only mean something before `(`). */
function isPlainName(source: string): boolean {
  return SYMBOL_NAME.test(source) || !/[*?[\]{}()\\]/.test(source);
}

function compileRegex(source: string): NameMatcher {
  const close = source.lastIndexOf('/');
  if (close <= 0) {
    throw new NameSelectorError(
      `a regular expression is written /pattern/flags, and this one has no closing '/'`,
      'regex',
    );
  }
  const pattern = source.slice(1, close);
  const flags = source.slice(close + 1);
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags);
  } catch (err) {
    // V8 repeats the pattern in its message: "Invalid regular expression: /(/: Unterminated group".
    const reason = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw new NameSelectorError(`invalid regular expression (${reason})`, 'regex');
  }
  if (/[gy]/.test(flags)) re = new RegExp(pattern, flags.replace(STATEFUL_FLAGS, ''));
  return { source, exact: false, any: false, test: (name) => re.test(name) };
}

/**
 * The longest run of plain characters every name matching the glob contains. Wildcards,
 * character classes, brace alternatives and extglob groups end a run (what they match is not
 * fixed text).
 */
function longestLiteral(glob: string): string | undefined {
  let best = '';
  let run = '';
  const endRun = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\' && i + 1 < glob.length) {
      run += glob[++i];
    } else if ('?*+@!'.includes(c) && glob[i + 1] === '(') {
      endRun();
      i = skipGroup(glob, i + 1, '(', ')');
    } else if (c === '*' || c === '?') {
      endRun();
    } else if (c === '[') {
      endRun();
      const end = classEnd(glob, i);
      i = end < 0 ? glob.length : end;
    } else if (c === '{') {
      endRun();
      i = skipGroup(glob, i, '{', '}');
    } else {
      run += c;
    }
  }
  endRun();
  return best || undefined;
}

/** Index of the bracket closing the group opened at `open` (nesting and escapes respected). */
function skipGroup(glob: string, open: number, opening: string, closing: string): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === opening) depth++;
    else if (c === closing && --depth === 0) return i;
  }
  return glob.length;
}
