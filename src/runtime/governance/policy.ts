// The policy file: schema, defaults and validation. A policy is plain JSON; validation stops at
// the first problem and names it by JSON path (`$.flow[0].window.buckets: …`), so a rejected
// reload can be reported in one line. Defaults and the choices behind them are in
// docs/adr/0004-governance-semantics.md; every field is listed in docs/policy-reference.md.

import { validateLanes, validateServices, type LanesConfig, type ServicesConfig } from '../lanes/config.js';
import {
  array,
  closest,
  describe,
  fail,
  isObj,
  key,
  lineAndColumn,
  locateJsonPath,
  num,
  object,
  oneOf,
  optStr,
  PolicyError,
  str,
  stringMap,
  type Obj,
} from '../validate.js';
import { ADAPTIVE_DEFAULTS, parseAdaptive, type AdaptiveRule } from './adaptive/rule.js';
import { BREAKER_DEFAULTS } from './breaker/rule.js';
import { FLOW_DEFAULTS } from './flow/rule.js';
import { describeParam, HOTSPOT_DEFAULTS, paramNeverCarried } from './hotspot/rule.js';
import {
  BLOCK_TYPES,
  POLICY_ORDER,
  RULE_KINDS,
  type BlockType,
  type PolicyScope,
  type RulesBySection,
} from './kinds.js';
import { errorSpec, type ErrorSpec, type Ref, type RuleBase } from './rule.js';
import {
  ANY_KIND_ATTRIBUTES,
  DEFS,
  keysOf,
  POLICY_SCHEMA,
  RESOURCE_KIND_ATTRIBUTES,
  RESOURCE_KINDS,
  type ResourceKind,
} from '../policy-schema.js';
import { RESPOND_DEFAULTS, returnsValue } from './behavior.js';
import { GRPC_STATUS, grpcBlockedCode } from './grpc-status.js';

export { PolicyError };
export type { BlockType, ResourceKind };
export type { AdaptiveRule } from './adaptive/rule.js';
export type { BreakerRecovery, BreakerRule } from './breaker/rule.js';
export type { FlowRule } from './flow/rule.js';
export type { HotspotRule, ParamSource } from './hotspot/rule.js';
export type { IsolationRule } from './isolation/rule.js';
export type { ErrorSpec, WindowSpec } from './rule.js';
export { defaultHotspotCapacity } from './hotspot/rule.js';

/** The fixed check order (kinds.ts says which implementation's order this is). */
export const CHECK_ORDER: readonly BlockType[] = BLOCK_TYPES;

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
  /** `http-in`, `http-out`, `rpc-in`, `rpc-out`, `db` or `function`. Resources of an outbound kind (`*-out`) are outside adaptive protection. */
  kind: ResourceKind | null;
  /** How adapters recognise the resource (method, route, host…); kept as given. */
  match: Record<string, unknown> | null;
}

/** A validated policy; its rule lists are those of {@link RulesBySection} (one per list kind). */
export interface Policy extends RulesBySection {
  version: 1;
  clock: 'monotonic';
  resources: ResourceDecl[];
  behaviors: Record<string, Behavior>;
  defaultBehavior: string | null;
  isError: ErrorSpec;
  adaptive: AdaptiveRule;
  /** Lane routing (docs/lanes.md); validated by the lanes module. */
  lanes?: LanesConfig;
  /** Instances per logical service, for lane routing (docs/lanes.md). */
  services?: ServicesConfig;
}

// ---- defaults -------------------------------------------------------------------------------

