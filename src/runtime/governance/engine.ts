// The governance engine: a registry of resources, the compiled rules of the active policy, and
// entry()/exit() around every governed call. Checks run in the order of KINDS (kinds.ts) —
// adaptive → isolation → hotspot → flow → circuit breaker — and the first that says no decides.
// A blocked call never ran, so it never reaches a breaker's statistics. An exception inside the
// engine lets the call through and is reported once (fail open).

import { AdaptiveController, CpuSampler } from './adaptive/controller.js';
import { Blocked, BlockedError, DEFAULT_BEHAVIOR, RESPOND_DEFAULTS, returnsValue } from './behavior.js';
import { CircuitBreaker, PROBE, REJECT, WAIT, type BreakerState } from './breaker/controller.js';
import { monotonic, systemClock, type Clock } from './clock.js';
import { BLOCK, FlowController } from './flow/controller.js';
import { HotspotController, type HotConcurrency, type ParamContext } from './hotspot/controller.js';
import { describeParam, paramNeverCarried, type ParamSource } from './hotspot/rule.js';
import { IsolationController } from './isolation/controller.js';
import { describeError, stderrSink, type LogSink } from '../log.js';
import {
  emptyPolicy,
  ERROR_ONLY_KINDS,
  grpcBehaviorProblem,
  isValidatedPolicy,
  RPC_KINDS,
  validatePolicy,
  type Behavior,
  type BlockType,
  type ErrorSpec,
  type Policy,
  type RespondBehavior,
} from './policy.js';
import { editDistance } from '../validate.js';
import {
  BLOCK_TYPES,
  BREAKER_KIND,
  FLOW_KIND,
  HOTSPOT_KIND,
  KIND_INDEX,
  RULE_KINDS,
  allRules,
  rulesWithKind,
  type RuleKindName,
} from './kinds.js';
import type { RuleBase } from './rule.js';

export { Blocked };

/** What entry() may look at. */
export interface EntryContext extends ParamContext {
  /** Units this call takes from QPS limits (flow and hotspot). Default 1. */
  readonly batch?: number;
  /**
   * False when the caller cannot delay the call (a synchronous function): a queue that would
   * make it wait, or a breaker that would hold it for the half-open verdict, blocks it instead.
   * Default true.
   */
  readonly canWait?: boolean;
  /**
   * An outbound call (a client's), whatever its resource's kind: never dropped by adaptive
   * protection. For adapters whose inbound and outbound calls can share a resource name (a gRPC
   * method a service both serves and calls).
   */
  readonly outbound?: boolean;
}

/** How a call ended. */
export interface ExitOutcome {
  /** The thrown value or rejection reason; any value other than undefined, null or false is an error. */
  readonly error?: unknown;
  /** A status code (HTTP); ≥ 500 is an error by default. */
  readonly status?: number;
  /** Response time; default: measured from the start of the call. */
  readonly rtMs?: number;
  /** The call ran past its timeout (an error by default). */
  readonly timedOut?: boolean;
  /** The caller went away; the slot is freed and no breaker hears about the call. */
  readonly aborted?: boolean;
}

export { BLOCK_TYPES };
// Block-counter indexes, read once: the check below is written out per kind.
const T_ADAPTIVE = KIND_INDEX.adaptive;
const T_ISOLATION = KIND_INDEX.isolation;
const T_HOTSPOT = KIND_INDEX.hotspot;
const T_FLOW = KIND_INDEX.flow;
const T_BREAKER = KIND_INDEX.breaker;

/** Upper bounds (ms) of the response-time histogram buckets; the last bucket is +Inf. */
export const RT_BOUNDS_MS: readonly number[] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** What the engine asks of every kind's controller outside the per-call check. */
interface RuleController {
  readonly rule: RuleBase;
  readonly blocked: Blocked;
  /** Live state for the policy view; `concurrency` is the resource's calls in flight. */
  view(now: number, concurrency: number): Record<string, unknown>;
}

/** The compiled rules on one resource: one typed array per list kind, named as the kind. */
class RuleSet implements Record<RuleKindName, readonly RuleController[]> {
  readonly isolation: IsolationController[] = [];
  readonly hotspot: HotspotController[] = [];
  readonly flow: FlowController[] = [];
  readonly breaker: CircuitBreaker[] = [];
  empty = true;
}

const EMPTY_RULES = new RuleSet();

/** Calls one rule blocked on one resource. */
export interface RuleBlockCount {
  readonly type: BlockType;
  readonly rule: string;
  count: number;
}

/** A governed resource: its rules and its counters. Obtain one with {@link GovernanceEngine.resource}. */
export class Resource {
  readonly id: string;
  kind: string | null = null;
  /** @internal the kind of the adapter that named it (`http-in`…), when an adapter did */ adapterKind: string | null =
    null;
  /** @internal every adapter kind that entered it (a gRPC method served and called: `rpc-in` and `rpc-out`) */
  readonly adapterKinds: string[] = [];
  /** @internal */ rules: RuleSet = EMPTY_RULES;
  /** @internal */ adaptive: AdaptiveController | undefined;
  /** @internal */ adaptiveBlocked: Blocked | undefined;
  /** @internal */ isError: ErrorSpec;
  /** @internal */ passThrough: Entry | undefined;

  passed = 0;
  readonly blocked = new Float64Array(BLOCK_TYPES.length);
  /** Blocks per rule, keyed by type and rule id; kept across reloads so counters never go back. */
  readonly blockedByRule = new Map<string, RuleBlockCount>();
  /** @internal each compiled block answer's counter, so counting a block allocates nothing (reset by bind()) */
  blockCounters = new Map<Blocked, RuleBlockCount>();
  completed = 0;
  errors = 0;
  timeouts = 0;
  aborted = 0;
  rtSumMs = 0;
  readonly rtCounts = new Float64Array(RT_BOUNDS_MS.length + 1);
  concurrency = 0;
  failOpen = 0;

  constructor(id: string, isError: ErrorSpec) {
    this.id = id;
    this.isError = isError;
  }
}

/** A call that may run. Hand it back to {@link GovernanceEngine.exit} exactly when the call ends. */
export class Entry {
  readonly kind = 'pass' as const;
  readonly resource: Resource;
  /** @internal */ readonly rules: RuleSet;
  /** Monotonic start time (after any wait). */
  start: number;
  /** @internal */ readonly batch: number;
  /** @internal bit i: this call is a half-open probe of rules.breaker[i] */ probes: number;
  /** @internal */ hot: HotConcurrency[] | undefined = undefined;
  /** @internal */ adaptive: AdaptiveController | undefined;
  /** Milliseconds the call waited (queue shaping, half-open verdict) before it was let through. */
  waitedMs = 0;
  /** @internal */ done: boolean;
  /** @internal a fail-open entry that tracks nothing */ readonly untracked: boolean;

