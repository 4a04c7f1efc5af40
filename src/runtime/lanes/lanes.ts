// The lane decisions the HTTP hooks ask for: which lane an inbound request is in, which headers
// carry that lane out, and which instance an outbound call goes to. The lane and service
// sections are compiled once per policy (looked up by identity on each call, so a reload is
// effective at the next call). Nothing here throws into user code: an internal error leaves
// the request untagged and the call untouched, and is reported once on stderr.

import { processEnv } from '../env.js';
import { closest } from '../validate.js';
import { describeError, stderrSink, type LogSink } from '../log.js';
import { readBaggage, mergeBaggage } from './baggage.js';
import { isLaneTag, LANE_DEFAULTS, type Instance, type LanesConfig, type ServicesConfig } from './config.js';
import { entryLanes, selectLane, type CompiledLane } from './match.js';
import { headerValue, type InboundHeaders, type InboundRequest } from './request.js';
import { addressOf, PolicyServiceRegistry, type ServiceRegistry } from './registry.js';

/** The policy sections lanes read; a validated governance `Policy` is one. */
export interface LanePolicy {
  lanes?: LanesConfig;
  services?: ServicesConfig;
}

export interface LanesOptions {
  /** This service's logical name; default `INSTTS_SERVICE`, else `OTEL_SERVICE_NAME`. */
  service?: string;
  /** This instance's tag; default `INSTTS_TAG`. Empty: baseline. */
  tag?: string;
  /** The policy, or a function returning the active one (called on every decision; keep it cheap). */
  policy?: LanePolicy | (() => LanePolicy | undefined);
  /** Instance lookup; default: the policy's `services` section. */
  registry?: ServiceRegistry;
  /** Where one-line reports go; default stderr. */
  log?: LogSink;
  /** The environment to read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Headers for an outbound request: set each one to its value; `null` means remove it. */
export type OutboundHeaders = Record<string, string | null>;

const NO_LANES: LanesConfig = Object.freeze({
  groups: [],
  lanes: [],
  propagation: { baggageKey: LANE_DEFAULTS.baggageKey, header: LANE_DEFAULTS.header },
  inbound: LANE_DEFAULTS.inbound,
}) as LanesConfig;

interface Compiled {
  readonly policy: LanePolicy | undefined;
  readonly registryOverride: ServiceRegistry | undefined;
  readonly config: LanesConfig;
  readonly isEntry: boolean;
  readonly entryLanes: CompiledLane[];
  /** lower-cased service name → tags of the enabled lanes whose group it belongs to */
  readonly laneTags: Map<string, Set<string>>;
  readonly registry: ServiceRegistry;
}

export class Lanes {
  /** This service's logical name, if known. */
  readonly service: string | undefined;
  /** This instance's tag; undefined: a baseline instance. */
  readonly tag: string | undefined;
  private readonly source: () => LanePolicy | undefined;
  private readonly log: LogSink;
  private registryOverride: ServiceRegistry | undefined;
  private compiled: Compiled | undefined;
  private readonly cursors = new Map<string, number>();
  private readonly reported = new Set<string>();

  constructor(options: LanesOptions = {}) {
    const env = options.env ?? processEnv();
    this.log = options.log ?? stderrSink;
    this.service = (options.service ?? (env.INSTTS_SERVICE || env.OTEL_SERVICE_NAME)) || undefined;
    const tag = (options.tag ?? env.INSTTS_TAG) || undefined;
    if (tag !== undefined && !isLaneTag(tag)) {
      this.report(
        'tag',
        `instance tag ${JSON.stringify(tag)} is not a valid tag (1 to 63 letters, digits, "-", "_" or "."); this instance is a baseline instance`,
      );
      this.tag = undefined;
    } else this.tag = tag;
    const policy = options.policy;
    this.source = typeof policy === 'function' ? policy : () => policy;
    this.registryOverride = options.registry;
  }

  /** Replace the instance lookup (undefined: back to the policy's `services` section). */
  setRegistry(registry: ServiceRegistry | undefined): void {
    this.registryOverride = registry;
  }

  /**
   * The lane of an inbound request. At the entry service of a group, the group's enabled lanes
   * are evaluated in order (a tag sent from outside is ignored, or used when `inbound` is
   * "trust"); elsewhere the tag is read from `baggage` or the plain header. Undefined: baseline.
   */
  inbound(request: InboundRequest): string | undefined {
    try {
      const c = this.state();
      if (!c.isEntry) return incomingTag(request.headers, c.config);
      if (c.config.inbound === 'trust') {
        const sent = incomingTag(request.headers, c.config);
        if (sent !== undefined) return sent;
      }
      return selectLane(c.entryLanes, request)?.tag;
    } catch (error) {
      this.report('inbound', error);
      return undefined;
    }
  }

  /**
   * Headers that carry `tag` on an outbound request: `baggage` (the request's current
   * `existing.baggage` with the lane entry added, replaced, or removed when `tag` is undefined)
   * and the plain header when one is configured. A `null` value means "remove this header".
   */
  outboundHeaders(tag: string | undefined, existing: { baggage?: string | readonly string[] } = {}): OutboundHeaders {
    try {
      const { baggageKey, header } = this.state().config.propagation;
      const lane = isLaneTag(tag) ? tag : undefined;
      const out: OutboundHeaders = { baggage: mergeBaggage(existing.baggage, baggageKey, lane) ?? null };
      if (header !== null) out[header] = lane ?? null;
      return out;
    } catch (error) {
      this.report('outboundHeaders', error);
      return {};
    }
  }