/** Every default in one object (the per-kind ones live with their kind). */
export const DEFAULTS = {
  flowWindow: FLOW_DEFAULTS.window,
  flowMaxQueueMs: FLOW_DEFAULTS.maxQueueMs,
  warmUp: FLOW_DEFAULTS.warmUp,
  breakerWindow: BREAKER_DEFAULTS.window,
  breakerMinRequests: BREAKER_DEFAULTS.minRequests,
  breakerOpenMs: BREAKER_DEFAULTS.openMs,
  breakerCompare: BREAKER_DEFAULTS.compare,
  recovery: BREAKER_DEFAULTS.recovery,
  hotspotDurationSec: HOTSPOT_DEFAULTS.durationSec,
  hotspotConcurrencyCapacity: HOTSPOT_DEFAULTS.concurrencyCapacity,
  adaptive: ADAPTIVE_DEFAULTS,
  isError: Object.freeze({
    thrown: true,
    timeout: true,
    statusAtLeast: 500,
    statuses: Object.freeze([]) as unknown as number[],
  }) as ErrorSpec,
  respond: RESPOND_DEFAULTS,
  redirectStatus: 302,
};

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
    // The message says where (line and column of the first character that is not JSON).
    throw new PolicyError('$', `invalid JSON: ${jsonProblem(text)}`);
  }
  try {
    return validatePolicy(data);
  } catch (error) {
    // Where in the file: the path's position in the text (the validator sees only values).
    if (error instanceof PolicyError && error.line === undefined) {
      const at = locateJsonPath(text, error.path);
      error.line = at?.line;
      error.column = at?.column;
    }
    throw error;
  }
}

/**
 * Where and why `text` is not JSON, in one line. V8's own message quotes the source (newlines
 * included) and may give no position at all (`False`, `NaN`), so a small scanner finds the first
 * place the text stops being JSON (the runtime carries no parser library for this).
 */
function jsonProblem(text: string): string {
  const { at, expected } = firstJsonError(text);
  const { line, column } = lineAndColumn(text, at);
  if (at >= text.length) return `unexpected end of input (expected ${expected}) at line ${line}, column ${column}`;
  const word = /^[A-Za-z_$][\w$]*|^-?Infinity/.exec(text.slice(at))?.[0];
  const token = word ?? text[at]!;
  const literals: Record<string, string> = {
    True: 'true',
    TRUE: 'true',
    False: 'false',
    FALSE: 'false',
    None: 'null',
    Null: 'null',
    NULL: 'null',
    undefined: 'null',
  };
  const hint =
    literals[token] !== undefined
      ? ` (did you mean ${literals[token]}?)`
      : /^(NaN|-?Infinity)$/.test(token)
        ? ' (JSON has no NaN or Infinity)'
        : '';
  return `unexpected ${JSON.stringify(token)}${hint}, expected ${expected}, at line ${line}, column ${column}`;
}