  constructor(resource: Resource, rules: RuleSet, start: number, batch: number, probes: number, untracked = false) {
    this.resource = resource;
    this.rules = rules;
    this.start = start;
    this.batch = batch;
    this.probes = probes;
    this.adaptive = undefined;
    this.done = false;
    this.untracked = untracked;
  }
}

/** The call must wait (queue shaping, or a half-open breaker in "wait" mode) before it is decided. */
export class Pending {
  readonly kind = 'pending' as const;
  /** Known part of the wait (queue spacing); a breaker verdict may add to it. */
  readonly waitMs: number;
  readonly ready: Promise<Entry | Blocked>;
  constructor(waitMs: number, ready: Promise<Entry | Blocked>) {
    this.waitMs = waitMs;
    this.ready = ready;
  }
}

export type EntryResult = Entry | Blocked | Pending;

export type GovernanceEvent =
  | { type: 'breaker'; resource: string; ruleId: string; from: BreakerState; to: BreakerState; at: number }
  | { type: 'adaptiveDryRun'; resource: string; cpu: number; inFlight: number; maxInFlight: number; at: number }
  | { type: 'policy'; source: string | undefined };

export interface EngineOptions {
  /** Monotonic clock; default `performance.now()`. */
  clock?: Clock;
  /** Initial policy (raw JSON value or a validated policy). */
  policy?: unknown;
  /** CPU usage source in [0, 1] for adaptive protection; default: a `process.cpuUsage()` sampler. */
  cpuUsage?: () => number;
  /** Where one-line reports go; default stderr. */
  log?: LogSink;
  onEvent?: (event: GovernanceEvent) => void;
  /** Resources adapters may create for names no rule or declaration mentions (default 200); beyond it they share `(other)`. */
  maxResources?: number;
  /** Report rules whose resource no call entered this long after the policy loaded (default 10 000 ms; 0: never). */
  unseenResourceMs?: number;
}

export class GovernanceTimeoutError extends Error {
  readonly code = 'INSTTS_TIMEOUT';
  constructor(resource: string, ms: number) {
    super(`call to resource '${resource}' timed out after ${ms} ms`);
    this.name = 'GovernanceTimeoutError';
  }
}

export interface GuardOptions {
  /** Free the slot and fail the call (as an error) after this many ms. */
  timeoutMs?: number;
  /** Free the slot and fail the call (not as an error) when this signal aborts. */
  signal?: AbortSignal;
}

export class GovernanceEngine {
  readonly clock: Clock;
  readonly log: LogSink;
  private readonly onEvent: ((event: GovernanceEvent) => void) | undefined;
  private readonly resources = new Map<string, Resource>();
  private active: Policy;
  private source: string | undefined;
  private loadedAt: string | undefined;
  private sets = new Map<string, RuleSet>();
  private pool = new Map<string, unknown[]>();
  private adaptive: AdaptiveController | undefined;
  private readonly cpuOverride: (() => number) | undefined;
  private sampler: CpuSampler | undefined;
  private readonly reported = new Set<string>();
  /** Declared resources with a `match`, by adapter kind (`*`: declared without a kind). */
  private matchers = new Map<string, Matcher[]>();
  /** Resource ids rules or declarations name: never counted against `maxResources`. */
  private named = new Set<string>();
  /** Resources adapters created for names no rule or declaration mentions. */
  private unnamedCount = 0;
  private readonly maxResources: number;
  private overflow: Resource | undefined;
  private readonly unseenAfterMs: number;
  private unseenTimer: unknown;
  private readonly warnings: ResourceWarning[] = [];
  private readonly warned = new Set<string>();
  /** Run-time switches (admin endpoint): rule id → enabled, with the rule's settings when switched. */
  private readonly overrides = new Map<string, { enabled: boolean; rule: string }>();
  /**
   * Bumped each time the compiled policy changes (a load, a reload, a rule switched): what
   * resolve() answers for a name may change with it, so adapters caching its answers compare this.
   */
  generation = 0;
  /** Exceptions caught by fail-open. */
  failOpenCount = 0;
  reloads = { ok: 0, rejected: 0 };

  constructor(options: EngineOptions = {}) {
    this.clock = monotonic(options.clock ?? systemClock);
    this.log = options.log ?? stderrSink;
    this.onEvent = options.onEvent;
    this.cpuOverride = options.cpuUsage;
    this.maxResources = options.maxResources ?? DEFAULT_MAX_RESOURCES;
    this.unseenAfterMs = options.unseenResourceMs ?? DEFAULT_UNSEEN_MS;
    this.active = emptyPolicy();
    this.compile(this.active);
    if (options.policy !== undefined) this.setPolicy(options.policy);
  }

  /** The active policy (validated, defaults filled in). */
  get policy(): Policy {
    return this.active;
  }

  /** Whether the active policy could block a call: a rule of any list kind, or adaptive protection on. */
  get mayBlock(): boolean {
    return allRules(this.active).length > 0 || this.active.adaptive.mode !== 'off';
  }

  /** Where the active policy came from (a file path), if known. */
  get policySource(): string | undefined {
    return this.source;
  }

  /**
   * Validate and activate a policy. Rules whose settings did not change keep their state
   * (windows, breaker state, warm-up tokens, hotspot values). Throws PolicyError and keeps the
   * current policy when the new one is invalid.
   */
  setPolicy(input: unknown, source?: string): Policy {
    const policy = isValidatedPolicy(input) ? input : validatePolicy(input);
    // A run-time switch outlives reloads that leave its rule as it was; a new version of the rule wins.
    for (const [id, o] of this.overrides) {
      const rule = findRule(policy, id);
      if (rule === undefined || JSON.stringify(rule) !== o.rule) this.overrides.delete(id);
    }
    this.compile(policy);
    this.active = policy;
    this.source = source;
    this.loadedAt = new Date().toISOString();
    this.emit({ type: 'policy', source });
    return policy;
  }

