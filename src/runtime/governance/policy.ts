// The policy file: schema, defaults and validation. A policy is plain JSON; validation stops at
// the first problem and names it by JSON path (`$.flow[0].window.buckets: …`), so a rejected
// reload can be reported in one line. Defaults and the choices behind them are in
// docs/adr/0004-governance-semantics.md; every field is listed in docs/policy-reference.md.

import { validateLanes, validateServices, type LanesConfig, type ServicesConfig } from '../lanes/config.js';
import { describe, fail, isObj, key, object, oneOfValue, PolicyError, type Obj } from '../validate.js';

export { PolicyError };

export type BlockType = 'adaptive' | 'isolation' | 'hotspot' | 'flow' | 'breaker';

/** The fixed check order (Sentinel's slot order). */
export const CHECK_ORDER: readonly BlockType[] = ['adaptive', 'isolation', 'hotspot', 'flow', 'breaker'];

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

export interface RespondBehavior {
  type: 'respond';
  status: number;
  contentType: string;
  body: string;
  headers: Record<string, string>;
}

export interface RedirectBehavior {
  type: 'redirect';
  status: number;
  location: string;
  headers: Record<string, string>;
}

export interface FallbackBehavior {
  type: 'fallback';
  /** `value`: return `value`; `throw`: throw an error built from `error`; `handler`: call a registered function. */
  mode: 'value' | 'throw' | 'handler';
  value?: unknown;
  error?: { name: string; message: string; code?: string };
  handler?: string;
}

export type Behavior = RespondBehavior | RedirectBehavior | FallbackBehavior;

export interface ResourceDecl {
  id: string;
  /** e.g. `http-in`, `http-out`, `rpc-in`, `function`. Resources of an outbound kind (`*-out`) are outside adaptive protection. */
  kind: string | null;
  /** How adapters recognise the resource (method, route, host…); kept as given. */
  match: Record<string, unknown> | null;
}

interface RuleBase {
  id: string;
  resource: string;
  enabled: boolean;
  behavior: string | null;
}

export interface FlowRule extends RuleBase {
  threshold: number;
  window: WindowSpec;
  shaping: 'reject' | 'queue';
  maxQueueMs: number;
  warmUp: { periodSec: number; coldFactor: number } | null;
}

export interface IsolationRule extends RuleBase {
  maxConcurrency: number;
}

export interface BreakerRecovery {
  mode: 'probe' | 'progressive';
  /** probe mode: good probes needed to close. */
  probes: number;
  /** progressive mode: number of stages; stage k of n admits k/n of the calls. */
  stages: number;
  /** progressive mode: completions a stage needs before it is judged. */
  minPassPerStage: number;
  /** probe mode: what happens to calls beyond the probes. */
  excessInHalfOpen: 'reject' | 'pass' | 'wait';
  /** wait: longest a call waits for the probes' verdict before it is blocked. */
  maxWaitMs: number;
}

export interface BreakerRule extends RuleBase {
  strategy: 'slowRatio' | 'errorRatio' | 'errorCount';
  threshold: number;
  slowRtMs: number | null;
  compare: 'gte' | 'gt';
  window: WindowSpec;
  minRequests: number;
  openMs: number;
  isError: ErrorSpec;
  recovery: BreakerRecovery;
}

export type ParamSource =
  | { from: 'arg'; index: number }
  | { from: 'header'; name: string }
  | { from: 'query'; name: string }
  | { from: 'clientIp' };

export interface HotspotRule extends RuleBase {
  param: ParamSource;
  metric: 'qps' | 'concurrency';
  threshold: number;
  durationSec: number;
  burst: number;
  shaping: 'reject' | 'queue';
  maxQueueMs: number;
  capacity: number;
  overrides: Record<string, number>;
  onMissing: 'skip' | 'block';
}

export interface AdaptiveRule {
  enabled: boolean;
  mode: 'off' | 'dryRun' | 'on';
  cpuThreshold: number;
  window: WindowSpec;
  coolOffMs: number;
  exclude: string[];
  behavior: string | null;
  sampleMs: number;
  cpuDecay: number;
  cpuCores: 'auto' | number;
}

export interface Policy {
  version: 1;
  clock: 'monotonic';
  resources: ResourceDecl[];
  behaviors: Record<string, Behavior>;
  defaultBehavior: string | null;
  isError: ErrorSpec;
  flow: FlowRule[];
  isolation: IsolationRule[];
  circuitBreakers: BreakerRule[];
  hotspot: HotspotRule[];
  adaptive: AdaptiveRule;
  /** Lane routing (docs/lanes.md); validated by the lanes module. */
  lanes?: LanesConfig;
  /** Instances per logical service, for lane routing (docs/lanes.md). */
  services?: ServicesConfig;
}