class JsonStop {
  constructor(
    readonly at: number,
    readonly expected: string,
  ) {}
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
      if (i >= text.length) throw new JsonStop(i, "the closing '\"'");
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

// ---- sections -------------------------------------------------------------------------------

const TOP = keysOf(POLICY_SCHEMA);

/** Validate a parsed policy document and fill in the defaults. Throws {@link PolicyError}. */
export function validatePolicy(input: unknown): Policy {
  const root = object(input, '$', TOP);
  if (root.version !== undefined && root.version !== 1) fail('$.version', `expected 1, got ${describe(root.version)}`);
  if (root.clock !== undefined && root.clock !== 'monotonic') {
    fail('$.clock', `expected "monotonic" (intervals never use the wall clock), got ${describe(root.clock)}`);
  }
  if (root.order !== undefined) checkOrder(root.order);
  if (root.$schema !== undefined && typeof root.$schema !== 'string') {
    fail('$.$schema', `expected the path or URL of the policy schema, got ${describe(root.$schema)}`);
  }
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
      const defined = names.length
        ? `defined: ${names.map((n) => JSON.stringify(n)).join(', ')}`
        : 'no behaviors are defined';
      fail(key(path, name), `unknown behavior ${JSON.stringify(value)} (${defined})`);
    }
    return value;
  };
  const ref: Ref = (o, path) => refNamed(o, 'behavior', path);
  const defaultBehavior = refNamed(root, 'defaultBehavior', '$');

  const isError = errorSpec(root.isError, '$.isError', DEFAULTS.isError);

  const scope: PolicyScope = { ref, isError };
  const rules = ruleSections(root, scope);
  const adaptive = parseAdaptive(root.adaptive, '$.adaptive', ref);
  const circuitBreakers = rules.circuitBreakers;
  const perResource = new Map<string, number>();
  circuitBreakers.forEach((b, i) => {
    const n = (perResource.get(b.resource) ?? 0) + 1;
    if (n > 31)
      fail(`$.circuitBreakers[${i}]`, `at most 31 circuit breakers per resource (${JSON.stringify(b.resource)})`);
    perResource.set(b.resource, n);
  });

  const policy: Policy = {
    version: 1,
    clock: 'monotonic',
    resources,
    behaviors,
    defaultBehavior,
    isError,
    ...rules,
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

/**
 * The list sections, each rule validated by its kind, in the order the file writes them (so the
 * first problem reported is the first in the file). Rule ids are unique across sections: they
 * label metrics and blocked calls.
 */
const KIND_BY_SECTION = new Map<string, (typeof RULE_KINDS)[number]>(RULE_KINDS.map((k) => [k.section, k]));

function ruleSections(root: Obj, scope: PolicyScope): RulesBySection {
  const out: Record<string, unknown[]> = {};
  for (const kind of RULE_KINDS) out[kind.section] = [];
  const ids = new Map<string, string>();
  for (const section of Object.keys(root)) {
    const kind = KIND_BY_SECTION.get(section);
    if (kind === undefined) continue;
    out[section] = array(root, section, '$').map((v, i) => {
      const rule = kind.parse(v, `$.${section}[${i}]`, `${section}[${i}]`, scope);
      const p = `$.${section}[${i}].id`;
      if (rule.id === 'adaptive')
        fail(p, '"adaptive" is reserved: it names the adaptive settings (metrics, blocked calls, run-time switches)');
      const first = ids.get(rule.id);
      if (first) fail(p, `duplicate rule id ${JSON.stringify(rule.id)} (first at ${first})`);
      ids.set(rule.id, p);
      return rule;
    });
  }
  return out as unknown as RulesBySection;
}

function checkOrder(v: unknown): void {
  const fixed = POLICY_ORDER.slice(1);
  const ok =
    Array.isArray(v) &&
    (JSON.stringify(v) === JSON.stringify(fixed) || JSON.stringify(v) === JSON.stringify(POLICY_ORDER));
  if (!ok) fail('$.order', `the check order is fixed: ${POLICY_ORDER.join(', ')}; got ${describe(v)}`);
}

/** Resource kinds of gRPC calls: a blocked one is answered with a gRPC status. */
export const RPC_KINDS: ReadonlySet<string> = new Set(['rpc-in', 'rpc-out']);

const GRPC_ERROR_NAMES = Object.keys(GRPC_STATUS).filter((name) => name !== 'OK');

/**
 * Why a blocked gRPC call cannot be given `behavior` (a clause after `behavior "name"`), or
 * undefined when it can: a `respond` becomes RESOURCE_EXHAUSTED with its body as the message,
 * and a fallback `throw` the status its code names. A redirect has no gRPC form, a fallback value
 * or handler cannot stand in for a gRPC answer, and a throw code must name an error status.
 */
export function grpcBehaviorProblem(behavior: Behavior): string | undefined {
  if (behavior.type === 'redirect') return 'is a redirect, which a gRPC call cannot take';
  if (behavior.type !== 'fallback') return undefined;
  if (behavior.mode !== 'throw') return `is a fallback with a ${behavior.mode}, which a gRPC call cannot return`;
  const code = behavior.error?.code;
  if (code === undefined || grpcBlockedCode(code) !== undefined) return undefined;
  if (code.toUpperCase() === 'OK') return 'throws code "OK", which is not an error status';
  const near = closest(code, GRPC_ERROR_NAMES);
  return `throws code ${JSON.stringify(code)}, which is not a gRPC status name${near ? ` (did you mean "${near}"?)` : ''}`;
}

/**
 * Resource kinds whose blocked calls can only fail, with an error: a fallback value or handler
 * cannot answer them (a database client's result is the driver's own object). Outbound HTTP can:
 * fetch answers with the value.
 */
export const ERROR_ONLY_KINDS: ReadonlySet<string> = new Set(['db']);

/** The attributes each resource kind's adapter supplies for `resources[].match` (`function`: none). */
export const MATCH_ATTRIBUTES: Readonly<Record<ResourceKind, readonly string[]>> = RESOURCE_KIND_ATTRIBUTES;

/**
 * A declared resource must be able to match: its `kind` one an adapter enters, its `match` only
 * on attributes that kind's adapter offers (any adapter's, without a kind), and no `match` at all
 * on a kind that offers none — a declaration that can never match would silently disable its rules.
 */
function resourceDecl(v: unknown, path: string): ResourceDecl {
  const o = object(v, path, keysOf(DEFS.resource));
  const kind = resourceKind(o.kind, key(path, 'kind'));
  let match: Record<string, unknown> | null = null;
  if (o.match !== undefined) {
    const mp = key(path, 'match');
    if (kind !== null && MATCH_ATTRIBUTES[kind].length === 0) {
      fail(
        mp,
        `a resource of kind ${JSON.stringify(kind)} is entered by its name (the govern action's resource) and never matched on attributes; remove "match" and name the resource in the rules`,
      );
    }
    if (!isObj(o.match)) fail(mp, `expected an object, got ${describe(o.match)}`);
    const m = kind !== null ? object(o.match, mp, MATCH_ATTRIBUTES[kind]) : o.match;
    if (kind === null) {
      for (const name of Object.keys(m)) {
        if (ANY_KIND_ATTRIBUTES.includes(name)) continue;
        const near = closest(name, ANY_KIND_ATTRIBUTES);
        fail(
          key(mp, name),
          `no adapter offers this attribute${near ? ` (did you mean "${near}"?)` : ''}; expected one of ${ANY_KIND_ATTRIBUTES.join(', ')} (with a "kind", that kind's)`,
        );
      }
    }
    if (Object.keys(m).length === 0) fail(mp, 'expected at least one attribute (an empty match would take every call)');
    for (const [name, value] of Object.entries(m)) {
      const ok = (x: unknown): boolean => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));
      if (!ok(value) && !(Array.isArray(value) && value.length > 0 && value.every(ok))) {
        fail(
          key(key(path, 'match'), name),
          `expected a string, a number or a non-empty array of them, got ${describe(value)}`,
        );
      }
    }
    match = { ...m };
  }
  return { id: str(o, 'id', path), kind, match };
}

