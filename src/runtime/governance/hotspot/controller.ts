// Hotspot (per-value) protection: a limit per distinct value of one call argument, HTTP header,
// query parameter or the client IP. QPS uses a token bucket per value (threshold + burst tokens,
// refilled after each full duration) or uniform spacing per value; concurrency counts the
// in-flight calls per value. Values live in a bounded LRU: memory stays within `capacity`
// entries whatever the number of distinct values.

import type { Blocked } from '../behavior.js';
import type { HotspotRule, ParamSource } from './rule.js';

/**
 * A bounded LRU: a Map from key to slot, and a doubly linked recency list over slot arrays that
 * grow (by doubling) up to `capacity`. A hit moves the slot to the front; inserting into a full
 * map reuses the least recently used slot. No per-operation allocation beyond the Map entry.
 */
export class LruMap<V> {
  readonly capacity: number;
  private readonly index = new Map<string, number>();
  private keys: Array<string | undefined> = [];
  private values: Array<V | undefined> = [];
  private prev: Int32Array;
  private next: Int32Array;
  private free: number[] = [];
  private used = 0;
  /** most recently used slot */
  private head = -1;
  /** least recently used slot */
  private tail = -1;
  evictions = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    const initial = Math.min(capacity, 64);
    this.prev = new Int32Array(initial);
    this.next = new Int32Array(initial);
  }

  get size(): number {
    return this.index.size;
  }

  /** Read and mark as recently used. */
  get(key: string): V | undefined {
    const i = this.index.get(key);
    if (i === undefined) return undefined;
    if (i !== this.head) {
      this.unlink(i);
      this.linkFront(i);
    }
    return this.values[i];
  }

  /** Read without touching the order. */
  peek(key: string): V | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.values[i];
  }

  set(key: string, value: V): void {
    let i = this.index.get(key);
    if (i !== undefined) {
      this.values[i] = value;
      if (i !== this.head) {
        this.unlink(i);
        this.linkFront(i);
      }
      return;
    }
    if (this.free.length > 0) i = this.free.pop() as number;
    else if (this.used < this.capacity) {
      i = this.used++;
      if (i >= this.prev.length) this.grow();
    } else {
      i = this.tail;
      this.unlink(i);
      this.index.delete(this.keys[i] as string);
      this.evictions++;
    }
    this.keys[i] = key;
    this.values[i] = value;
    this.index.set(key, i);
    this.linkFront(i);
  }

  delete(key: string): void {
    const i = this.index.get(key);
    if (i === undefined) return;
    this.unlink(i);
    this.index.delete(key);
    this.keys[i] = undefined;
    this.values[i] = undefined;
    this.free.push(i);
  }

  clear(): void {
    this.index.clear();
    this.keys = [];
    this.values = [];
    this.free = [];
    this.used = 0;
    this.head = this.tail = -1;
  }

  private grow(): void {
    const size = Math.min(this.capacity, this.prev.length * 2);
    const prev = new Int32Array(size);
    prev.set(this.prev);
    const next = new Int32Array(size);
    next.set(this.next);
    this.prev = prev;
    this.next = next;
  }

  private unlink(i: number): void {
    const p = this.prev[i]!;
    const n = this.next[i]!;
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
  }

  private linkFront(i: number): void {
    this.prev[i] = -1;
    this.next[i] = this.head;
    if (this.head >= 0) this.prev[this.head] = i;
    this.head = i;
    if (this.tail < 0) this.tail = i;
  }
}

/** What entry() hands to hotspot rules. */
export interface ParamContext {
  readonly args?: readonly unknown[];
  readonly headers?: unknown;
  readonly query?: unknown;
  /** Route parameters by name (`/orders/:id` → `id`), from the route template the request matched. */
  readonly pathParams?: Readonly<Record<string, string>>;
  readonly clientIp?: string;
}

/** Per-value in-flight count for concurrency rules; entries hold it until they exit. */
export interface HotConcurrency {
  n: number;
  readonly key: string;
  readonly owner: HotspotController;
}

interface TokenState {
  tokens: number;
  last: number;
}

export class HotspotController {
  /** The rule (replaced by an equal one when a reload keeps this state). */
  rule: HotspotRule;
  blocked!: Blocked;
  readonly concurrency: boolean;
  private readonly source: ParamSource;
  private readonly queue: boolean;
  private readonly durationMs: number;
  private readonly overrides: Map<string, number>;
  /** QPS: per-value token state; concurrency: per-value in-flight counts (only while > 0). */
  readonly values: LruMap<TokenState>;
  readonly inFlight: LruMap<HotConcurrency>;

  constructor(rule: HotspotRule) {
    this.rule = rule;
    this.concurrency = rule.metric === 'concurrency';
    this.source = rule.param;
    this.queue = rule.shaping === 'queue';
    this.durationMs = rule.durationSec * 1000;
    this.overrides = new Map(Object.entries(rule.overrides));
    this.values = new LruMap(this.concurrency ? 1 : rule.capacity);
    this.inFlight = new LruMap(this.concurrency ? rule.capacity : 1);
  }