// ---- defaults -------------------------------------------------------------------------------

export const DEFAULTS = {
  flowWindow: { ms: 1000, buckets: 2, align: 'burst' } as WindowSpec,
  flowMaxQueueMs: 500,
  warmUp: { periodSec: 10, coldFactor: 3 },
  breakerWindow: { ms: 20000, buckets: 10, align: 'clock' } as WindowSpec,
  breakerMinRequests: 10,
  breakerOpenMs: 10000,
  breakerCompare: 'gte' as const,
  recovery: { mode: 'probe' as const, probes: 1, stages: 3, minPassPerStage: 5, excessInHalfOpen: 'reject' as const },
  hotspotDurationSec: 1,
  hotspotConcurrencyCapacity: 4000,
  adaptive: {
    mode: 'off' as const,
    cpuThreshold: 0.8,
    window: { ms: 10000, buckets: 100, align: 'clock' } as WindowSpec,
    coolOffMs: 1000,
    sampleMs: 250,
    cpuDecay: 0.95,
  },
  isError: Object.freeze({ thrown: true, timeout: true, statusAtLeast: 500, statuses: Object.freeze([]) as unknown as number[] }) as ErrorSpec,
  respond: { status: 429, contentType: 'text/plain; charset=utf-8', body: 'Too Many Requests' },
  redirectStatus: 302,
};

/** The built-in behaviour of a rule that names none (and of a policy without `defaultBehavior`). */
export const DEFAULT_BEHAVIOR: RespondBehavior = Object.freeze({
  type: 'respond',
  status: DEFAULTS.respond.status,
  contentType: DEFAULTS.respond.contentType,
  body: DEFAULTS.respond.body,
  headers: Object.freeze({}) as Record<string, string>,
}) as RespondBehavior;

/** SG's default hotspot capacity for QPS rules: min(20000, 4000 × durationSec). */
export function defaultHotspotCapacity(metric: 'qps' | 'concurrency', durationSec: number): number {
  return metric === 'concurrency' ? DEFAULTS.hotspotConcurrencyCapacity : Math.min(20000, 4000 * durationSec);
}

export function emptyPolicy(): Policy {
  return validatePolicy({});
}

// ---- parsing --------------------------------------------------------------------------------

/** Parse and validate policy text. Throws {@link PolicyError}. */
export function parsePolicy(text: string): Policy {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new PolicyError('$', `invalid JSON: ${jsonProblem(text)}`);
  }
  return validatePolicy(data);
}

/**
 * Where and why `text` is not JSON, in one line. V8's own message quotes the source (newlines
 * included) and may give no position at all (`False`, `NaN`), so a small scanner finds the first
 * place the text stops being JSON (the runtime carries no parser library for this).
 */
function jsonProblem(text: string): string {
  const { at, expected } = firstJsonError(text);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  if (at >= text.length) return `unexpected end of input (expected ${expected}) at line ${line}, column ${column}`;
  const word = /^[A-Za-z_$][\w$]*|^-?Infinity/.exec(text.slice(at))?.[0];
  const token = word ?? text[at]!;
  const literals: Record<string, string> = { True: 'true', TRUE: 'true', False: 'false', FALSE: 'false', None: 'null', Null: 'null', NULL: 'null', undefined: 'null' };
  const hint = literals[token] !== undefined ? ` (did you mean ${literals[token]}?)` : /^(NaN|-?Infinity)$/.test(token) ? ' (JSON has no NaN or Infinity)' : '';
  return `unexpected ${JSON.stringify(token)}${hint}, expected ${expected}, at line ${line}, column ${column}`;
}

class JsonStop {
  constructor(readonly at: number, readonly expected: string) {}
}

/** The offset of the first error in `text` (called only for text JSON.parse rejected). */
function firstJsonError(text: string): { at: number; expected: string } {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): void => {
    if (text[i] !== '"') throw new JsonStop(i, 'a string in double quotes');
    i++;
    for (;;) {
      if (i >= text.length) throw new JsonStop(i, 'the closing \'"\'');
      const c = text[i]!;
      if (c === '"') return void i++;
      if (c < ' ') throw new JsonStop(i, 'no control character inside a string (escape it)');
      if (c === '\\') {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else throw new JsonStop(i, 'a valid escape sequence');
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') throw new JsonStop(i, 'a property name in double quotes');
        str();
        ws();
        if (text[i] !== ':') throw new JsonStop(i, '":"');
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else throw new JsonStop(i, '"," or "}"');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else throw new JsonStop(i, '"," or "]"');
      }
    }
    if (c === '"') return str();
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)(?![\w$.])/.exec(text.slice(i, i + 400));
    if (m === null) throw new JsonStop(i, 'a value (object, array, string, number, true, false or null)');
    i += m[0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) throw new JsonStop(i, 'the end of the document');
  } catch (stop) {
    if (stop instanceof JsonStop) return stop;
    throw stop;
  }
  return { at: 0, expected: 'a JSON document' };
}

