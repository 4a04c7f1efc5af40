// Flow control (QPS per resource per instance): reject on a bucketed sliding window, queue with
// uniform spacing (a leaky bucket), and warm-up (Guava/Sentinel token slope, cold factor 3).
// `threshold` is a count per `window.ms`; `batch` is how many units one call takes.

import type { Blocked } from '../behavior.js';
import type { FlowRule } from './rule.js';
import { LeapArray } from '../window.js';

/** check() results: negative blocks, 0 passes now, > 0 passes after waiting that many ms. */
export const BLOCK = -1;

export class FlowController {
  /** The rule (replaced by an equal one when a reload keeps this state). */
  rule: FlowRule;
  blocked!: Blocked;
  /** Passes (whole-entry passes, counted in batch units) in the rule's window. */
  readonly window: LeapArray;
  private readonly warmUp: WarmUp | undefined;
  private readonly queue: boolean;
  private threshold: number;
  private readonly windowMs: number;
  private maxQueueMs: number;
  /** Queue mode: when the last admitted call is (or was) scheduled to start. */
  private lastPassed = -Infinity;

  constructor(rule: FlowRule, now: number) {
    this.rule = rule;
    this.window = new LeapArray(rule.window.ms, rule.window.buckets, 1, rule.window.align);
    this.warmUp = rule.warmUp
      ? new WarmUp(rule.threshold, rule.warmUp.periodSec, rule.warmUp.coldFactor, now)
      : undefined;
    this.queue = rule.shaping === 'queue';
    this.threshold = rule.threshold;
    this.windowMs = rule.window.ms;
    this.maxQueueMs = rule.maxQueueMs;
  }

  /**
   * Take a new version of the rule that counts the same way (same window, shaping and warm-up;
   * see `flowStateKey`): the passes in the window and the queue's next slot are kept.
   */
  configure(rule: FlowRule): void {
    this.rule = rule;
    this.threshold = rule.threshold;
    this.maxQueueMs = rule.maxQueueMs;
  }

  /** Decide for a call arriving at `now`. Queue mode reserves the call's start time. */
  check(now: number, batch: number, canWait: boolean): number {
    if (!this.queue) {
      const allowed = this.warmUp === undefined ? this.threshold : this.warmUp.allowedQps(now);
      return this.window.sum(now) + batch > allowed ? BLOCK : 0;
    }
    if (!(this.threshold > 0) || batch > this.threshold) return BLOCK;
    // Spacing in (fractional) milliseconds: no rounding, so 2000 QPS spaces calls 0.5 ms apart.
    const rate = this.warmUp === undefined ? this.threshold : this.warmUp.allowedQps(now);
    const interval = (batch * this.windowMs) / rate;
    const expected = this.lastPassed + interval;
    if (expected <= now) {
      this.lastPassed = now;
      return 0;
    }
    const wait = expected - now;
    if (wait > (canWait ? this.maxQueueMs : 0)) return BLOCK;
    this.lastPassed = expected;
    return wait;
  }

  /** The call passed every check: count it. */
  onPass(now: number, batch: number): void {
    this.window.add(now, 0, batch);
    if (this.warmUp !== undefined) this.warmUp.onPass(now, batch);
  }

  /** Live state for the policy view. */
  view(now: number): Record<string, unknown> {
    return this.state(now);
  }

  state(now: number): Record<string, unknown> {
    const s: Record<string, unknown> = { passInWindow: this.window.sum(now) };
    if (this.warmUp !== undefined) s.allowedQps = round(this.warmUp.allowedQps(now));
    if (this.queue) s.nextSlotInMs = this.lastPassed === -Infinity ? 0 : round(Math.max(0, this.lastPassed - now));
    return s;
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
/** The next representable double above a positive x (Java's Math.nextUp). */
function nextUp(x: number): number {
  f64[0] = x;
  i64[0] = i64[0]! + 1n;
  return f64[0];
}

/**
 * Warm-up token slope. Tokens above `warning` mean "cold": the allowed rate falls linearly in
 * 1/QPS from T (at `warning`) to T/c (at `max`). Once per whole second the bucket is refilled
 * from the previous second's passes: below the warning line always, above it only while the
 * previous second passed fewer than floor(floor(T)/c) (the integer division of Sentinel), then
 * those passes are taken out. The bucket starts full, i.e. cold.
 */
export class WarmUp {
  private readonly threshold: number;
  readonly warning: number;
  readonly max: number;
  private readonly slope: number;
  private readonly refillBelow: number;
  stored: number;
  private lastFilled: number;
  private secStart = -Infinity;
  private secCount = 0;
  private prevSecStart = -Infinity;
  private prevSecCount = 0;

  constructor(threshold: number, periodSec: number, coldFactor: number, now: number) {
    this.threshold = threshold;
    this.warning = Math.floor((periodSec * threshold) / (coldFactor - 1));
    this.max = this.warning + Math.floor((2 * periodSec * threshold) / (1 + coldFactor));
    this.slope = (coldFactor - 1) / threshold / Math.max(1, this.max - this.warning);
    this.refillBelow = Math.floor(Math.floor(threshold) / coldFactor);
    this.stored = this.max;
    this.lastFilled = Math.floor(now / 1000) * 1000;
  }

  allowedQps(now: number): number {
    this.sync(now);
    if (this.stored >= this.warning) {
      return nextUp(1 / ((this.stored - this.warning) * this.slope + 1 / this.threshold));
    }
    return this.threshold;
  }

  onPass(now: number, batch: number): void {
    const sec = Math.floor(now / 1000) * 1000;
    if (sec !== this.secStart) {
      this.prevSecStart = this.secStart;
      this.prevSecCount = this.secCount;
      this.secStart = sec;
      this.secCount = 0;
    }
    this.secCount += batch;
  }

  private passesIn(sec: number): number {
    if (this.secStart === sec) return this.secCount;
    if (this.prevSecStart === sec) return this.prevSecCount;
    return 0;
  }

  private sync(now: number): void {
    const cur = Math.floor(now / 1000) * 1000;
    if (cur <= this.lastFilled) return;
    const previousQps = this.passesIn(cur - 1000);
    let v = this.stored;
    const add = ((cur - this.lastFilled) * this.threshold) / 1000;
    if (v < this.warning) v += add;
    else if (v > this.warning && previousQps < this.refillBelow) v += add;
    v = Math.min(v, this.max) - previousQps;
    this.stored = v < 0 ? 0 : v;
    this.lastFilled = cur;
  }
}