  /** Number of values currently tracked. */
  get tracked(): number {
    return this.concurrency ? this.inFlight.size : this.values.size;
  }

  /** The value this rule limits on, as a string; undefined when the call does not carry it. */
  value(ctx: ParamContext | undefined): string | undefined {
    if (ctx === undefined) return undefined;
    const src = this.source;
    switch (src.from) {
      case 'arg': {
        const args = ctx.args;
        if (args === undefined) return undefined;
        const i = src.index < 0 ? args.length + src.index : src.index;
        return i >= 0 && i < args.length ? keyOf(args[i]) : undefined;
      }
      case 'header':
        return first(lookup(ctx.headers, src.name, true));
      case 'query':
        return first(lookup(ctx.query, src.name, false));
      case 'path': {
        const params = ctx.pathParams;
        return params !== undefined && Object.hasOwn(params, src.name) ? params[src.name] : undefined;
      }
      case 'clientIp':
        return typeof ctx.clientIp === 'string' && ctx.clientIp.length > 0 ? ctx.clientIp : undefined;
    }
  }

  private limitFor(key: string): number {
    const o = this.overrides.size === 0 ? undefined : this.overrides.get(key);
    return o === undefined ? this.rule.threshold : o;
  }

  /** QPS metric: negative blocks, 0 passes, > 0 passes after waiting (queue shaping). */
  check(now: number, key: string, batch: number, canWait: boolean): number {
    const limit = this.limitFor(key);
    if (!(limit > 0)) return -1;
    if (this.queue) {
      const interval = (batch * this.durationMs) / limit;
      const st = this.values.get(key);
      if (st === undefined) {
        this.values.set(key, { tokens: 0, last: now });
        return 0;
      }
      const expected = st.last + interval;
      if (expected <= now) {
        st.last = now;
        return 0;
      }
      const wait = expected - now;
      if (wait > (canWait ? this.rule.maxQueueMs : 0)) return -1;
      st.last = expected;
      return wait;
    }
    const max = limit + this.rule.burst;
    if (batch > max) return -1;
    const st = this.values.get(key);
    if (st === undefined) {
      // First sighting (or back after eviction): a full bucket, minus this call.
      this.values.set(key, { tokens: max - batch, last: now });
      return 0;
    }
    const elapsed = now - st.last;
    if (elapsed >= this.durationMs) {
      const tokens = Math.min(max, st.tokens + (elapsed * limit) / this.durationMs);
      if (tokens < batch) return -1;
      st.tokens = tokens - batch;
      st.last = now;
      return 0;
    }
    if (st.tokens >= batch) {
      st.tokens -= batch;
      return 0;
    }
    return -1;
  }

  /** Concurrency metric: would one more call for `key` exceed its limit? */
  exceeds(key: string): boolean {
    const st = this.inFlight.peek(key);
    return (st === undefined ? 0 : st.n) + 1 > this.limitFor(key);
  }

  /** Concurrency metric: count one more call in flight for `key`. */
  acquire(key: string): HotConcurrency {
    let st = this.inFlight.get(key);
    if (st === undefined) {
      st = { n: 0, key, owner: this };
      this.inFlight.set(key, st);
    }
    st.n++;
    return st;
  }

  /**
   * Concurrency metric: one call for `st.key` ended. A value whose count reaches 0 leaves the
   * table; if it was evicted meanwhile, the count is dropped with the evicted record and never
   * touches a newer record for the same value (no negative counts).
   */
  release(st: HotConcurrency): void {
    if (st.n > 0) st.n--;
    if (st.n === 0 && this.inFlight.peek(st.key) === st) this.inFlight.delete(st.key);
  }

  /** Live state for the policy view. */
  view(): Record<string, unknown> {
    return this.state();
  }

  state(): Record<string, unknown> {
    return {
      tracked: this.tracked,
      capacity: this.rule.capacity,
      evictions: this.concurrency ? this.inFlight.evictions : this.values.evictions,
    };
  }
}

function keyOf(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(v);
    default:
      // Objects, functions, symbols, null and undefined carry no stable value to limit on.
      return undefined;
  }
}

function first(v: unknown): string | undefined {
  if (Array.isArray(v)) v = v[0];
  return keyOf(v);
}

/** Read `name` from a plain record, a Fetch `Headers`/`URLSearchParams`, or a Map. */
function lookup(source: unknown, name: string, caseInsensitive: boolean): unknown {
  if (source === null || typeof source !== 'object') return undefined;
  const getter = (source as { get?: unknown }).get;
  if (typeof getter === 'function') {
    const v = (getter as (k: string) => unknown).call(source, name);
    return v === null ? undefined : v;
  }
  const record = source as Record<string, unknown>;
  const direct = record[name];
  if (direct !== undefined || !caseInsensitive) return direct;
  for (const k of Object.keys(record)) if (k.toLowerCase() === name) return record[k];
  return undefined;
}