function resourceKind(v: unknown, path: string): ResourceKind | null {
  if (v === undefined) return null;
  if (typeof v === 'string' && (RESOURCE_KINDS as readonly string[]).includes(v)) return v as ResourceKind;
  const near = typeof v === 'string' ? closest(v, RESOURCE_KINDS) : undefined;
  fail(
    path,
    `expected one of ${RESOURCE_KINDS.map((k) => JSON.stringify(k)).join(', ')}, got ${describe(v)}${near ? ` (did you mean "${near}"?)` : ''}`,
  );
}

/**
 * A rule's behaviour must have a meaning for its resource's declared kind, and a hotspot rule's
 * parameter must be one that kind's calls carry.
 */
function checkBehaviorKinds(policy: Policy): void {
  const kinds = new Map(policy.resources.map((r) => [r.id, r.kind]));
  policy.hotspot.forEach((rule, i) => {
    const kind = kinds.get(rule.resource);
    const never = kind === undefined || kind === null ? undefined : paramNeverCarried(kind, rule.param);
    if (never !== undefined) {
      fail(
        `$.hotspot[${i}].param`,
        `resource ${JSON.stringify(rule.resource)} is declared kind "${kind}": ${never.call} never carries ${describeParam(rule.param)} (${never.because})`,
      );
    }
  });
  for (const { section } of RULE_KINDS) {
    (policy[section] as readonly RuleBase[]).forEach((rule, i) => {
      const kind = kinds.get(rule.resource);
      const name = rule.behavior ?? policy.defaultBehavior;
      if (kind === undefined || kind === null || name === null) return;
      const type = policy.behaviors[name]?.type;
      const where =
        rule.behavior === null
          ? `$.${section}[${i}] (defaultBehavior ${JSON.stringify(name)})`
          : `$.${section}[${i}].behavior`;
      if (kind === 'http-in' && type === 'fallback') {
        fail(
          where,
          `behavior ${JSON.stringify(name)} is a fallback, which an HTTP request (resource ${JSON.stringify(rule.resource)}, kind "http-in") cannot take; use a "respond" or "redirect" behavior`,
        );
      }
      const b = policy.behaviors[name];
      if (ERROR_ONLY_KINDS.has(kind) && b !== undefined && returnsValue(b)) {
        fail(
          where,
          `behavior ${JSON.stringify(name)} is a fallback with a ${b.type === 'fallback' && b.mode === 'handler' ? 'handler' : 'value'}, which a database call (resource ${JSON.stringify(rule.resource)}, kind "${kind}") cannot return: a blocked database call fails with an error; use a fallback "throw", or govern the function that makes the call`,
        );
      }
      const grpc = RPC_KINDS.has(kind) && b !== undefined ? grpcBehaviorProblem(b) : undefined;
      if (grpc !== undefined) {
        fail(
          where,
          `behavior ${JSON.stringify(name)} ${grpc}, for a gRPC call (resource ${JSON.stringify(rule.resource)}, kind "${kind}"); use a "respond" (its body is the status message) or a fallback "throw" whose code is a gRPC status name, such as "UNAVAILABLE"`,
        );
      }
      if (kind === 'function' && (type === 'respond' || type === 'redirect')) {
        fail(
          where,
          `behavior ${JSON.stringify(name)} is a ${type}, which a function call (resource ${JSON.stringify(rule.resource)}, kind "function") cannot take; use a "fallback" behavior`,
        );
      }
    });
  }
}

