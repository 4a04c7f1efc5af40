// The `lanes` and `services` sections of the policy file: their types and their validation.
// validatePolicy (governance/policy.ts) calls the two validators, so a bad lane section is refused
// like any other policy problem: one PolicyError naming the JSON path, and the last good policy
// stays active. Field reference: docs/lanes.md.

import { Minimatch } from 'minimatch';
import { DEFS, keysOf, POLICY_SCHEMA } from '../policy-schema.js';
import { closest, describe, fail, key, object, oneOfValue } from '../validate.js';

const LANES = DEFS.lanes;
const SERVICE = POLICY_SCHEMA.properties.services.additionalProperties;

export type MatchSource = 'header' | 'query' | 'cookie';

/** One condition on the inbound request. A request without the key matches no condition. */
export type MatchItem =
  | { type: MatchSource; name: string; op: '==' | '!='; value: string }
  | { type: MatchSource; name: string; op: 'in'; values: string[] }
  | { type: MatchSource; name: string; op: 'regex'; value: string }
  /** Matches when `laneHash(value) % 100 < value`: a stable share of the keys. */
  | { type: MatchSource; name: string; op: 'percentage'; value: number };

export interface LaneMatch {
  condition: 'and' | 'or';
  items: MatchItem[];
}

export interface LaneGroup {
  name: string;
  /** The service where requests enter the group and are tagged. */
  entry: string;
  /** Member services (the entry is always a member). */
  services: string[];
}

export interface Lane {
  name: string;
  group: string;
  tag: string;
  enabled: boolean;
  /** null: every request (on `paths`) matches. */
  match: LaneMatch | null;
  /** Path globs (minimatch); null: every path. */
  paths: string[] | null;
}

export interface LanesConfig {
  groups: LaneGroup[];
  lanes: Lane[];
  propagation: {
    /** Key of the lane entry in the W3C `baggage` header. */
    baggageKey: string;
    /** A plain header carrying the tag too (for peers without OpenTelemetry); null: none. */
    header: string | null;
  };
  /** At an entry service, what to do with a tag that arrives from outside. */
  inbound: 'strip' | 'trust';
}

export interface Instance {
  /** `host:port`. */
  address: string;
  /** The instance's lane tag; undefined: a baseline instance. */
  tag?: string;
}

/** Logical service name → its instances. */
export type ServicesConfig = Record<string, { instances: Instance[] }>;

export const LANE_DEFAULTS = Object.freeze({
  baggageKey: 'instts.lane',
  header: 'x-mse-tag',
  inbound: 'strip' as const,
});

/**
 * Lane tags follow the Kubernetes label-value syntax (so a registry can map them to pod labels):
 * 1 to 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit.
 */
export function isLaneTag(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(value);
}

/** An HTTP header name / W3C baggage key (an RFC 7230 token). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

// Regexes are compiled once, when the policy is validated; matchers look them up here.
const compiledRegex = new WeakMap<object, RegExp>();

/** The compiled pattern of a `regex` item. */
export function regexOf(item: MatchItem & { op: 'regex' }): RegExp {
  let re = compiledRegex.get(item);
  if (re === undefined) compiledRegex.set(item, (re = new RegExp(item.value)));
  return re;
}

// ---- validation ---------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function list(o: Obj, name: string, path: string, required: boolean): unknown[] | undefined {
  const v = o[name];
  if (v === undefined) {
    if (required) fail(key(path, name), 'required property is missing');
    return undefined;
  }
  if (!Array.isArray(v)) fail(key(path, name), `expected an array, got ${describe(v)}`);
  return v;
}

function text(v: unknown, path: string): string {
  if (v === undefined) fail(path, 'required property is missing');
  if (typeof v !== 'string') fail(path, `expected a string, got ${describe(v)}`);
  if (v.length === 0) fail(path, 'must not be empty');
  return v;
}

function tag(v: unknown, path: string): string {
  text(v, path);
  if (!isLaneTag(v)) {
    fail(
      path,
      `a tag is 1 to 63 letters, digits, "-", "_" or "." and starts and ends with a letter or digit, got ${describe(v)}`,
    );
  }
  return v;
}

function token(v: unknown, path: string): string {
  const s = text(v, path);
  if (!TOKEN.test(s)) fail(path, `expected a header name (letters, digits and !#$%&'*+.^_\`|~-), got ${describe(v)}`);
  return s.toLowerCase();
}

