// Validation helpers for the JSON documents the runtime reads (the policy file and its lanes and
// services sections): JSON paths in messages, "did you mean" suggestions, one error type.
// The policy validates with these, and so does lanes/config.ts; neither imports the other's
// validation, so the two folders do not depend on each other.

/**
 * A policy that could not be accepted: `path` is the JSON path of the first problem; `line` and
 * `column` (1-based) where it is in the file, when the policy was read from text.
 */
export class PolicyError extends Error {
  readonly path: string;
  readonly problem: string;
  line: number | undefined;
  column: number | undefined;
  constructor(path: string, problem: string, at?: { line: number; column: number }) {
    super(`${path}: ${problem}`);
    this.name = 'PolicyError';
    this.path = path;
    this.problem = problem;
    this.line = at?.line;
    this.column = at?.column;
  }
}

/** `file(line,col)` when the position is known, else `file`: how tsc and instts name a place. */
export function located(file: string, error: { line?: number | undefined; column?: number | undefined }): string {
  return error.line === undefined ? file : `${file}(${error.line},${error.column ?? 1})`;
}

/** The segments of a JSON path as `key()` writes it: `$.flow[0]["my busy"]` → flow, 0, my busy. */
function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  re.lastIndex = path.startsWith('$') ? 1 : 0;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
  }
  return out;
}

/**
 * Line and column (1-based) of what `path` names in the JSON `text`: the property's name when the
 * path ends at a property, the element when it ends at an array index, else the deepest point on
 * the way that exists (a missing property is reported where its object is named).
 * Undefined when the text does not parse that far. Text JSON.parse accepted only: no recovery.
 */
export function locateJsonPath(text: string, path: string): { line: number; column: number } | undefined {
  const segments = pathSegments(path);
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const skipString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skipValue = (): void => {
    ws();
    const c = text[i];
    if (c === '"') return void skipString();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        ws();
        if (c === '{') {
          skipString();
          ws();
          i++; // ':'
        }
        skipValue();
        ws();
        if (text[i] === ',') i++;
        else return void i++;
      }
    }
    while (i < text.length && !',}] \t\n\r'.includes(text[i]!)) i++;
  };
  let found = -1;
  ws();
  found = i;
  for (const segment of segments) {
    ws();
    if (typeof segment === 'number') {
      if (text[i] !== '[') break;
      i++;
      let n = 0;
      ws();
      if (text[i] === ']') break;
      while (n < segment) {
        skipValue();
        ws();
        if (text[i] !== ',') break;
        i++;
        n++;
      }
      if (n !== segment) break;
      ws();
      found = i;
      continue;
    }
    if (text[i] !== '{') break;
    i++;
    let hit = false;
    for (;;) {
      ws();
      if (text[i] !== '"') break;
      const keyAt = i;
      const name = skipString();
      ws();
      i++; // ':'
      if (name === segment) {
        found = keyAt;
        hit = true;
        ws();
        break;
      }
      skipValue();
      ws();
      if (text[i] !== ',') break;
      i++;
    }
    if (!hit) break;
  }
  if (found < 0 || found >= text.length) return undefined;
  return lineAndColumn(text, found);
}

/** Line and column (1-based) of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

export type Obj = Record<string, unknown>;

/** The JSON path of property `name` under `path`: `$.flow[0].window`, `$.behaviors["too-many"]`. */
export function key(path: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case 'number':
    case 'boolean':
      return `${typeof v} ${String(v)}`;
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

export function fail(path: string, problem: string): never {
  throw new PolicyError(path, problem);
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` as an object with no properties but `allowed` (an unknown one gets a "did you mean"). */
export function object(v: unknown, path: string, allowed: readonly string[]): Obj {
  if (!isObj(v)) fail(path, `expected an object, got ${describe(v)}`);
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) {
      const near = closest(k, allowed);
      fail(key(path, k), `unknown property${near ? ` (did you mean "${near}"?)` : ''}`);
    }
  }
  return v;
}

/**
 * The option nearest to `word`, when it is near enough to be a likely typo: the one "did you
 * mean" of instts, used by the rule files, the configuration and the policy alike.
 */
export function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const d = editDistance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** Levenshtein distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** `v` (at `path`) as one of `values`; `def` when absent, required when `def` is undefined. */
export function oneOfValue<T extends string>(v: unknown, path: string, values: readonly T[], def: T | undefined): T {
  if (v === undefined) {
    if (def === undefined) fail(path, 'required property is missing');
    return def;
  }
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    fail(path, `expected one of ${values.map((x) => JSON.stringify(x)).join(', ')}, got ${describe(v)}`);
  }
  return v as T;
}

// ---- fields ---------------------------------------------------------------------------------

export interface NumOpts {
  min?: number;
  max?: number;
  /** strictly greater than */
  above?: number;
  int?: boolean;
}

export function num(o: Obj, name: string, path: string, def: number | undefined, opts: NumOpts = {}): number {
  const p = key(path, name);
  const v = o[name];
  if (v === undefined) {
    if (def === undefined) fail(p, 'required property is missing');
    return def;
  }
  return numValue(v, p, opts);
}

export function numValue(v: unknown, p: string, opts: NumOpts = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(p, `expected a number, got ${describe(v)}`);
  if (opts.int && !Number.isInteger(v)) fail(p, `expected an integer, got ${v}`);
  if (opts.above !== undefined && !(v > opts.above)) fail(p, `must be > ${opts.above}, got ${v}`);
  if (opts.min !== undefined && v < opts.min) fail(p, `must be >= ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) fail(p, `must be <= ${opts.max}, got ${v}`);
  return v;
}

export function str(o: Obj, name: string, path: string, def?: string): string {
  const p = key(path, name);
  const v = o[name];
  if (v === undefined) {
    if (def === undefined) fail(p, 'required property is missing');
    return def;
  }
  if (typeof v !== 'string') fail(p, `expected a string, got ${describe(v)}`);
  if (v.length === 0) fail(p, 'must not be empty');
  return v;
}

export function optStr(o: Obj, name: string, path: string): string | null {
  return o[name] === undefined ? null : str(o, name, path);
}

export function bool(o: Obj, name: string, path: string, def: boolean): boolean {
  const v = o[name];
  if (v === undefined) return def;
  if (typeof v !== 'boolean') fail(key(path, name), `expected true or false, got ${describe(v)}`);
  return v;
}

export function oneOf<T extends string>(
  o: Obj,
  name: string,
  path: string,
  values: readonly T[],
  def: T | undefined,
): T {
  return oneOfValue(o[name], key(path, name), values, def);
}

export function array(o: Obj, name: string, path: string): unknown[] {
  const v = o[name];
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(key(path, name), `expected an array, got ${describe(v)}`);
  return v;
}

export function stringMap(v: unknown, path: string): Record<string, string> {
  if (v === undefined) return {};
  if (!isObj(v)) fail(path, `expected an object of strings, got ${describe(v)}`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') fail(key(path, k), `expected a string, got ${describe(val)}`);
    out[k] = val;
  }
  return out;
}
