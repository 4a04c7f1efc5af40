// What every governance rule kind shares: the base fields, the sliding window and what counts
// as an error. How a kind plugs into the policy and the engine is in kinds.ts.

import { array, bool, fail, key, num, numValue, object, oneOf, str, type Obj } from '../validate.js';
import { DEFS, keysOf } from '../policy-schema.js';

export interface WindowSpec {
  /** Window length in milliseconds. */
  ms: number;
  /** Number of buckets; divides `ms`. */
  buckets: number;
  /**
   * Where buckets start: at multiples of the bucket length (`clock`, Sentinel), or at the first
   * call after the window has been empty (`burst`, flow rules' default). See window.ts.
   */
  align: 'clock' | 'burst';
}

/** What completes "with an error", for circuit breakers and the error counters. */
export interface ErrorSpec {
  /** A thrown exception or a rejected promise. */
  thrown: boolean;
  /** A call that ran past its timeout. */
  timeout: boolean;
  /** A status ≥ this is an error (HTTP 5xx by default); null: no status is an error by range. */
  statusAtLeast: number | null;
  /** These statuses are errors too. */
  statuses: number[];
}

export interface RuleBase {
  id: string;
  resource: string;
  enabled: boolean;
  behavior: string | null;
}

/** Resolves a rule's `behavior` name (null: none given), failing on a name the policy does not define. */
export type Ref = (o: Obj, path: string) => string | null;

export function base(
  o: Obj,
  path: string,
  defaultId: string,
  ref: Ref,
): { id: string; resource: string; enabled: boolean; behavior: string | null } {
  return {
    id: str(o, 'id', path, defaultId),
    resource: str(o, 'resource', path),
    enabled: bool(o, 'enabled', path, true),
    behavior: ref(o, path),
  };
}

/** A rule's `window`; `align` is accepted only where it matters (flow rules). */
export function windowSpec(o: Obj, path: string, def: WindowSpec, alignable = false): WindowSpec {
  const v = o.window;
  if (v === undefined) return { ...def };
  const p = key(path, 'window');
  const w = object(v, p, keysOf(alignable ? DEFS.alignedWindow : DEFS.window));
  const ms = num(w, 'ms', p, def.ms, { int: true, min: 1 });
  const defBuckets = ms % def.buckets === 0 ? def.buckets : 1;
  const buckets = num(w, 'buckets', p, defBuckets, { int: true, min: 1 });
  if (ms % buckets !== 0) fail(key(p, 'buckets'), `must divide window.ms (${ms}), got ${buckets}`);
  const align = alignable ? oneOf(w, 'align', p, DEFS.alignedWindow.properties.align.enum, def.align) : def.align;
  return { ms, buckets, align };
}

export function errorSpec(v: unknown, path: string, def: ErrorSpec): ErrorSpec {
  if (v === undefined) return def;
  const o = object(v, path, keysOf(DEFS.isError));
  let statusAtLeast: number | null = def.statusAtLeast;
  if (o.statusAtLeast === null) statusAtLeast = null;
  else if (o.statusAtLeast !== undefined) {
    statusAtLeast = numValue(o.statusAtLeast, key(path, 'statusAtLeast'), { int: true, min: 100, max: 999 });
  }
  const statuses = array(o, 'statuses', path).map((s, i) =>
    numValue(s, `${key(path, 'statuses')}[${i}]`, { int: true, min: 100, max: 999 }),
  );
  return {
    thrown: bool(o, 'thrown', path, def.thrown),
    timeout: bool(o, 'timeout', path, def.timeout),
    statusAtLeast,
    statuses: o.statuses === undefined ? [...def.statuses] : statuses,
  };
}
