// `where.file` globs: checked when the rule is compiled, matched against paths relative to the
// module root (the project directory or the package directory).

import { Minimatch, type MinimatchOptions } from 'minimatch';

const FILE_GLOB_OPTIONS: MinimatchOptions = { dot: true };

/**
 * Why a glob is unusable, or undefined when it is fine. minimatch silently reads an unclosed
 * `[`, `{` or extglob `(` as literal text and a reversed range (`[z-a]`) as "never matches";
 * in a rule both are almost certainly typos, so they are reported instead.
 */
export function globProblem(glob: string, options: MinimatchOptions = FILE_GLOB_OPTIONS): string | undefined {
  if (glob.length === 0) return 'a glob must not be empty';
  const unbalanced = unbalancedGlobSyntax(glob);
  if (unbalanced) return unbalanced;
  let re: RegExp | false;
  try {
    re = new Minimatch(glob, options).makeRe();
  } catch (err) {
    return `invalid glob: ${(err as Error).message}`;
  }
  if (re === false) return 'invalid glob';
  // minimatch compiles an empty or reversed character class to the never-matching `$.`.
  if (/(?<!\\)\$\./.test(re.source)) return 'a character class in the glob can never match (empty or reversed range)';
  return undefined;
}

function unbalancedGlobSyntax(glob: string): string | undefined {
  let braceDepth = 0;
  let braceOpen = -1;
  const parens: number[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      const close = classEnd(glob, i);
      if (close < 0) return `unclosed '[' at character ${i + 1} (for a literal '[', write \\\\[ in the JSON string)`;
      i = close;
      continue;
    }
    if (c === '{') {
      if (braceDepth === 0) braceOpen = i;
      braceDepth++;
    } else if (c === '}') {
      if (braceDepth === 0)
        return `unmatched '}' at character ${i + 1} (for a literal '}', write \\\\} in the JSON string)`;
      braceDepth--;
    } else if (c === '(' && i > 0 && '?*+@!'.includes(glob[i - 1]!)) {
      parens.push(i);
    } else if (c === ')' && parens.length > 0) {
      parens.pop();
    }
  }
  if (braceDepth > 0)
    return `unclosed '{' at character ${braceOpen + 1} (for a literal '{', write \\\\{ in the JSON string)`;
  if (parens.length > 0) return `unclosed '(' at character ${parens[0]! + 1}`;
  return undefined;
}

/** Index of the `]` closing the character class opened at `open`, or -1. */
export function classEnd(glob: string, open: number): number {
  let i = open + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  // A `]` right after the opening bracket is a literal member of the class.
  if (glob[i] === ']') i++;
  for (; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
    } else if (c === '[' && glob[i + 1] === ':') {
      // POSIX class such as [:alpha:]
      const end = glob.indexOf(':]', i + 2);
      if (end >= 0) i = end + 1;
    } else if (c === ']') {
      return i;
    }
  }
  return -1;
}

/** A leading `./` means the module root; minimatch would take it literally. */
export function normalizeFileGlob(glob: string): string {
  let g = glob;
  while (g.startsWith('./')) g = g.slice(2);
  return g;
}

/** Why `glob` cannot be a `where.file` value, or undefined when it can. */
export function fileGlobProblem(glob: string): string | undefined {
  if (glob.length === 0) return 'a file glob must not be empty';
  if (glob.startsWith('/') || /^[A-Za-z]:[\\/]/.test(glob)) {
    return 'a file glob must be relative to the module root, not an absolute path';
  }
  const g = normalizeFileGlob(glob);
  if (g.length === 0) return 'a file glob must name files below the module root';
  if (g.split('/').includes('..'))
    return "a file glob cannot contain '..' segments (it is relative to the module root)";
  return globProblem(g);
}

/**
 * Compiles `where.file` into a matcher of module-relative paths (`/`-separated; backslashes
 * are read as separators). Undefined matches every file. Call `fileGlobProblem` first: an
 * invalid glob throws.
 */
export function compileFileGlob(glob: string | undefined): (relativePath: string) => boolean {
  if (glob === undefined) return () => true;
  const problem = fileGlobProblem(glob);
  if (problem) throw new Error(`${JSON.stringify(glob)}: ${problem}`);
  const mm = new Minimatch(normalizeFileGlob(glob), FILE_GLOB_OPTIONS);
  return (relativePath) => {
    let p = relativePath.replace(/\\/g, '/');
    while (p.startsWith('./')) p = p.slice(2);
    return mm.match(p);
  };
}
