// Path expressions such as `self.client.host`, `args[0].method` or `result['status']`: what rules
// use to pick values out of a call for span names and attributes.
//
// Grammar (no whitespace anywhere, ASCII names):
//   path    := root segment*
//   root    := name
//   segment := '.' name | '[' index ']' | '[' string ']'
//   name    := [A-Za-z_$][A-Za-z0-9_$]*
//   index   := '0' | [1-9][0-9]*
//   string  := "'" chars "'" | '"' chars '"'     (a backslash takes the next character literally)
//
// No calls, no operators, nothing evaluated: a path is data. This file has no imports and no side
// effects, so the build uses the very same parser to reject a bad path with its position.

export type PathSegment = string | number;

/** A parsed path: read it with `readPath`. */
export interface Path {
  readonly kind: 'path';
  /** The source text. */
  readonly text: string;
  /** The first name: which value the path starts from (`self`, `args`, …). */
  readonly root: string;
  /** Property names (strings) and array indices (numbers), in order. */
  readonly segments: readonly PathSegment[];
}

/** Why a text is not a path; `position` is the 0-based offset of the offending character. */
export interface ParseError {
  readonly kind: 'error';
  readonly position: number;
  readonly message: string;
}

export interface ParsePathOptions {
  /** The names a path may start with; `'any'` accepts every name. Default: `PATH_ROOTS`. */
  readonly roots?: readonly string[] | 'any';
}

/** What a hook can read: the receiver, the arguments, and at exit the result or the error. */
export const PATH_ROOTS: readonly string[] = Object.freeze(['self', 'args', 'result', 'error']);

/** Longest path text accepted, and most segments: paths are short by nature. */
export const MAX_PATH_LENGTH = 512;
export const MAX_PATH_SEGMENTS = 32;

export function isParseError(value: Path | ParseError | unknown): value is ParseError {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'error';
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 /* _ */ || c === 36; /* $ */
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function describe(text: string, at: number): string {
  if (at >= text.length) return 'the end of the path';
  const ch = text[at]!;
  return ch === ' ' ? 'a space' : `'${ch}'`;
}

function error(position: number, message: string): ParseError {
  return { kind: 'error', position, message };
}

function listRoots(roots: readonly string[]): string {
  if (roots.length === 0) return '(none)';
  if (roots.length === 1) return roots[0]!;
  return `${roots.slice(0, -1).join(', ')} or ${roots[roots.length - 1]}`;
}

/** Reads a name at `at`; returns its end, or -1 when there is none. */
function scanName(text: string, at: number): number {
  if (at >= text.length || !isNameStart(text.charCodeAt(at))) return -1;
  let end = at + 1;
  while (end < text.length && isNamePart(text.charCodeAt(end))) end++;
  return end;
}

/** Parses a path. Never throws. */
export function parsePath(text: string, options?: ParsePathOptions): Path | ParseError {
  if (typeof text !== 'string') return error(0, 'a path must be a string');
  if (text.length === 0) return error(0, 'empty path: expected a name such as self, args, result or error');
  if (text.length > MAX_PATH_LENGTH) return error(MAX_PATH_LENGTH, `path longer than ${MAX_PATH_LENGTH} characters`);

  const rootEnd = scanName(text, 0);
  if (rootEnd < 0) return error(0, `expected a name at the start of the path, found ${describe(text, 0)}`);
  const root = text.slice(0, rootEnd);
  const roots = options?.roots ?? PATH_ROOTS;
  if (roots !== 'any' && !roots.includes(root)) {
    return error(0, `unknown root '${root}': a path starts with ${listRoots(roots)}`);
  }

  const segments: PathSegment[] = [];
  let at = rootEnd;
  while (at < text.length) {
    if (segments.length >= MAX_PATH_SEGMENTS) return error(at, `more than ${MAX_PATH_SEGMENTS} segments`);
    const c = text.charCodeAt(at);
    if (c === 46 /* . */) {
      const end = scanName(text, at + 1);
      if (end < 0) {
        const hint = isDigit(text.charCodeAt(at + 1)) ? ` (write [${text[at + 1]}] for an index)` : '';
        return error(at + 1, `expected a property name after '.', found ${describe(text, at + 1)}${hint}`);
      }
      segments.push(text.slice(at + 1, end));
      at = end;
    } else if (c === 91 /* [ */) {
      const parsed = parseBracket(text, at);
      if (isParseError(parsed)) return parsed;
      segments.push(parsed.segment);
      at = parsed.end;
    } else if (c === 40 /* ( */) {
      return error(at, 'calls are not allowed in a path');
    } else {
      return error(at, `expected '.', '[' or the end of the path, found ${describe(text, at)}`);
    }
  }
  return { kind: 'path', text, root, segments };
}

/** `[0]`, `['key']` or `["key"]` starting at `open`. */
function parseBracket(text: string, open: number): { segment: PathSegment; end: number } | ParseError {
  let at = open + 1;
  const c = text.charCodeAt(at);
  let segment: PathSegment;
  if (isDigit(c)) {
    const start = at;
    while (at < text.length && isDigit(text.charCodeAt(at))) at++;
    const digits = text.slice(start, at);
    if (digits.length > 1 && digits.startsWith('0')) return error(start, 'an index has no leading zeros');
    const index = Number(digits);
    if (!Number.isSafeInteger(index)) return error(start, 'index too large');
    segment = index;
  } else if (c === 39 /* ' */ || c === 34 /* " */) {
    const quote = c;
    let value = '';
    at++;
    for (;;) {
      if (at >= text.length) return error(open + 1, 'unterminated string');
      const ch = text.charCodeAt(at);
      if (ch === quote) break;
      if (ch === 92 /* \ */) {
        if (at + 1 >= text.length) return error(open + 1, 'unterminated string');
        value += text[at + 1];
        at += 2;
        continue;
      }
      value += text[at];
      at++;
    }
    at++; // closing quote
    segment = value;
  } else if (c === 45 /* - */) {
    return error(at, 'negative indices are not allowed');
  } else {
    return error(at, `expected an index or a quoted key after '[', found ${describe(text, at)}`);
  }
  if (text.charCodeAt(at) !== 93 /* ] */) return error(at, `expected ']', found ${describe(text, at)}`);
  return { segment, end: at + 1 };
}

/**
 * Follows `path` from `roots[path.root]`. Never throws: a missing step, a null or undefined on the
 * way, or a getter or proxy that throws all give `undefined`. Getters run (that is how many
 * framework objects expose their data); nothing is ever called otherwise.
 */
export function readPath(path: Path, roots: unknown): unknown {
  try {
    if (roots === null || roots === undefined) return undefined;
    let current: unknown = (roots as Record<string, unknown>)[path.root];
    for (const segment of path.segments) {
      if (current === null || current === undefined) return undefined;
      current = (current as Record<PropertyKey, unknown>)[segment];
    }
    return current;
  } catch {
    return undefined;
  }
}

/** The canonical text of a path (`args[0]["a-b"].c`), e.g. for messages. */
export function formatPath(path: Pick<Path, 'root' | 'segments'>): string {
  let out = path.root;
  for (const segment of path.segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