function unique(names: string[], path: (i: number) => string, what: string): void {
  const first = new Map<string, number>();
  names.forEach((n, i) => {
    const j = first.get(n);
    if (j !== undefined) fail(path(i), `duplicate ${what} ${JSON.stringify(n)} (first at ${path(j)})`);
    first.set(n, i);
  });
}

/** Validate the `lanes` section. Throws {@link PolicyError}. */
export function validateLanes(input: unknown, path = '$.lanes'): LanesConfig {
  const root = object(input, path, keysOf(LANES));

  const groupsPath = key(path, 'groups');
  const groups = (list(root, 'groups', path, false) ?? []).map((g, i) => laneGroup(g, `${groupsPath}[${i}]`));
  unique(
    groups.map((g) => g.name),
    (i) => `${groupsPath}[${i}].name`,
    'group name',
  );
  const groupNames = groups.map((g) => g.name);

  const lanesPath = key(path, 'lanes');
  const lanes = (list(root, 'lanes', path, false) ?? []).map((l, i) => lane(l, `${lanesPath}[${i}]`, groupNames));
  unique(
    lanes.map((l) => l.name),
    (i) => `${lanesPath}[${i}].name`,
    'lane name',
  );

  let propagation: LanesConfig['propagation'] = { baggageKey: LANE_DEFAULTS.baggageKey, header: LANE_DEFAULTS.header };
  if (root.propagation !== undefined) {
    const p = key(path, 'propagation');
    const o = object(root.propagation, p, keysOf(LANES.properties.propagation));
    propagation = {
      baggageKey: o.baggageKey === undefined ? LANE_DEFAULTS.baggageKey : token(o.baggageKey, key(p, 'baggageKey')),
      header:
        o.header === null ? null : o.header === undefined ? LANE_DEFAULTS.header : token(o.header, key(p, 'header')),
    };
    if (propagation.header === 'baggage')
      fail(key(p, 'header'), 'the plain header cannot be "baggage" (the tag rides there already)');
  }

  return {
    groups,
    lanes,
    propagation,
    inbound: oneOfValue(root.inbound, key(path, 'inbound'), LANES.properties.inbound.enum, LANE_DEFAULTS.inbound),
  };
}

function laneGroup(v: unknown, path: string): LaneGroup {
  const o = object(v, path, keysOf(LANES.properties.groups.items));
  const name = text(o.name, key(path, 'name'));
  const entry = text(o.entry, key(path, 'entry'));
  const servicesPath = key(path, 'services');
  const services = list(o, 'services', path, true)!.map((s, i) => text(s, `${servicesPath}[${i}]`));
  if (services.length === 0) fail(servicesPath, 'a group needs at least one member service');
  if (!services.includes(entry)) services.unshift(entry);
  return { name, entry, services };
}

function lane(v: unknown, path: string, groups: string[]): Lane {
  const o = object(v, path, keysOf(LANES.properties.lanes.items));
  const name = text(o.name, key(path, 'name'));
  const group = text(o.group, key(path, 'group'));
  if (!groups.includes(group)) {
    const near = closest(group, groups);
    const known = groups.length
      ? `groups: ${groups.map((g) => JSON.stringify(g)).join(', ')}`
      : 'no groups are defined';
    fail(
      key(path, 'group'),
      `unknown group ${JSON.stringify(group)}${near ? ` (did you mean "${near}"?)` : ''} (${known})`,
    );
  }
  let enabled = true;
  if (o.enabled !== undefined) {
    if (typeof o.enabled !== 'boolean')
      fail(key(path, 'enabled'), `expected true or false, got ${describe(o.enabled)}`);
    enabled = o.enabled;
  }
  let paths: string[] | null = null;
  const pathsList = list(o, 'paths', path, false);
  if (pathsList !== undefined) {
    paths = pathsList.map((g, i) => {
      const p = `${key(path, 'paths')}[${i}]`;
      const glob = text(g, p);
      if (new Minimatch(glob, PATH_GLOB).makeRe() === false) fail(p, `invalid glob ${JSON.stringify(glob)}`);
      return glob;
    });
    if (paths.length === 0)
      fail(key(path, 'paths'), 'an empty list matches no path; leave "paths" out to match every path');
  }
  return {
    name,
    group,
    tag: tag(o.tag, key(path, 'tag')),
    enabled,
    match: o.match === undefined ? null : laneMatch(o.match, key(path, 'match')),
    paths,
  };
}

/** How lane path globs are matched (shared with the matcher). */
export const PATH_GLOB = Object.freeze({ dot: true, nocomment: true });

