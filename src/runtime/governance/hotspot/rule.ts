// Hotspot rules (limits per parameter value): the rule, its defaults, its validation, and what
// its live state depends on. Enforced by ./controller.ts.

import { describe, fail, isObj, key, num, numValue, object, oneOf, str } from '../../validate.js';
import { base, type Ref, type RuleBase } from '../rule.js';
import { DEFS, keysOf, type ResourceKind } from '../../policy-schema.js';

const PARAM = DEFS.hotspotRule.properties.param;

export type ParamSource =
  | { from: 'arg'; index: number }
  | { from: 'header'; name: string }
  | { from: 'query'; name: string }
  | { from: 'path'; name: string }
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

export const HOTSPOT_DEFAULTS = {
  durationSec: 1,
  concurrencyCapacity: 4000,
};

/** SG's default hotspot capacity for QPS rules: min(20000, 4000 × durationSec). */
export function defaultHotspotCapacity(metric: 'qps' | 'concurrency', durationSec: number): number {
  return metric === 'concurrency' ? HOTSPOT_DEFAULTS.concurrencyCapacity : Math.min(20000, 4000 * durationSec);
}

export function parseHotspotRule(v: unknown, path: string, defaultId: string, ref: Ref): HotspotRule {
  const o = object(v, path, keysOf(DEFS.hotspotRule));
  const b = base(o, path, defaultId, ref);
  const param = paramSource(o.param, key(path, 'param'));
  const metric = oneOf(o, 'metric', path, DEFS.hotspotRule.properties.metric.enum, 'qps');
  const threshold = num(o, 'threshold', path, undefined, metric === 'concurrency' ? { int: true, min: 0 } : { min: 0 });
  const shaping = oneOf(o, 'shaping', path, DEFS.hotspotRule.properties.shaping.enum, 'reject');
  if (metric === 'concurrency') {
    for (const k of ['durationSec', 'burst', 'maxQueueMs'])
      if (o[k] !== undefined) fail(key(path, k), 'only applies to metric "qps"');
    if (shaping === 'queue') fail(key(path, 'shaping'), '"queue" needs metric "qps"');
  }
  if (shaping === 'reject' && o.maxQueueMs !== undefined)
    fail(key(path, 'maxQueueMs'), 'only applies to shaping "queue"');
  const durationSec = num(o, 'durationSec', path, HOTSPOT_DEFAULTS.durationSec, { int: true, min: 1 });
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
    onMissing: oneOf(o, 'onMissing', path, DEFS.hotspotRule.properties.onMissing.enum, 'skip'),
  };
}

function paramSource(v: unknown, path: string): ParamSource {
  if (v === undefined) fail(path, 'required property is missing');
  if (!isObj(v)) fail(path, `expected an object, got ${describe(v)}`);
  const from = oneOf(v, 'from', path, DEFS.hotspotRule.properties.param.properties.from.enum, undefined);
  if (from === 'arg') {
    const o = object(v, path, keysOf(PARAM.oneOf[0]));
    return { from, index: num(o, 'index', path, undefined, { int: true }) };
  }
  if (from === 'clientIp') {
    object(v, path, keysOf(PARAM.oneOf[2]));
    return { from };
  }
  const o = object(v, path, keysOf(PARAM.oneOf[1]));
  const name = str(o, 'name', path);
  return { from, name: from === 'header' ? name.toLowerCase() : name };
}

/** What a hotspot rule's live state (the values it tracks) depends on. */
export function hotspotStateKey(r: HotspotRule): unknown[] {
  return [
    r.resource,
    r.param,
    r.metric,
    r.threshold,
    r.durationSec,
    r.burst,
    r.shaping,
    r.maxQueueMs,
    r.overrides,
    r.capacity,
  ];
}

/** What the calls of each resource kind carry for a hotspot rule to read (docs/policy-reference.md, "Hotspot"). */
const PARAMS_BY_KIND: Readonly<
  Record<ResourceKind, { call: string; sources: ReadonlyArray<ParamSource['from']>; carries: string; arg?: string }>
> = {
  'http-in': {
    call: 'an inbound HTTP request',
    sources: ['header', 'query', 'path', 'clientIp'],
    carries: 'headers, query parameters, route parameters (path) and the client address',
    arg: 'its arguments (request, response) are objects, which carry no value',
  },
  'http-out': { call: 'an outbound HTTP call', sources: [], carries: 'no value a hotspot rule can read' },
  'rpc-in': {
    call: 'a served gRPC call',
    sources: ['header', 'query', 'clientIp'],
    carries: "its metadata (header), its request message's fields (query) and the client address",
    arg: 'its one argument, the request message, is an object, which carries no value',
  },
  'rpc-out': { call: 'a gRPC call the service makes', sources: [], carries: 'no value a hotspot rule can read' },
  db: { call: 'a database call', sources: ['arg'], carries: 'only the values bound to its parameters (arg)' },
  function: { call: 'a function call', sources: ['arg'], carries: 'only its arguments (arg)' },
};

/** A parameter source in words: `header "x-user"`, `argument 0`… */
export function describeParam(param: ParamSource): string {
  switch (param.from) {
    case 'arg':
      return `argument ${param.index}`;
    case 'header':
      return `header ${JSON.stringify(param.name)}`;
    case 'query':
      return `query parameter ${JSON.stringify(param.name)}`;
    case 'path':
      return `route parameter ${JSON.stringify(param.name)}`;
    case 'clientIp':
      return 'the client address';
  }
}

/**
 * When calls of resource kind `kind` never carry `param` (its adapter never supplies that
 * source): what such a call is and what it carries instead. Undefined when they may carry it — a
 * call that happens to lack the value is not this — and for kinds no built-in adapter enters.
 */
export function paramNeverCarried(kind: string, param: ParamSource): { call: string; because: string } | undefined {
  const k = (PARAMS_BY_KIND as Readonly<Record<string, (typeof PARAMS_BY_KIND)[ResourceKind] | undefined>>)[kind];
  if (k === undefined || k.sources.includes(param.from)) return undefined;
  const arg = param.from === 'arg' && k.arg !== undefined ? `${k.arg}; ` : '';
  return { call: k.call, because: `${arg}it carries ${k.carries}` };
}