  /**
   * Switch a rule on or off at run time, on top of the active policy (`null`: back to what the
   * policy says). `"adaptive"` names the adaptive settings. The switch outlives policy reloads
   * that leave the rule unchanged; a changed rule in a new policy version replaces it. A rule
   * switched back on continues with the state it had. Returns false when no rule has that id.
   */
  setRuleEnabled(id: string, enabled: boolean | null): boolean {
    const rule = findRule(this.active, id);
    if (rule === undefined) return false;
    if (enabled === null) this.overrides.delete(id);
    else this.overrides.set(id, { enabled, rule: JSON.stringify(rule) });
    this.compile(this.active);
    return true;
  }

  /** Whether a rule is on: its run-time switch if one is set, else the policy's `enabled`. */
  private isOn(id: string, rule: { enabled: boolean }): boolean {
    if (this.overrides.size === 0) return rule.enabled;
    return this.overrides.get(id)?.enabled ?? rule.enabled;
  }

  /**
   * The resource handle for `id` (created on first use). Pass it to entry() to skip the lookup.
   * `kind`: the kind of the adapter entering it (`function` for the govern action), so that what
   * its rules cannot do on such calls is reported.
   */
  resource(id: string, kind?: string): Resource {
    let r = this.resources.get(id);
    if (r === undefined) {
      r = new Resource(id, this.active.isError);
      if (kind !== undefined) r.adapterKind = kind;
      this.bind(r);
      this.resources.set(id, r);
    }
    if (kind !== undefined && r.adapterKinds[0] !== kind) this.enteredAs(r, kind);
    return r;
  }

  /**
   * The resource for a call an adapter sees: the declared resource whose `match` the call's
   * attributes satisfy (first in policy order), else the one named `name`. Names no rule or
   * declaration mentions are capped at `maxResources`; calls beyond that share the resource
   * {@link OVERFLOW_RESOURCE}, so a flood of distinct paths cannot grow the process.
   * `attributes` (or a function giving them, called only when a match could apply) are the
   * adapter kind's match attributes (see MATCH_ATTRIBUTES in policy.ts).
   */
  resolve(kind: string, name: string, attributes?: MatchAttributes | (() => MatchAttributes)): Resource {
    try {
      const byKind = this.matchers.get(kind);
      const anyKind = this.matchers.get('*');
      if ((byKind !== undefined || anyKind !== undefined) && attributes !== undefined) {
        const attrs = typeof attributes === 'function' ? attributes() : attributes;
        const hit =
          (byKind !== undefined ? firstMatch(byKind, attrs) : undefined) ??
          (anyKind !== undefined ? firstMatch(anyKind, attrs) : undefined);
        if (hit !== undefined) return this.adapterResource(hit, kind);
      }
      const known = this.resources.get(name);
      if (known !== undefined) {
        if (known.adapterKinds[0] !== kind) this.enteredAs(known, kind);
        return known;
      }
      if (!this.named.has(name) && this.unnamedCount >= this.maxResources) {
        return (this.overflow ??= this.adapterResource(OVERFLOW_RESOURCE, kind));
      }
      return this.adapterResource(name, kind);
    } catch (error) {
      this.report(this.resource(OVERFLOW_RESOURCE), 'resolve', error);
      return this.resource(OVERFLOW_RESOURCE);
    }
  }

  /**
   * Whether resolve() for `kind` can depend on a call's attributes: a declared resource with a
   * `match` applies to that kind (or to any). When false, the name alone decides until the next
   * {@link generation}.
   */
  matchesAttributes(kind: string): boolean {
    return this.matchers.has(kind) || this.matchers.has('*');
  }

  private adapterResource(id: string, kind: string): Resource {
    let r = this.resources.get(id);
    if (r === undefined) {
      r = new Resource(id, this.active.isError);
      r.adapterKind = kind;
      if (!this.named.has(id) && id !== OVERFLOW_RESOURCE) this.unnamedCount++;
      this.bind(r);
      this.resources.set(id, r);
    }
    if (r.adapterKinds[0] !== kind) this.enteredAs(r, kind);
    return r;
  }

  /** An adapter of `kind` entered `r`: the first time, check what its rules can do on such calls. */
  private enteredAs(r: Resource, kind: string): void {
    if (r.adapterKinds.includes(kind)) return;
    r.adapterKinds.push(kind);
    this.checkKind(r, kind);
  }

  /**
   * What the rules on `r` cannot do on calls of adapter kind `kind`: a behaviour such a call
   * cannot be given, a hotspot parameter such a call never carries. One line per rule and kind,
   * once. Run when an adapter kind first enters a resource and when a policy is applied, never
   * per call.
   */
  private checkKind(r: Resource, kind: string): void {
    try {
      const rs = r.rules;
      // adaptive protection (rule id `adaptive`) applies to resources without rules of their own too
      const blocks = r.adaptiveBlocked === undefined ? [] : [r.adaptiveBlocked];
      for (const k of RULE_KINDS) for (const c of rs[k.name] as readonly RuleController[]) blocks.push(c.blocked);
      for (const blocked of blocks) {
        const text = behaviorProblem(blocked, r.id, kind);
        // One line per rule for gRPC, whether it meets the calls served, made, or both.
        if (text !== undefined)
          this.warnOnce(`kind\u0000${blocked.ruleId}\u0000${RPC_KINDS.has(kind) ? 'rpc' : kind}`, {
            rule: blocked.ruleId,
            resource: r.id,
            message: text,
          });
      }
      for (const h of rs.hotspot) {
        const never = paramNeverCarried(kind, h.rule.param);
        if (never !== undefined) this.warnNeverCarried(r, h, kind, `${never.call} (kind "${kind}")`, never.because);
      }
    } catch (error) {
      this.report(r, 'policy check', error);
    }
  }

  /**
   * Some calls of `r` never carry `source`, although calls of its kind may (a served gRPC call
   * whose requests stream has no request message for `query` to read): each hotspot rule on `r`
   * that reads it is named once, with what such a call (`call`, carrying `carries`) is. Cheap per
   * call: a look at the resource's hotspot rules, usually none.
   */
  entersWithout(r: Resource, source: ParamSource['from'], call: string, carries: string): void {
    const hotspot = r.rules.hotspot;
    for (let i = 0; i < hotspot.length; i++) {
      const h = hotspot[i]!;
      if (h.rule.param.from === source) this.warnNeverCarried(r, h, call, call, `it carries ${carries}`);
    }
  }