function behavior(v: unknown, path: string): Behavior {
  if (!isObj(v)) fail(path, `expected an object, got ${describe(v)}`);
  const type = oneOf(v, 'type', path, DEFS.behavior.properties.type.enum, undefined);
  if (type === 'respond') {
    const o = object(v, path, keysOf(DEFS.respondBehavior));
    let contentType = DEFAULTS.respond.contentType;
    if (o.contentType !== undefined) {
      if (typeof o.contentType !== 'string' || o.contentType.length === 0) {
        fail(key(path, 'contentType'), `expected a media type, "json" or "text", got ${describe(o.contentType)}`);
      }
      contentType =
        o.contentType === 'json'
          ? 'application/json'
          : o.contentType === 'text'
            ? 'text/plain; charset=utf-8'
            : o.contentType;
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
    const o = object(v, path, keysOf(DEFS.redirectBehavior));
    return {
      type,
      status: num(o, 'status', path, DEFAULTS.redirectStatus, { int: true, min: 300, max: 399 }),
      location: str(o, 'location', path),
      headers: stringMap(o.headers, key(path, 'headers')),
    };
  }
  const o = object(v, path, keysOf(DEFS.fallbackBehavior));
  const given = ['value', 'throw', 'handler'].filter((k) => o[k] !== undefined);
  if (given.length !== 1) {
    fail(
      path,
      `a fallback needs exactly one of "value", "throw" or "handler"${given.length ? `, got ${given.join(' and ')}` : ''}`,
    );
  }
  if (o.value !== undefined) return { type, mode: 'value', value: o.value };
  if (o.handler !== undefined) return { type, mode: 'handler', handler: str(o, 'handler', path) };
  const tp = key(path, 'throw');
  if (typeof o.throw === 'string') return { type, mode: 'throw', error: { name: 'Error', message: o.throw } };
  const t = object(o.throw, tp, keysOf(DEFS.fallbackBehavior.properties.throw.anyOf[1]));
  const error: { name: string; message: string; code?: string } = {
    name: str(t, 'name', tp, 'Error'),
    message: str(t, 'message', tp),
  };
  const code = optStr(t, 'code', tp);
  if (code !== null) error.code = code;
  return { type, mode: 'throw', error };
}