interface NumOpts {
  min?: number;
  max?: number;
  /** strictly greater than */
  above?: number;
  int?: boolean;
}

function num(o: Obj, name: string, path: string, def: number | undefined, opts: NumOpts = {}): number {
  const p = key(path, name);
  const v = o[name];
  if (v === undefined) {
    if (def === undefined) fail(p, 'required property is missing');
    return def;
  }
  return numValue(v, p, opts);
}

function numValue(v: unknown, p: string, opts: NumOpts = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(p, `expected a number, got ${describe(v)}`);
  if (opts.int && !Number.isInteger(v)) fail(p, `expected an integer, got ${v}`);
  if (opts.above !== undefined && !(v > opts.above)) fail(p, `must be > ${opts.above}, got ${v}`);
  if (opts.min !== undefined && v < opts.min) fail(p, `must be >= ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) fail(p, `must be <= ${opts.max}, got ${v}`);
  return v;
}

function str(o: Obj, name: string, path: string, def?: string): string {
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

function optStr(o: Obj, name: string, path: string): string | null {
  return o[name] === undefined ? null : str(o, name, path);
}

function bool(o: Obj, name: string, path: string, def: boolean): boolean {
  const v = o[name];
  if (v === undefined) return def;
  if (typeof v !== 'boolean') fail(key(path, name), `expected true or false, got ${describe(v)}`);
  return v;
}

function oneOf<T extends string>(o: Obj, name: string, path: string, values: readonly T[], def: T | undefined): T {
  return oneOfValue(o[name], key(path, name), values, def);
}

function array(o: Obj, name: string, path: string): unknown[] {
  const v = o[name];
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(key(path, name), `expected an array, got ${describe(v)}`);
  return v;
}

function stringMap(v: unknown, path: string): Record<string, string> {
  if (v === undefined) return {};
  if (!isObj(v)) fail(path, `expected an object of strings, got ${describe(v)}`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') fail(key(path, k), `expected a string, got ${describe(val)}`);
    out[k] = val;
  }
  return out;
}

/** A rule's `window`; `align` is accepted only where it matters (flow rules). */
function windowSpec(o: Obj, path: string, def: WindowSpec, alignable = false): WindowSpec {
  const v = o.window;
  if (v === undefined) return { ...def };
  const p = key(path, 'window');
  const w = object(v, p, alignable ? ['ms', 'buckets', 'align'] : ['ms', 'buckets']);
  const ms = num(w, 'ms', p, def.ms, { int: true, min: 1 });
  const defBuckets = ms % def.buckets === 0 ? def.buckets : 1;
  const buckets = num(w, 'buckets', p, defBuckets, { int: true, min: 1 });
  if (ms % buckets !== 0) fail(key(p, 'buckets'), `must divide window.ms (${ms}), got ${buckets}`);
  const align = alignable ? oneOf(w, 'align', p, ['burst', 'clock'] as const, def.align) : def.align;
  return { ms, buckets, align };
}

function errorSpec(v: unknown, path: string, def: ErrorSpec): ErrorSpec {
  if (v === undefined) return def;
  const o = object(v, path, ['thrown', 'timeout', 'statusAtLeast', 'statuses']);
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

// ---- sections -------------------------------------------------------------------------------

const TOP = [
  'version', 'clock', 'resources', 'behaviors', 'defaultBehavior', 'isError',
  'flow', 'isolation', 'circuitBreakers', 'hotspot', 'adaptive', 'lanes', 'services', 'order',
] as const;

/** Validate a parsed policy document and fill in the defaults. Throws {@link PolicyError}. */
export function validatePolicy(input: unknown): Policy {
  const root = object(input, '$', TOP);
  if (root.version !== undefined && root.version !== 1) fail('$.version', `expected 1, got ${describe(root.version)}`);
  if (root.clock !== undefined && root.clock !== 'monotonic') {
    fail('$.clock', `expected "monotonic" (intervals never use the wall clock), got ${describe(root.clock)}`);
  }
  if (root.order !== undefined) checkOrder(root.order);
  const lanes = root.lanes === undefined ? undefined : validateLanes(root.lanes, '$.lanes');
  const services = root.services === undefined ? undefined : validateServices(root.services, '$.services');

  const resources = array(root, 'resources', '$').map((r, i) => resourceDecl(r, `$.resources[${i}]`));
  const seenResources = new Map<string, string>();
  resources.forEach((r, i) => {
    const first = seenResources.get(r.id);
    if (first) fail(`$.resources[${i}].id`, `duplicate resource id ${JSON.stringify(r.id)} (first at ${first})`);
    seenResources.set(r.id, `$.resources[${i}].id`);
  });

  const behaviors: Record<string, Behavior> = {};
  if (root.behaviors !== undefined) {
    if (!isObj(root.behaviors)) fail('$.behaviors', `expected an object, got ${describe(root.behaviors)}`);
    for (const [name, b] of Object.entries(root.behaviors)) {
      const p = key('$.behaviors', name);
      if (name.length === 0 || name.length > 128) fail(p, 'behavior names are 1 to 128 characters');
      behaviors[name] = behavior(b, p);
    }
  }
  const names = Object.keys(behaviors);
  const refNamed = (o: Obj, name: string, path: string): string | null => {
    const value = optStr(o, name, path);
    if (value !== null && !(value in behaviors)) {
      const defined = names.length ? `defined: ${names.map((n) => JSON.stringify(n)).join(', ')}` : 'no behaviors are defined';
      fail(key(path, name), `unknown behavior ${JSON.stringify(value)} (${defined})`);
    }
    return value;
  };
  const ref: Ref = (o, path) => refNamed(o, 'behavior', path);
  const defaultBehavior = refNamed(root, 'defaultBehavior', '$');

  const isError = errorSpec(root.isError, '$.isError', DEFAULTS.isError);

  const flow = array(root, 'flow', '$').map((r, i) => flowRule(r, `$.flow[${i}]`, `flow[${i}]`, ref));
  const isolation = array(root, 'isolation', '$').map((r, i) =>
    isolationRule(r, `$.isolation[${i}]`, `isolation[${i}]`, ref),
  );
  const circuitBreakers = array(root, 'circuitBreakers', '$').map((r, i) =>
    breakerRule(r, `$.circuitBreakers[${i}]`, `circuitBreakers[${i}]`, ref, isError),
  );
  const hotspot = array(root, 'hotspot', '$').map((r, i) => hotspotRule(r, `$.hotspot[${i}]`, `hotspot[${i}]`, ref));
  const adaptive = adaptiveRule(root.adaptive, '$.adaptive', ref);

  // Rule ids are unique across sections (they label metrics and blocked calls).
  const ids = new Map<string, string>();
  const sections: Array<[string, Array<{ id: string }>]> = [
    ['flow', flow], ['isolation', isolation], ['circuitBreakers', circuitBreakers], ['hotspot', hotspot],
  ];
  for (const [section, rules] of sections) {
    rules.forEach((r, i) => {
      const p = `$.${section}[${i}].id`;
      if (r.id === 'adaptive') fail(p, '"adaptive" is reserved: it names the adaptive settings (metrics, blocked calls, run-time switches)');
      const first = ids.get(r.id);
      if (first) fail(p, `duplicate rule id ${JSON.stringify(r.id)} (first at ${first})`);
      ids.set(r.id, p);
    });
  }
  const perResource = new Map<string, number>();
  circuitBreakers.forEach((b, i) => {
    const n = (perResource.get(b.resource) ?? 0) + 1;
    if (n > 31) fail(`$.circuitBreakers[${i}]`, `at most 31 circuit breakers per resource (${JSON.stringify(b.resource)})`);
    perResource.set(b.resource, n);
  });

  const policy: Policy = {
    version: 1,
    clock: 'monotonic',
    resources,
    behaviors,
    defaultBehavior,
    isError,
    flow,
    isolation,
    circuitBreakers,
    hotspot,
    adaptive,
  };
  checkBehaviorKinds(policy);
  if (lanes !== undefined) policy.lanes = lanes;
  if (services !== undefined) policy.services = services;
  validated.add(policy);
  return policy;
}

const validated = new WeakSet<object>();

/** True for the objects returned by {@link validatePolicy} / {@link parsePolicy}. */
export function isValidatedPolicy(value: unknown): value is Policy {
  return typeof value === 'object' && value !== null && validated.has(value);
}

function checkOrder(v: unknown): void {
  const fixed = ['adaptive', 'isolation', 'hotspot', 'flow', 'circuitBreakers'];
  const ok =
    Array.isArray(v) &&
    (JSON.stringify(v) === JSON.stringify(fixed) || JSON.stringify(v) === JSON.stringify(['lanes', ...fixed]));
  if (!ok) fail('$.order', `the check order is fixed: ${['lanes', ...fixed].join(', ')}; got ${describe(v)}`);
}

/**
 * The attributes each built-in adapter kind supplies for `resources[].match`. Adapters of other
 * kinds (database, RPC…) document theirs; a match on an unlisted kind may use any names.
 */
/**
 * Resource kinds whose blocked calls can only fail, with an error: a fallback value or handler
 * cannot answer them (a database client's result is the driver's own object). Outbound HTTP can:
 * fetch answers with the value.
 */
export const ERROR_ONLY_KINDS: ReadonlySet<string> = new Set(['db']);

/** Whether a behaviour turns a block into a value (which only a governed function can return). */
export function returnsValue(behavior: Behavior): boolean {
  return behavior.type === 'fallback' && behavior.mode !== 'throw';
}

export const MATCH_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  'http-in': ['method', 'route', 'path', 'host'],
  'http-out': ['method', 'host', 'port'],
  db: ['system', 'host', 'port', 'namespace', 'operation', 'collection'],
  'rpc-in': ['service', 'method', 'path'],
  'rpc-out': ['service', 'method', 'path'],
};

function resourceDecl(v: unknown, path: string): ResourceDecl {
  const o = object(v, path, ['id', 'kind', 'match']);
  const kind = optStr(o, 'kind', path);
  let match: Record<string, unknown> | null = null;
  if (o.match !== undefined) {
    const known = kind === null ? undefined : MATCH_ATTRIBUTES[kind];
    const m = known === undefined ? o.match : object(o.match, key(path, 'match'), known);
    if (!isObj(m)) fail(key(path, 'match'), `expected an object, got ${describe(m)}`);
    if (Object.keys(m).length === 0) fail(key(path, 'match'), 'expected at least one attribute (an empty match would take every call)');
    for (const [name, value] of Object.entries(m)) {
      const ok = (x: unknown): boolean => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));
      if (!ok(value) && !(Array.isArray(value) && value.length > 0 && value.every(ok))) {
        fail(key(key(path, 'match'), name), `expected a string, a number or a non-empty array of them, got ${describe(value)}`);
      }
    }
    match = { ...m };
  }
  return { id: str(o, 'id', path), kind, match };
}

/** A rule's behaviour must have a meaning for its resource's declared kind. */
function checkBehaviorKinds(policy: Policy): void {
  const kinds = new Map(policy.resources.map((r) => [r.id, r.kind]));
  const sections = ['flow', 'isolation', 'circuitBreakers', 'hotspot'] as const;
  for (const section of sections) {
    (policy[section] as Array<{ resource: string; behavior: string | null }>).forEach((rule, i) => {
      const kind = kinds.get(rule.resource);
      const name = rule.behavior ?? policy.defaultBehavior;
      if (kind === undefined || kind === null || name === null) return;
      const type = policy.behaviors[name]?.type;
      const where = rule.behavior === null ? `$.${section}[${i}] (defaultBehavior ${JSON.stringify(name)})` : `$.${section}[${i}].behavior`;
      if (kind === 'http-in' && type === 'fallback') {
        fail(where, `behavior ${JSON.stringify(name)} is a fallback, which an HTTP request (resource ${JSON.stringify(rule.resource)}, kind "http-in") cannot take; use a "respond" or "redirect" behavior`);
      }
      const b = policy.behaviors[name];
      if (ERROR_ONLY_KINDS.has(kind) && b !== undefined && returnsValue(b)) {
        fail(where, `behavior ${JSON.stringify(name)} is a fallback with a ${b.type === 'fallback' && b.mode === 'handler' ? 'handler' : 'value'}, which a database call (resource ${JSON.stringify(rule.resource)}, kind "${kind}") cannot return: a blocked database call fails with an error; use a fallback "throw", or govern the function that makes the call`);
      }
      if (kind === 'function' && (type === 'respond' || type === 'redirect')) {
        fail(where, `behavior ${JSON.stringify(name)} is a ${type}, which a function call (resource ${JSON.stringify(rule.resource)}, kind "function") cannot take; use a "fallback" behavior`);
      }
    });
  }
}

function behavior(v: unknown, path: string): Behavior {
  if (!isObj(v)) fail(path, `expected an object, got ${describe(v)}`);
  const type = oneOf(v, 'type', path, ['respond', 'redirect', 'fallback'] as const, undefined);
  if (type === 'respond') {
    const o = object(v, path, ['type', 'status', 'contentType', 'body', 'headers']);
    let contentType = DEFAULTS.respond.contentType;
    if (o.contentType !== undefined) {
      if (typeof o.contentType !== 'string' || o.contentType.length === 0) {
        fail(key(path, 'contentType'), `expected a media type, "json" or "text", got ${describe(o.contentType)}`);
      }
      contentType =
        o.contentType === 'json' ? 'application/json' : o.contentType === 'text' ? 'text/plain; charset=utf-8' : o.contentType;
    }
    let body = DEFAULTS.respond.body;
    if (o.body !== undefined) {
      if (typeof o.body === 'string') body = o.body;
      else if (isObj(o.body) || Array.isArray(o.body)) body = JSON.stringify(o.body);
      else fail(key(path, 'body'), `expected a string or a JSON object, got ${describe(o.body)}`);
    }
    return {
      type,
      status: num(o, 'status', path, DEFAULTS.respond.status, { int: true, min: 100, max: 999 }),
      contentType,
      body,
      headers: stringMap(o.headers, key(path, 'headers')),
    };
  }
  if (type === 'redirect') {
    const o = object(v, path, ['type', 'status', 'location', 'headers']);
    return {
      type,
      status: num(o, 'status', path, DEFAULTS.redirectStatus, { int: true, min: 300, max: 399 }),
      location: str(o, 'location', path),
      headers: stringMap(o.headers, key(path, 'headers')),
    };
  }
  const o = object(v, path, ['type', 'value', 'throw', 'handler']);
  const given = ['value', 'throw', 'handler'].filter((k) => o[k] !== undefined);
  if (given.length !== 1) {
    fail(path, `a fallback needs exactly one of "value", "throw" or "handler"${given.length ? `, got ${given.join(' and ')}` : ''}`);
  }
  if (o.value !== undefined) return { type, mode: 'value', value: o.value };
  if (o.handler !== undefined) return { type, mode: 'handler', handler: str(o, 'handler', path) };
  const tp = key(path, 'throw');
  if (typeof o.throw === 'string') return { type, mode: 'throw', error: { name: 'Error', message: o.throw } };
  const t = object(o.throw, tp, ['name', 'message', 'code']);
  const error: { name: string; message: string; code?: string } = {
    name: str(t, 'name', tp, 'Error'),
    message: str(t, 'message', tp),
  };
  const code = optStr(t, 'code', tp);
  if (code !== null) error.code = code;
  return { type, mode: 'throw', error };
}

type Ref = (o: Obj, path: string) => string | null;

function base(o: Obj, path: string, defaultId: string, ref: Ref): { id: string; resource: string; enabled: boolean; behavior: string | null } {
  return {
    id: str(o, 'id', path, defaultId),
    resource: str(o, 'resource', path),
    enabled: bool(o, 'enabled', path, true),
    behavior: ref(o, path),
  };
}

function flowRule(v: unknown, path: string, defaultId: string, ref: Ref): FlowRule {
  const o = object(v, path, ['id', 'resource', 'enabled', 'behavior', 'threshold', 'window', 'shaping', 'maxQueueMs', 'warmUp']);
  const b = base(o, path, defaultId, ref);
  const threshold = num(o, 'threshold', path, undefined, { min: 0 });
  const window = windowSpec(o, path, DEFAULTS.flowWindow, true);
  const shaping = oneOf(o, 'shaping', path, ['reject', 'queue'] as const, 'reject');
  if (shaping === 'reject' && o.maxQueueMs !== undefined) {
    fail(key(path, 'maxQueueMs'), 'only applies to shaping "queue"');
  }
  const maxQueueMs = num(o, 'maxQueueMs', path, DEFAULTS.flowMaxQueueMs, { min: 0 });
  let warmUp: FlowRule['warmUp'] = null;
  if (o.warmUp !== undefined) {
    const p = key(path, 'warmUp');
    const w = object(o.warmUp, p, ['periodSec', 'coldFactor']);
    warmUp = {
      periodSec: num(w, 'periodSec', p, DEFAULTS.warmUp.periodSec, { int: true, min: 1 }),
      coldFactor: num(w, 'coldFactor', p, DEFAULTS.warmUp.coldFactor, { above: 1 }),
    };
    if (!(threshold > 0)) fail(key(path, 'threshold'), 'must be > 0 with warmUp');
    if (window.ms !== 1000) fail(p, `needs window.ms 1000 (warm-up thresholds are per second), got ${window.ms}`);
  }
  return { ...b, threshold, window, shaping, maxQueueMs, warmUp };
}

function isolationRule(v: unknown, path: string, defaultId: string, ref: Ref): IsolationRule {
  const o = object(v, path, ['id', 'resource', 'enabled', 'behavior', 'maxConcurrency']);
  return { ...base(o, path, defaultId, ref), maxConcurrency: num(o, 'maxConcurrency', path, undefined, { int: true, min: 1 }) };
}

function breakerRule(v: unknown, path: string, defaultId: string, ref: Ref, isError: ErrorSpec): BreakerRule {
  const o = object(v, path, [
    'id', 'resource', 'enabled', 'behavior', 'strategy', 'threshold', 'slowRtMs', 'compare', 'window',
    'minRequests', 'openMs', 'isError', 'recovery',
  ]);
  const b = base(o, path, defaultId, ref);
  const strategy = oneOf(o, 'strategy', path, ['slowRatio', 'errorRatio', 'errorCount'] as const, undefined);
  let threshold: number;
  if (strategy === 'errorCount') threshold = num(o, 'threshold', path, undefined, { int: true, min: 1 });
  else {
    threshold = num(o, 'threshold', path, undefined);
    if (threshold < 0 || threshold > 1) fail(key(path, 'threshold'), `expected a ratio between 0 and 1, got ${threshold}`);
  }
  let slowRtMs: number | null = null;
  if (strategy === 'slowRatio') {
    if (o.slowRtMs === undefined) fail(key(path, 'slowRtMs'), 'required when strategy is "slowRatio"');
    slowRtMs = num(o, 'slowRtMs', path, undefined, { min: 0 });
  } else if (o.slowRtMs !== undefined) {
    fail(key(path, 'slowRtMs'), 'only applies to strategy "slowRatio"');
  }
  const openMs = num(o, 'openMs', path, DEFAULTS.breakerOpenMs, { min: 1 });
  const recovery = breakerRecovery(o.recovery, key(path, 'recovery'), openMs);
  return {
    ...b,
    strategy,
    threshold,
    slowRtMs,
    compare: oneOf(o, 'compare', path, ['gte', 'gt'] as const, DEFAULTS.breakerCompare),
    window: windowSpec(o, path, DEFAULTS.breakerWindow),
    minRequests: num(o, 'minRequests', path, DEFAULTS.breakerMinRequests, { int: true, min: 1 }),
    openMs,
    isError: errorSpec(o.isError, key(path, 'isError'), isError),
    recovery,
  };
}

function breakerRecovery(v: unknown, path: string, openMs: number): BreakerRecovery {
  const d = DEFAULTS.recovery;
  if (v === undefined) return { ...d, maxWaitMs: openMs };
  const o = object(v, path, ['mode', 'probes', 'stages', 'minPassPerStage', 'excessInHalfOpen', 'maxWaitMs']);
  const mode = oneOf(o, 'mode', path, ['probe', 'progressive'] as const, d.mode);
  if (mode === 'probe') {
    for (const k of ['stages', 'minPassPerStage']) if (o[k] !== undefined) fail(key(path, k), 'only applies to mode "progressive"');
  } else if (o.probes !== undefined) fail(key(path, 'probes'), 'only applies to mode "probe"');
  const excessInHalfOpen = oneOf(o, 'excessInHalfOpen', path, ['reject', 'pass', 'wait'] as const, d.excessInHalfOpen);
  if (mode === 'progressive' && excessInHalfOpen !== 'reject') {
    fail(key(path, 'excessInHalfOpen'), 'mode "progressive" admits its share and rejects the rest; only "reject" applies');
  }
  if (o.maxWaitMs !== undefined && excessInHalfOpen !== 'wait') fail(key(path, 'maxWaitMs'), 'only applies to excessInHalfOpen "wait"');
  return {
    mode,
    probes: num(o, 'probes', path, d.probes, { int: true, min: 1 }),
    stages: num(o, 'stages', path, d.stages, { int: true, min: 1, max: 100 }),
    minPassPerStage: num(o, 'minPassPerStage', path, d.minPassPerStage, { int: true, min: 1 }),
    excessInHalfOpen,
    maxWaitMs: num(o, 'maxWaitMs', path, openMs, { min: 0 }),
  };
}

function hotspotRule(v: unknown, path: string, defaultId: string, ref: Ref): HotspotRule {
  const o = object(v, path, [
    'id', 'resource', 'enabled', 'behavior', 'param', 'metric', 'threshold', 'durationSec', 'burst', 'shaping',
    'maxQueueMs', 'capacity', 'overrides', 'onMissing',
  ]);
  const b = base(o, path, defaultId, ref);
  const param = paramSource(o.param, key(path, 'param'));
  const metric = oneOf(o, 'metric', path, ['qps', 'concurrency'] as const, 'qps');
  const threshold = num(o, 'threshold', path, undefined, metric === 'concurrency' ? { int: true, min: 0 } : { min: 0 });
  const shaping = oneOf(o, 'shaping', path, ['reject', 'queue'] as const, 'reject');
  if (metric === 'concurrency') {
    for (const k of ['durationSec', 'burst', 'maxQueueMs']) if (o[k] !== undefined) fail(key(path, k), 'only applies to metric "qps"');
    if (shaping === 'queue') fail(key(path, 'shaping'), '"queue" needs metric "qps"');
  }
  if (shaping === 'reject' && o.maxQueueMs !== undefined) fail(key(path, 'maxQueueMs'), 'only applies to shaping "queue"');
  const durationSec = num(o, 'durationSec', path, DEFAULTS.hotspotDurationSec, { int: true, min: 1 });
  const overrides: Record<string, number> = {};
  if (o.overrides !== undefined) {
    const p = key(path, 'overrides');
    if (!isObj(o.overrides)) fail(p, `expected an object of value → threshold, got ${describe(o.overrides)}`);
    for (const [k, t] of Object.entries(o.overrides)) {
      overrides[k] = numValue(t, key(p, k), metric === 'concurrency' ? { int: true, min: 0 } : { min: 0 });
    }
  }
  return {
    ...b,
    param,
    metric,
    threshold,
    durationSec,
    burst: num(o, 'burst', path, 0, { min: 0 }),
    shaping,
    maxQueueMs: num(o, 'maxQueueMs', path, 0, { min: 0 }),
    capacity: num(o, 'capacity', path, defaultHotspotCapacity(metric, durationSec), { int: true, min: 1 }),
    overrides,
    onMissing: oneOf(o, 'onMissing', path, ['skip', 'block'] as const, 'skip'),
  };
}

function paramSource(v: unknown, path: string): ParamSource {
  if (v === undefined) fail(path, 'required property is missing');
  if (!isObj(v)) fail(path, `expected an object, got ${describe(v)}`);
  const from = oneOf(v, 'from', path, ['arg', 'header', 'query', 'clientIp'] as const, undefined);
  if (from === 'arg') {
    const o = object(v, path, ['from', 'index']);
    return { from, index: num(o, 'index', path, undefined, { int: true }) };
  }
  if (from === 'clientIp') {
    object(v, path, ['from']);
    return { from };
  }
  const o = object(v, path, ['from', 'name']);
  const name = str(o, 'name', path);
  return { from, name: from === 'header' ? name.toLowerCase() : name };
}

function adaptiveRule(v: unknown, path: string, ref: Ref): AdaptiveRule {
  const d = DEFAULTS.adaptive;
  const o = v === undefined ? {} : object(v, path, [
    'enabled', 'mode', 'cpuThreshold', 'window', 'coolOffMs', 'exclude', 'behavior', 'sampleMs', 'cpuDecay', 'cpuCores',
  ]);
  let cpuCores: 'auto' | number = 'auto';
  if (o.cpuCores !== undefined && o.cpuCores !== 'auto') {
    cpuCores = numValue(o.cpuCores, key(path, 'cpuCores'), { above: 0 });
  }
  const exclude = array(o, 'exclude', path).map((e, i) => {
    if (typeof e !== 'string' || e.length === 0) fail(`${key(path, 'exclude')}[${i}]`, `expected a resource id, got ${describe(e)}`);
    return e;
  });
  return {
    enabled: bool(o, 'enabled', path, true),
    mode: oneOf(o, 'mode', path, ['off', 'dryRun', 'on'] as const, d.mode),
    cpuThreshold: ((): number => {
      const t = num(o, 'cpuThreshold', path, d.cpuThreshold);
      if (!(t > 0 && t <= 1)) fail(key(path, 'cpuThreshold'), `expected a CPU share in (0, 1], got ${t}`);
      return t;
    })(),
    window: windowSpec(o, path, d.window),
    coolOffMs: num(o, 'coolOffMs', path, d.coolOffMs, { min: 0 }),
    exclude,
    behavior: ref(o, path),
    sampleMs: num(o, 'sampleMs', path, d.sampleMs, { min: 10 }),
    cpuDecay: ((): number => {
      const t = num(o, 'cpuDecay', path, d.cpuDecay, { min: 0 });
      if (!(t < 1)) fail(key(path, 'cpuDecay'), `expected a factor in [0, 1), got ${t}`);
      return t;
    })(),
    cpuCores,
  };
}