  /**
   * Calls of `r` like this one carry only the sources `carried` (an amqp delivery: its headers):
   * each hotspot rule on `r` reading any other is named once, as in {@link entersWithout}.
   */
  entersCarryingOnly(r: Resource, carried: ReadonlyArray<ParamSource['from']>, call: string, carries: string): void {
    const hotspot = r.rules.hotspot;
    for (let i = 0; i < hotspot.length; i++) {
      const h = hotspot[i]!;
      if (!carried.includes(h.rule.param.from)) this.warnNeverCarried(r, h, call, call, `it carries ${carries}`);
    }
  }

  /** One line, once per rule and `key`: hotspot rule `h` on `r` reads what `call` never carries. */
  private warnNeverCarried(r: Resource, h: HotspotController, key: string, call: string, because: string): void {
    const id = h.blocked.ruleId;
    const effect =
      h.rule.onMissing === 'block'
        ? 'with "onMissing": "block" it blocks every one of those calls'
        : 'the rule never applies to those calls';
    this.warnOnce(`param\u0000${id}\u0000${key}`, {
      rule: id,
      resource: r.id,
      message: `instts: policy hotspot rule '${id}' on resource '${r.id}' reads ${describeParam(h.rule.param)}, which ${call} never carries (${because}); ${effect}`,
    });
  }

  /**
   * A rule an adapter cannot serve as written, found at run time (a call that cannot wait for a
   * queue): printed once per key and listed with the policy's warnings.
   */
  warnAdapter(key: string, warning: ResourceWarning): void {
    this.warnOnce(`adapter\u0000${key}`, warning);
  }