  /**
   * Where an outbound call to `url` goes for lane `tag`: the new `host:port`. A known service
   * with an instance of the lane (the lane enabled, the service in its group) gets one of those;
   * otherwise one of its baseline instances (the URL's own when it is one). Undefined: `url` is
   * not a known service, or it has no instance to go to; the call goes out untouched.
   */
  route(url: URL, tag: string | undefined): string | undefined {
    try {
      const c = this.state();
      const address = addressOf(url);
      const service = c.registry.instances(url.hostname) !== undefined ? url.hostname : c.registry.serviceAt(address);
      if (service === undefined) return undefined;
      const instances = c.registry.instances(service) ?? [];
      if (tag !== undefined && c.laneTags.get(service.toLowerCase())?.has(tag)) {
        const tagged = instances.filter((i) => i.tag === tag);
        if (tagged.length > 0) return this.pick(service, tag, tagged).address;
      }
      const baseline = instances.filter((i) => i.tag === undefined);
      if (baseline.length === 0) return undefined;
      if (baseline.some((i) => i.address === address)) return address;
      return this.pick(service, '', baseline).address;
    } catch (error) {
      this.report('route', error);
      return undefined;
    }
  }

  /**
   * Whether `service` has an instance of lane `tag` to take its work (the lane enabled, the
   * service in its group, a tagged instance registered). Used where work is not addressed to an
   * instance, e.g. messages on a shared queue: the baseline consumer leaves a lane's messages
   * to that lane's consumer only while one is registered.
   */
  hasLaneInstance(service: string, tag: string): boolean {
    try {
      const c = this.state();
      if (!c.laneTags.get(service.toLowerCase())?.has(tag)) return false;
      return (c.registry.instances(service) ?? []).some((i) => i.tag === tag);
    } catch (error) {
      this.report('hasLaneInstance', error);
      return false;
    }
  }

  /** Round robin among equal instances, per service and tag. */
  private pick(service: string, tag: string, among: readonly Instance[]): Instance {
    const key = `${service.toLowerCase()}\u0000${tag}`;
    const n = this.cursors.get(key) ?? 0;
    this.cursors.set(key, (n + 1) % 0x40000000);
    return among[n % among.length]!;
  }

  private state(): Compiled {
    const policy = this.source();
    const c = this.compiled;
    if (c !== undefined && c.policy === policy && c.registryOverride === this.registryOverride) return c;
    return (this.compiled = this.compile(policy));
  }

  private compile(policy: LanePolicy | undefined): Compiled {
    const config = policy?.lanes ?? NO_LANES;
    const groups = new Map(config.groups.map((g) => [g.name, g]));
    const laneTags = new Map<string, Set<string>>();
    for (const lane of config.lanes) {
      if (!lane.enabled) continue;
      for (const s of groups.get(lane.group)?.services ?? []) {
        const key = s.toLowerCase();
        let tags = laneTags.get(key);
        if (tags === undefined) laneTags.set(key, (tags = new Set()));
        tags.add(lane.tag);
      }
    }
    this.checkMembership(config);
    const service = this.service?.toLowerCase();
    return {
      policy,
      registryOverride: this.registryOverride,
      config,
      isEntry: service !== undefined && config.groups.some((g) => g.entry.toLowerCase() === service),
      entryLanes: entryLanes(config, this.service),
      laneTags,
      registry: this.registryOverride ?? new PolicyServiceRegistry(policy?.services),
    };
  }

  /**
   * Lane groups without a name for this instance make it no group's entry or member: said once.
   * A name in no group is normal (a service outside every lane) unless it looks like a typo.
   */
  private checkMembership(config: LanesConfig): void {
    if (config.groups.length === 0) return;
    const names = config.groups.flatMap((g) => g.services);
    if (this.service === undefined) {
      this.report(
        'service',
        `lane groups are configured but this instance has no service name (INSTTS_SERVICE or OTEL_SERVICE_NAME): it is no group's entry and tags no request (reported once)`,
      );
      return;
    }
    const own = this.service.toLowerCase();
    if (names.some((n) => n.toLowerCase() === own)) return;
    const near = closest(this.service, names);
    if (near !== undefined)
      this.report(
        'service',
        `this instance's service ${JSON.stringify(this.service)} is in no lane group; did you mean ${JSON.stringify(near)}? (reported once)`,
      );
  }

  private report(what: string, problem: unknown): void {
    if (this.reported.has(what)) return;
    this.reported.add(what);
    const line =
      typeof problem === 'string'
        ? `instts: lanes: ${problem}`
        : `instts: lanes ${what} failed: ${describeError(problem)}; the request stays untagged and the call untouched (reported once)`;
    try {
      this.log(line);
    } catch {
      // never fail a request over a report
    }
  }
}

/** A tag sent with the request: the baggage entry, else the plain header; invalid tags are ignored. */
function incomingTag(headers: InboundHeaders, config: LanesConfig): string | undefined {
  const { baggageKey, header } = config.propagation;
  const fromBaggage = readBaggage(rawHeader(headers, 'baggage'), baggageKey);
  if (isLaneTag(fromBaggage)) return fromBaggage;
  if (header === null) return undefined;
  const plain = headerValue(headers, header)?.trim();
  return isLaneTag(plain) ? plain : undefined;
}

function rawHeader(headers: InboundHeaders, name: string): string | readonly string[] | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function')
    return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const v = (headers as Record<string, unknown>)[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return undefined;
}