function laneMatch(v: unknown, path: string): LaneMatch {
  const o = object(v, path, keysOf(LANES.properties.lanes.items.properties.match));
  const itemsPath = key(path, 'items');
  const items = list(o, 'items', path, true)!.map((item, i) => matchItem(item, `${itemsPath}[${i}]`));
  if (items.length === 0) fail(itemsPath, 'needs at least one item; leave "match" out to match every request');
  return {
    condition: oneOfValue(
      o.condition,
      key(path, 'condition'),
      LANES.properties.lanes.items.properties.match.properties.condition.enum,
      'and',
    ),
    items,
  };
}

const OPS = DEFS.laneMatchItem.properties.op.enum;

function matchItem(v: unknown, path: string): MatchItem {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, `expected an object, got ${describe(v)}`);
  const raw = v as Obj;
  const op = oneOfValue(raw.op, key(path, 'op'), OPS, undefined);
  const o = object(v, path, ['type', 'name', 'op', op === 'in' ? 'values' : 'value']);
  const type = oneOfValue(o.type, key(path, 'type'), DEFS.laneMatchItem.properties.type.enum, undefined);
  const rawName = text(o.name, key(path, 'name'));
  // Node lower-cases inbound header names; query parameters and cookies are case-sensitive.
  const name = type === 'header' ? rawName.toLowerCase() : rawName;
  const valuePath = key(path, 'value');
  switch (op) {
    case '==':
    case '!=': {
      if (typeof o.value !== 'string')
        fail(
          valuePath,
          o.value === undefined ? 'required property is missing' : `expected a string, got ${describe(o.value)}`,
        );
      return { type, name, op, value: o.value };
    }
    case 'in': {
      const valuesPath = key(path, 'values');
      const values = list(o, 'values', path, true)!.map((s, i) => {
        if (typeof s !== 'string') fail(`${valuesPath}[${i}]`, `expected a string, got ${describe(s)}`);
        return s;
      });
      if (values.length === 0) fail(valuesPath, 'needs at least one value');
      return { type, name, op, values };
    }
    case 'regex': {
      const source = text(o.value, valuePath);
      let re: RegExp;
      try {
        re = new RegExp(source);
      } catch (error) {
        fail(valuePath, `invalid regular expression: ${error instanceof Error ? error.message : String(error)}`);
      }
      const item: MatchItem = { type, name, op, value: source };
      compiledRegex.set(item, re);
      return item;
    }
    case 'percentage': {
      const pct = o.value;
      if (typeof pct !== 'number' || !Number.isInteger(pct) || pct < 0 || pct > 100) {
        fail(
          valuePath,
          pct === undefined
            ? 'required property is missing'
            : `expected an integer percentage from 0 to 100, got ${describe(pct)}`,
        );
      }
      return { type, name, op, value: pct };
    }
  }
}

/** Validate the `services` section. Throws {@link PolicyError}. */
export function validateServices(input: unknown, path = '$.services'): ServicesConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    fail(path, `expected an object of service name → { instances }, got ${describe(input)}`);
  }
  const out: ServicesConfig = {};
  const owner = new Map<string, string>();
  for (const [name, value] of Object.entries(input)) {
    const p = key(path, name);
    if (name.length === 0) fail(p, 'a service name must not be empty');
    const o = object(value, p, keysOf(SERVICE));
    const instancesPath = key(p, 'instances');
    const instances = list(o, 'instances', p, true)!.map((v, i) => {
      const ip = `${instancesPath}[${i}]`;
      const io = object(v, ip, keysOf(SERVICE.properties.instances.items));
      const address = normalizeAddress(text(io.address, key(ip, 'address')));
      if (address === undefined) {
        fail(
          key(ip, 'address'),
          `expected "host:port" (port 1 to 65535; an IPv6 host in brackets), got ${describe(io.address)}`,
        );
      }
      const first = owner.get(address);
      if (first !== undefined)
        fail(key(ip, 'address'), `duplicate address ${JSON.stringify(address)} (first at ${first})`);
      owner.set(address, key(ip, 'address'));
      const instance: Instance = { address };
      if (io.tag !== undefined && io.tag !== null) instance.tag = tag(io.tag, key(ip, 'tag'));
      return instance;
    });
    out[name] = { instances };
  }
  return out;
}

/**
 * `host:port` in one spelling (host lower-cased, IPv6 in brackets), or undefined when `address`
 * is not of that form.
 */
export function normalizeAddress(address: string): string | undefined {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/?#@[\]]+):(\d{1,5})$/.exec(address);
  if (m === null) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return `${m[1]!.toLowerCase()}:${port}`;
}