  private warnOnce(key: string, warning: ResourceWarning): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(warning);
    if (this.warnings.length > 100) this.warnings.shift();
    try {
      this.log(warning.message);
    } catch {
      // a report never fails anything
    }
  }

  /** After `unseenResourceMs`, each rule naming a resource no call has entered is reported once. */
  private scheduleUnseenCheck(): void {
    if (this.unseenTimer !== undefined) clearTimeout(this.unseenTimer as ReturnType<typeof setTimeout>);
    this.unseenTimer = undefined;
    if (this.unseenAfterMs <= 0 || !Number.isFinite(this.unseenAfterMs)) return;
    const timer = setTimeout(() => {
      this.unseenTimer = undefined;
      this.checkUnseen();
    }, this.unseenAfterMs);
    (timer as { unref?: () => void }).unref?.();
    this.unseenTimer = timer;
  }

  /** Report rules (and adaptive.exclude ids) whose resource has not been seen, with the closest names that have. */
  checkUnseen(): ResourceWarning[] {
    const found: ResourceWarning[] = [];
    const p = this.active;
    const seen = [...this.resources.keys()].filter((id) => id !== OVERFLOW_RESOURCE);
    const secs = Math.round(this.unseenAfterMs / 100) / 10;
    for (const rule of allRules(p)) {
      if (this.resources.has(rule.resource)) continue;
      const message =
        `instts: policy rule '${rule.id}' names resource ${JSON.stringify(rule.resource)}, which no call has entered in ${secs} s` +
        seenLike(rule.resource, seen);
      const w = { rule: rule.id, resource: rule.resource, message };
      found.push(w);
      this.warnOnce(`unseen\u0000${rule.id}\u0000${rule.resource}`, w);
    }
    // A resource adaptive protection leaves alone is named the same way: a typo there is as silent.
    for (const id of p.adaptive.exclude) {
      if (this.resources.has(id)) continue;
      const message =
        `instts: policy adaptive.exclude names resource ${JSON.stringify(id)}, which no call has entered in ${secs} s` +
        seenLike(id, seen);
      const w = { rule: 'adaptive', resource: id, message };
      found.push(w);
      this.warnOnce(`unseen\u0000adaptive\u0000${id}`, w);
    }
    return found;
  }

  /** Every resource seen so far. */
  listResources(): Resource[] {
    return [...this.resources.values()];
  }

  /**
   * Ask to run one call of `resource`. Returns an {@link Entry} (run it, then exit()), a
   * {@link Blocked} (do not run it; apply its behaviour), or a {@link Pending} (await `ready`).
   */
  entry(resource: string | Resource, ctx?: EntryContext): EntryResult {
    const r = typeof resource === 'string' ? this.resource(resource) : resource;
    try {
      return this.check(r, ctx);
    } catch (error) {
      return this.failOpen(r, 'entry', error);
    }
  }

  private check(r: Resource, ctx: EntryContext | undefined): EntryResult {
    const now = this.clock.now();
    const rs = r.rules;
    let batch = 1;
    let canWait = true;
    if (ctx !== undefined) {
      if (ctx.batch !== undefined) batch = ctx.batch;
      if (ctx.canWait === false) canWait = false;
    }

    // 1. adaptive
    const adaptive = ctx?.outbound === true ? undefined : r.adaptive;
    if (adaptive !== undefined && adaptive.shouldDrop(now)) {
      if (adaptive.enforce) {
        adaptive.drops++;
        return this.block(r, T_ADAPTIVE, r.adaptiveBlocked as Blocked);
      }
      adaptive.dryRunDrops++;
      this.emit({
        type: 'adaptiveDryRun',
        resource: r.id,
        cpu: adaptive.cpu(),
        inFlight: adaptive.inFlight,
        maxInFlight: adaptive.maxInFlight(now),
        at: now,
      });
    }

    if (rs.empty) {
      const e = new Entry(r, rs, now, batch, 0);
      r.concurrency++;
      r.passed++;
      if (adaptive !== undefined) {
        adaptive.inFlight++;
        e.adaptive = adaptive;
      }
      return e;
    }

    // 2. isolation
    const isolation = rs.isolation;
    for (let i = 0; i < isolation.length; i++) {
      const iso = isolation[i]!;
      if (iso.exceeds(r.concurrency)) return this.block(r, T_ISOLATION, iso.blocked);
    }

    // 3. hotspot
    let wait = 0;
    let hotKeys: Array<HotspotController | string> | undefined;
    const hotspot = rs.hotspot;
    for (let i = 0; i < hotspot.length; i++) {
      const h = hotspot[i]!;
      const key = h.value(ctx);
      if (key === undefined) {
        if (h.rule.onMissing === 'block') return this.block(r, T_HOTSPOT, h.blocked);
        continue;
      }
      if (h.concurrency) {
        if (h.exceeds(key)) return this.block(r, T_HOTSPOT, h.blocked);
        (hotKeys ??= []).push(h, key);
      } else {
        const d = h.check(now, key, batch, canWait);
        if (d < 0) return this.block(r, T_HOTSPOT, h.blocked);
        if (d > wait) wait = d;
      }
    }

    // 4. flow
    const flow = rs.flow;
    for (let i = 0; i < flow.length; i++) {
      const f = flow[i]!;
      const d = f.check(now, batch, canWait);
      if (d === BLOCK) return this.block(r, T_FLOW, f.blocked);
      if (d > wait) wait = d;
    }

    // 5. circuit breakers (after any queue wait: they judge the moment the call would start)
    let probes = 0;
    if (wait === 0) {
      const breakers = rs.breaker;
      for (let i = 0; i < breakers.length; i++) {
        const v = breakers[i]!.tryPass(now, canWait);
        if (v === REJECT) {
          this.cancelProbes(rs, probes, now);
          return this.block(r, T_BREAKER, breakers[i]!.blocked);
        }
        if (v === PROBE) probes |= 1 << i;
        else if (v === WAIT) {
          const e = this.reserve(r, rs, now, batch, probes, hotKeys, adaptive);
          return new Pending(0, this.finishPending(e, 0, i));
        }
      }
      const e = this.reserve(r, rs, now, batch, probes, hotKeys, adaptive);
      r.passed++;
      return e;
    }
    const e = this.reserve(r, rs, now, batch, 0, hotKeys, adaptive);
    return new Pending(wait, this.finishPending(e, wait, 0));
  }

  /** Count the call in: in-flight slots, per-value concurrency, flow windows. */
  private reserve(
    r: Resource,
    rs: RuleSet,
    now: number,
    batch: number,
    probes: number,
    hotKeys: Array<HotspotController | string> | undefined,
    adaptive: AdaptiveController | undefined,
  ): Entry {
    const e = new Entry(r, rs, now, batch, probes);
    if (hotKeys !== undefined) {
      const hot: HotConcurrency[] = [];
      for (let i = 0; i < hotKeys.length; i += 2)
        hot.push((hotKeys[i] as HotspotController).acquire(hotKeys[i + 1] as string));
      e.hot = hot;
    }
    const flow = rs.flow;
    for (let i = 0; i < flow.length; i++) flow[i]!.onPass(now, batch);
    if (adaptive !== undefined) {
      adaptive.inFlight++;
      e.adaptive = adaptive;
    }
    r.concurrency++;
    return e;
  }

  /** Give back what reserve() took, for a call that will not run. */
  private unreserve(e: Entry): void {
    e.done = true;
    const r = e.resource;
    if (r.concurrency > 0) r.concurrency--;
    if (e.hot !== undefined) for (const h of e.hot) h.owner.release(h);
    if (e.adaptive !== undefined && e.adaptive.inFlight > 0) e.adaptive.inFlight--;
  }

  private async finishPending(e: Entry, waitMs: number, from: number): Promise<Entry | Blocked> {
    const r = e.resource;
    const arrived = e.start;
    try {
      if (waitMs > 0) await this.sleep(waitMs);
      const breakers = e.rules.breaker;
      for (let i = from; i < breakers.length; i++) {
        const b = breakers[i]!;
        let v = b.tryPass(this.clock.now(), true);
        while (v === WAIT) {
          const closed = await b.waitVerdict();
          v = closed ? b.tryPass(this.clock.now(), true) : REJECT;
        }
        if (v === REJECT) {
          this.cancelProbes(e.rules, e.probes, this.clock.now());
          this.unreserve(e);
          return this.block(r, T_BREAKER, b.blocked);
        }
        if (v === PROBE) e.probes |= 1 << i;
      }
      e.start = this.clock.now();
      e.waitedMs = e.start - arrived;
      r.passed++;
      return e;
    } catch (error) {
      this.report(r, 'entry', error);
      r.failOpen++;
      r.passed++;
      return e;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimer(resolve, ms));
  }

  private cancelProbes(rs: RuleSet, probes: number, now: number): void {
    if (probes === 0) return;
    const breakers = rs.breaker;
    for (let i = 0; i < breakers.length; i++) if (probes & (1 << i)) breakers[i]!.cancelProbe(now);
  }

  private block(r: Resource, type: number, blocked: Blocked): Blocked {
    r.blocked[type]!++;
    let perRule = r.blockCounters.get(blocked);
    if (perRule === undefined) {
      const key = `${blocked.type}\u0000${blocked.ruleId}`;
      perRule = r.blockedByRule.get(key);
      if (perRule === undefined)
        r.blockedByRule.set(key, (perRule = { type: blocked.type, rule: blocked.ruleId, count: 0 }));
      r.blockCounters.set(blocked, perRule);
    }
    perRule.count++;
    return blocked;
  }

  /** The call of `entry` ended. Safe to call more than once; only the first call counts. */
  exit(entry: Entry | Blocked | Pending | undefined, outcome?: ExitOutcome): void {
    if (!(entry instanceof Entry) || entry.done) return;
    entry.done = true;
    if (entry.untracked) return;
    const r = entry.resource;
    try {
      const now = this.clock.now();
      const rt = outcome !== undefined && outcome.rtMs !== undefined ? outcome.rtMs : now - entry.start;
      if (r.concurrency > 0) r.concurrency--;
      const hot = entry.hot;
      if (hot !== undefined) for (let i = 0; i < hot.length; i++) hot[i]!.owner.release(hot[i]!);
      const aborted = outcome !== undefined && outcome.aborted === true;
      if (entry.adaptive !== undefined) entry.adaptive.onExit(now, rt, !aborted);
      if (aborted) {
        r.aborted++;
        this.cancelProbes(entry.rules, entry.probes, now);
        return;
      }
      const failed = outcome !== undefined && isErrorOutcome(r.isError, outcome);
      r.completed++;
      if (failed) r.errors++;
      if (outcome !== undefined && outcome.timedOut === true) r.timeouts++;
      r.rtSumMs += rt;
      let b = 0;
      while (b < RT_BOUNDS_MS.length && rt > RT_BOUNDS_MS[b]!) b++;
      r.rtCounts[b]!++;
      const breakers = entry.rules.breaker;
      for (let i = 0; i < breakers.length; i++) {
        const br = breakers[i]!;
        const err =
          br.rule.isError === r.isError ? failed : outcome !== undefined && isErrorOutcome(br.rule.isError, outcome);
        br.complete(now, rt, err, (entry.probes & (1 << i)) !== 0);
      }
    } catch (error) {
      this.report(r, 'exit', error);
    }
  }

  /**
   * Run `fn` under governance: entry, (wait), call, exit with the outcome. A blocked call gets
   * its behaviour's fallback (value, thrown error or handler result); `respond` and `redirect`
   * behaviours reject with a {@link BlockedError} carrying the block type and rule id.
   */
  async guard<T>(
    resource: string | Resource,
    ctx: EntryContext | undefined,
    fn: () => T | PromiseLike<T>,
    options: GuardOptions = {},
  ): Promise<T> {
    let result = this.entry(resource, ctx);
    if (result.kind === 'pending') result = await result.ready;
    if (result.kind === 'blocked') return result.fallback(ctx?.args) as T;
    const entry = result;
    const resourceId = entry.resource.id;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let timer: unknown;
      const onAbort = (): void => finish({ aborted: true }, false, options.signal?.reason);
      const finish = (outcome: ExitOutcome, ok: boolean, value: unknown): void => {
        if (settled) return;
        settled = true;
        if (timer !== undefined) this.clock.clearTimer(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.exit(entry, outcome);
        if (ok) resolve(value as T);
        else reject(value);
      };
      if (options.timeoutMs !== undefined) {
        const ms = options.timeoutMs;
        timer = this.clock.setTimer(
          () => finish({ timedOut: true }, false, new GovernanceTimeoutError(resourceId, ms)),
          ms,
        );
      }
      if (options.signal !== undefined) {
        if (options.signal.aborted) return onAbort();
        options.signal.addEventListener('abort', onAbort, { once: true });
      }
      try {
        Promise.resolve(fn()).then(
          (value) => finish({}, true, value),
          (error: unknown) => finish({ error: error ?? true }, false, error),
        );
      } catch (error) {
        finish({ error: error ?? true }, false, error);
      }
    });
  }

  private failOpen(r: Resource, phase: string, error: unknown): Entry {
    this.report(r, phase, error);
    r.failOpen++;
    return (r.passThrough ??= new Entry(r, EMPTY_RULES, 0, 1, 0, true));
  }

  private report(r: Resource, phase: string, error: unknown): void {
    this.failOpenCount++;
    const key = `${phase}\u0000${r.id}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    try {
      this.log(
        `instts: governance ${phase} failed for resource '${r.id}': ${describeError(error)}; the call went through (reported once)`,
      );
    } catch {
      // never fail the call over a report
    }
  }

  private emit(event: GovernanceEvent): void {
    if (this.onEvent === undefined) return;
    try {
      this.onEvent(event);
    } catch {
      // listeners cannot break governance
    }
  }

  // ---- policy compilation -------------------------------------------------------------------

  private take<T>(next: Map<string, unknown[]>, key: string, make: () => T): T {
    const list = this.pool.get(key);
    const reused = list !== undefined && list.length > 0 ? (list.shift() as T) : make();
    let bucket = next.get(key);
    if (bucket === undefined) next.set(key, (bucket = []));
    bucket.push(reused);
    return reused;
  }

  private compile(policy: Policy): void {
    const now = this.clock.now();
    const next = new Map<string, unknown[]>();
    const sets = new Map<string, RuleSet>();
    const setFor = (id: string): RuleSet => {
      let s = sets.get(id);
      if (s === undefined) sets.set(id, (s = new RuleSet()));
      s.empty = false;
      return s;
    };
    const behaviorOf = (name: string | null): [string | null, Behavior] => {
      const n = name ?? policy.defaultBehavior;
      return n === null ? [null, DEFAULT_BEHAVIOR] : [n, policy.behaviors[n] ?? DEFAULT_BEHAVIOR];
    };
    // A rule keeps its live state (windows, breaker state, warm-up, queue slot, hotspot values)
    // across an edit that leaves what it counts unchanged; each kind's stateKey says what that is.
    const stateKey = <R>(kind: { name: string; stateKey(rule: R): unknown[] }, rule: R): string =>
      `${kind.name}\u0000${JSON.stringify(kind.stateKey(rule))}`;

    /** Gives a controller its block answer (the rule's behaviour) and files it under its resource. */
    const attach = <C extends { blocked: Blocked }>(
      type: RuleKindName,
      rule: { id: string; resource: string; behavior: string | null },
      controller: C,
      list: (set: RuleSet) => C[],
    ): C => {
      const [bn, b] = behaviorOf(rule.behavior);
      controller.blocked = new Blocked(type, rule.id, rule.resource, bn, b);
      list(setFor(rule.resource)).push(controller);
      return controller;
    };

    // A rule switched off keeps its state in the pool (not attached), so switching it back on
    // through the admin endpoint or the file continues where it was.
    for (const rule of policy.isolation) {
      if (this.isOn(rule.id, rule)) attach('isolation', rule, new IsolationController(rule), (set) => set.isolation);
    }
    for (const rule of policy.hotspot) {
      const c = this.take(next, stateKey(HOTSPOT_KIND, rule), () => new HotspotController(rule));
      c.rule = rule;
      if (this.isOn(rule.id, rule)) attach('hotspot', rule, c, (set) => set.hotspot);
    }
    for (const rule of policy.flow) {
      const c = this.take(next, stateKey(FLOW_KIND, rule), () => new FlowController(rule, now));
      c.configure(rule);
      if (this.isOn(rule.id, rule)) attach('flow', rule, c, (set) => set.flow);
    }
    for (const rule of policy.circuitBreakers) {
      const c = this.take(next, stateKey(BREAKER_KIND, rule), () => new CircuitBreaker(rule, this.clock));
      c.rule = rule;
      c.onChange = (br, from, to, at) =>
        this.emit({ type: 'breaker', resource: br.rule.resource, ruleId: br.blocked.ruleId, from, to, at });
      if (this.isOn(rule.id, rule)) attach('breaker', rule, c, (set) => set.breaker);
      else c.blocked ??= new Blocked('breaker', rule.id, rule.resource, null, DEFAULT_BEHAVIOR);
    }

    const a = policy.adaptive;
    if (this.isOn('adaptive', a) && a.mode !== 'off') {
      const cpu = this.cpuOverride ?? this.startSampler(a.sampleMs, a.cpuDecay, a.cpuCores);
      const key = `adaptive\u0000${JSON.stringify(a.window)}`;
      const c = this.take(next, key, () => new AdaptiveController(a, cpu));
      c.rule = a;
      c.enforce = a.mode === 'on';
      c.cpu = cpu;
      this.adaptive = c;
    } else {
      this.adaptive = undefined;
      this.sampler?.stop();
    }

    this.pool = next;
    this.sets = sets;
    this.active = policy;
    const named = new Set<string>(sets.keys());
    const matchers = new Map<string, Matcher[]>();
    for (const d of policy.resources) {
      named.add(d.id);
      if (d.match === null) continue;
      const k = d.kind ?? '*';
      let list = matchers.get(k);
      if (list === undefined) matchers.set(k, (list = []));
      list.push(compileMatcher(d.id, d.match));
    }
    for (const rule of allRules(policy)) named.add(rule.resource);
    this.named = named;
    this.matchers = matchers;
    for (const r of this.resources.values()) this.bind(r);
    this.generation++;
    if (this.sets.size > 0 || policy.adaptive.exclude.length > 0) this.scheduleUnseenCheck();
  }

  private startSampler(sampleMs: number, decay: number, cores: 'auto' | number): () => number {
    const sampler = (this.sampler ??= new CpuSampler());
    sampler.start(sampleMs, decay, cores);
    return () => sampler.value;
  }

  /** Attach the compiled rules of the active policy to a resource. */
  private bind(r: Resource): void {
    const policy = this.active;
    r.rules = this.sets.get(r.id) ?? EMPTY_RULES;
    r.isError = policy.isError;
    if (r.blockCounters.size > 0) r.blockCounters = new Map();
    const decl = policy.resources.find((d) => d.id === r.id);
    r.kind = decl?.kind ?? r.adapterKind;
    const a = this.adaptive;
    const outbound = r.kind !== null && r.kind.endsWith('-out');
    if (a !== undefined && !outbound && !a.rule.exclude.includes(r.id)) {
      r.adaptive = a;
      const name = a.rule.behavior ?? policy.defaultBehavior;
      const behavior = name === null ? DEFAULT_BEHAVIOR : (policy.behaviors[name] ?? DEFAULT_BEHAVIOR);
      r.adaptiveBlocked = new Blocked('adaptive', 'adaptive', r.id, name, behavior);
    } else {
      r.adaptive = undefined;
      r.adaptiveBlocked = undefined;
    }
    for (const kind of r.adapterKinds) this.checkKind(r, kind);
  }

  // ---- observation --------------------------------------------------------------------------

  /** Counters per resource. */
  stats(): ResourceStats[] {
    const now = this.clock.now();
    return this.listResources().map((r) => {
      const blocked = {} as Record<BlockType, number>;
      BLOCK_TYPES.forEach((t, i) => (blocked[t] = r.blocked[i]!));
      return {
        resource: r.id,
        kind: r.kind,
        passed: r.passed,
        blocked,
        blockedByRule: [...r.blockedByRule.values()].map((b) => ({ ...b })),
        completed: r.completed,
        errors: r.errors,
        timeouts: r.timeouts,
        aborted: r.aborted,
        rtSumMs: r.rtSumMs,
        rtBucketsMs: RT_BOUNDS_MS,
        rtCounts: [...r.rtCounts],
        concurrency: r.concurrency,
        failOpen: r.failOpen,
        breakers: r.rules.breaker.map((b) => ({ ruleId: b.blocked.ruleId, state: b.state, ...b.snapshot(now) })),
      };
    });
  }

  /** The active policy and the live state of every compiled rule. */
  inspect(): EngineView {
    const now = this.clock.now();
    const rules: RuleView[] = [];
    const p = this.active;
    const live = new Map<object, Record<string, unknown>>();
    for (const [resource, set] of this.sets) {
      const concurrency = this.resources.get(resource)?.concurrency ?? 0;
      for (const kind of RULE_KINDS)
        for (const c of set[kind.name] as readonly RuleController[]) live.set(c.rule, c.view(now, concurrency));
    }
    for (const { kind, rule } of rulesWithKind(p)) {
      const o = this.overrides.get(rule.id);
      rules.push({
        kind,
        id: rule.id,
        resource: rule.resource,
        enabled: this.isOn(rule.id, rule),
        ...(o !== undefined ? { override: o.enabled } : {}),
        state: live.get(rule) ?? null,
      });
    }
    return {
      source: this.source ?? null,
      loadedAt: this.loadedAt ?? null,
      reloads: { ...this.reloads },
      policy: p,
      rules,
      adaptive: {
        ...(this.adaptive
          ? this.adaptive.state(now)
          : { mode: this.isOn('adaptive', p.adaptive) ? p.adaptive.mode : 'off' }),
        ...(this.overrides.has('adaptive') ? { override: this.overrides.get('adaptive')!.enabled } : {}),
      },
      overrides: [...this.overrides].map(([rule, o]) => ({ rule, enabled: o.enabled })),
      warnings: this.warnings.map((w) => ({ ...w })),
      resourceCount: this.resources.size,
      failOpen: this.failOpenCount,
    };
  }

  /** Stop background work (the CPU sampler). */
  close(): void {
    this.sampler?.stop();
    if (this.unseenTimer !== undefined) clearTimeout(this.unseenTimer as ReturnType<typeof setTimeout>);
    this.unseenTimer = undefined;
  }
}

export interface ResourceStats {
  resource: string;
  kind: string | null;
  passed: number;
  blocked: Record<BlockType, number>;
  /** Blocks per rule that has blocked at least once. */
  blockedByRule: RuleBlockCount[];
  completed: number;
  errors: number;
  timeouts: number;
  aborted: number;
  rtSumMs: number;
  rtBucketsMs: readonly number[];
  /** Per histogram bucket (not cumulative); the last entry counts calls above the last bound. */
  rtCounts: number[];
  concurrency: number;
  failOpen: number;
  breakers: Array<{ ruleId: string; state: BreakerState } & Record<string, unknown>>;
}

export interface RuleView {
  /** The rule's kind, as named by block types and metric labels. */
  kind: RuleKindName;
  id: string;
  resource: string;
  /** In effect: the run-time switch when one is set, else the policy's `enabled`. */
  enabled: boolean;
  /** Present when a run-time switch (admin endpoint) decides `enabled`. */
  override?: boolean;
  state: Record<string, unknown> | null;
}

export interface EngineView {
  source: string | null;
  loadedAt: string | null;
  reloads: { ok: number; rejected: number };
  policy: Policy;
  rules: RuleView[];
  adaptive: Record<string, unknown>;
  /** Run-time switches in effect. */
  overrides: Array<{ rule: string; enabled: boolean }>;
  /** Policy problems found against the running service (unseen resources, behaviours or hotspot parameters a kind's calls cannot take). */
  warnings: ResourceWarning[];
  /** Resources tracked (at most the declared and rule-named ones plus `maxResources` and the overflow). */
  resourceCount: number;
  failOpen: number;
}

export interface ResourceWarning {
  rule: string;
  resource: string;
  /** The one line printed on stderr. */
  message: string;
}

/** Attributes of a call that adapters supply for `resources[].match`. */
export type MatchAttributes = Readonly<Record<string, string | number | undefined>>;

/** The resource that calls of names beyond the `maxResources` cap share. */
export const OVERFLOW_RESOURCE = '(other)';
const DEFAULT_MAX_RESOURCES = 200;
const DEFAULT_UNSEEN_MS = 10_000;
/** Attributes compared without regard to case. */
const CASELESS = new Set(['method', 'host']);

interface Matcher {
  readonly id: string;
  /** Attribute name → accepted values (as strings; lower case for CASELESS attributes). */
  readonly tests: ReadonlyArray<readonly [string, readonly string[]]>;
}

function compileMatcher(id: string, match: Record<string, unknown>): Matcher {
  const tests = Object.entries(match).map(([name, value]) => {
    const values = (Array.isArray(value) ? value : [value]).map((v) => String(v));
    return [name, CASELESS.has(name) ? values.map((v) => v.toLowerCase()) : values] as const;
  });
  return { id, tests };
}

function firstMatch(matchers: readonly Matcher[], attrs: MatchAttributes): string | undefined {
  outer: for (const m of matchers) {
    for (const [name, values] of m.tests) {
      const raw = attrs[name];
      if (raw === undefined) continue outer;
      const v = CASELESS.has(name) ? String(raw).toLowerCase() : String(raw);
      if (!values.includes(v)) continue outer;
    }
    return m.id;
  }
  return undefined;
}

/** What an unseen-resource report says about the names seen instead of `id`. */
function seenLike(id: string, seen: readonly string[]): string {
  if (seen.length === 0) return '; no resource has been seen yet';
  const near = nearestNames(id, seen, 3);
  if (near.length > 0) return `; closest seen: ${near.map((n) => JSON.stringify(n)).join(', ')}`;
  const few = seen.slice(0, 5).map((n) => JSON.stringify(n.length > 100 ? `${n.slice(0, 100)}…` : n));
  const more = seen.length > few.length ? ` and ${seen.length - few.length} more` : '';
  return `; no seen resource has a similar name (seen: ${few.join(', ')}${more})`;
}

/** The one line saying that calls of adapter kind `kind` cannot be given `blocked`'s behaviour, if they cannot. */
function behaviorProblem(blocked: Blocked, resource: string, kind: string): string | undefined {
  const b = blocked.behavior;
  const name = blocked.behaviorName ?? '';
  const rule = blocked.ruleId;
  if (kind === 'http-in' && b.type === 'fallback') {
    return `instts: policy rule '${rule}' on resource '${resource}' (an HTTP request) has fallback behavior '${name}', which HTTP requests cannot take; blocked requests get the default 429`;
  }
  if (ERROR_ONLY_KINDS.has(kind) && returnsValue(b)) {
    return `instts: policy rule '${rule}' on resource '${resource}' (a database call) has fallback behavior '${name}' with a value or handler, which a database call cannot return; blocked calls fail with a BlockedError (use a fallback "throw", or govern the function that makes the call)`;
  }
  const grpc = RPC_KINDS.has(kind) ? grpcBehaviorProblem(b) : undefined;
  if (grpc !== undefined) {
    return `instts: policy rule '${rule}' on resource '${resource}' (a gRPC call): behavior '${name}' ${grpc}; blocked calls get RESOURCE_EXHAUSTED (use a "respond", or a fallback "throw" whose code is a gRPC status name)`;
  }
  // Accepted (its body is the status message), but what only HTTP can carry is said once.
  const lost = RPC_KINDS.has(kind) && b.type === 'respond' ? httpOnlyParts(b) : undefined;
  if (lost !== undefined) {
    return `instts: policy rule '${rule}' on resource '${resource}' (a gRPC call): behavior '${name}' sets ${lost}, which a gRPC call cannot carry; blocked calls get RESOURCE_EXHAUSTED with the body as the status message (for another status, use a fallback "throw" whose code is a gRPC status name, such as "UNAVAILABLE")`;
  }
  return undefined;
}

/** The parts of a respond behaviour only an HTTP answer has (a status other than 429, headers), or undefined. */
function httpOnlyParts(b: RespondBehavior): string | undefined {
  const parts: string[] = [];
  if (b.status !== RESPOND_DEFAULTS.status) parts.push(`HTTP status ${b.status}`);
  const headers = Object.keys(b.headers);
  if (headers.length > 0) parts.push(`header${headers.length > 1 ? 's' : ''} ${headers.join(', ')}`);
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

/** Up to `n` of `names` closest to `word` by edit distance (ignoring case and punctuation). */
function nearestNames(word: string, names: readonly string[], n: number): string[] {
  const norm = (x: string): string =>
    x
      .toLowerCase()
      .replace(/[^a-z0-9/:._-]+/g, ' ')
      .trim();
  const w = norm(word);
  return (
    names
      // Resource names can be long paths: past 200 characters, the length difference is enough.
      .map((name) => ({
        name,
        d: w.length > 200 || name.length > 200 ? Math.abs(w.length - name.length) + 200 : editDistance(w, norm(name)),
      }))
      .filter((x) => x.d <= Math.max(3, Math.floor(w.length / 2)))
      .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
      .slice(0, n)
      .map((x) => x.name)
  );
}

/** The rule with id `id` in `policy` (`"adaptive"`: the adaptive settings). */
function findRule(policy: Policy, id: string): { enabled: boolean } | undefined {
  if (id === 'adaptive') return policy.adaptive;
  return allRules(policy).find((r: RuleBase) => r.id === id);
}

/** Does `outcome` count as an error under `spec`? */
export function isErrorOutcome(spec: ErrorSpec, outcome: ExitOutcome): boolean {
  if (outcome.timedOut === true) return spec.timeout;
  const error = outcome.error;
  if (spec.thrown && error !== undefined && error !== null && error !== false) return true;
  const status = outcome.status;
  if (status !== undefined) {
    if (spec.statusAtLeast !== null && status >= spec.statusAtLeast) return true;
    if (spec.statuses.length > 0 && spec.statuses.includes(status)) return true;
  }
  return false;
}

export { BlockedError };
