// Circuit breaker: Closed → Open when the window's slow-call ratio, error ratio or error count
// reaches the threshold (with at least `minRequests` completions); Open → HalfOpen on the first
// call at or after `openedAt + openMs`; HalfOpen → Closed (with an empty window) once recovery
// succeeds, → Open on failure. Recovery is a probe (N good probes close; one bad one reopens) or
// progressive (stage k of n admits k/n of the calls; a stage is judged after `minPassPerStage`
// completions). State changes happen on calls, not on timers: there is no timer to lose.

import type { Blocked } from '../behavior.js';
import type { BreakerRule } from './rule.js';
import type { Clock, TimerHandle } from '../clock.js';
import { LeapArray } from '../window.js';

export type BreakerState = 'closed' | 'open' | 'halfOpen';

/** tryPass() results */
export const PASS = 0;
export const PROBE = 1;
export const REJECT = 2;
export const WAIT = 3;

/** Calls at most that wait for one breaker's half-open verdict at once; more are rejected. */
export const MAX_WAITERS = 1000;

const TOTAL = 0;
const BAD = 1;

export type BreakerListener = (breaker: CircuitBreaker, from: BreakerState, to: BreakerState, now: number) => void;

export class CircuitBreaker {
  /** The rule (replaced by an equal one when a reload keeps this state). */
  rule: BreakerRule;
  blocked!: Blocked;
  onChange: BreakerListener | undefined;
  state: BreakerState = 'closed';
  openedAt = -Infinity;
  readonly window: LeapArray;

  // probe recovery
  private started = 0;
  private good = 0;
  private lastProbeAt = -Infinity;
  // progressive recovery
  private stage = 1;
  private stageOffered = 0;
  private stageAdmitted = 0;
  private stageDone = 0;
  private stageBad = 0;
  // excessInHalfOpen "wait"
  private waiters: Array<{ settle: (pass: boolean) => void; timer: TimerHandle }> = [];

  private readonly clock: Clock;

  constructor(rule: BreakerRule, clock: Clock) {
    this.rule = rule;
    this.clock = clock;
    this.window = new LeapArray(rule.window.ms, rule.window.buckets, 2);
  }

  /** Decide for a call at `now`: PASS, PROBE (passes as a half-open probe), REJECT or WAIT. */
  tryPass(now: number, canWait: boolean): number {
    const state = this.state;
    if (state === 'closed') return PASS;
    const rec = this.rule.recovery;
    if (state === 'open') {
      if (now < this.openedAt + this.rule.openMs) return REJECT;
      this.transition('halfOpen', now);
      return this.admit(now);
    }
    if (rec.mode === 'progressive') return this.admit(now);
    if (this.started < rec.probes) return this.admit(now);
    if (now - this.lastProbeAt >= this.rule.openMs) {
      // Every probe has been out for a whole open period without a verdict: count them as lost.
      this.started = this.good;
      return this.admit(now);
    }
    switch (rec.excessInHalfOpen) {
      case 'pass':
        this.started++;
        return PROBE;
      case 'wait':
        // Waiting costs a timer and a closure per call: bounded, so a stalled probe cannot grow memory.
        return canWait && this.waiters.length < MAX_WAITERS ? WAIT : REJECT;
      default:
        return REJECT;
    }
  }

  private admit(now: number): number {
    const rec = this.rule.recovery;
    if (rec.mode === 'probe') {
      this.started++;
      this.lastProbeAt = now;
      return PROBE;
    }
    this.stageOffered++;
    // Deterministic share: admit while admitted/offered stays within stage/stages.
    if (this.stageAdmitted * rec.stages < this.stageOffered * this.stage) {
      this.stageAdmitted++;
      return PROBE;
    }
    return REJECT;
  }

  /**
   * A probe admitted by tryPass() did not run (a later rule blocked it, or it was aborted): give
   * its place back. A half-open breaker left with no probe and no verdict returns to Open with
   * its original open time, so the next call probes again at once instead of sticking.
   */
  cancelProbe(now: number): void {
    if (this.state !== 'halfOpen') return;
    if (this.rule.recovery.mode === 'probe') {
      if (this.started > 0) this.started--;
      if (this.started === 0 && this.good === 0) {
        const openedAt = this.openedAt;
        this.transition('open', now);
        this.openedAt = openedAt;
      }
    } else {
      if (this.stageAdmitted > 0) this.stageAdmitted--;
      if (this.stageOffered > 0) this.stageOffered--;
      if (this.stage === 1 && this.stageAdmitted === 0 && this.stageDone === 0) {
        const openedAt = this.openedAt;
        this.transition('open', now);
        this.openedAt = openedAt;
      }
    }
  }

  /** A call that passed this breaker completed. */
  complete(now: number, rtMs: number, isError: boolean, probe: boolean): void {
    const rule = this.rule;
    const bad = rule.strategy === 'slowRatio' ? rtMs > (rule.slowRtMs as number) : isError;
    const state = this.state;
    if (state === 'closed') {
      this.window.add2(now, TOTAL, 1, BAD, bad ? 1 : 0);
      const total = this.window.sum(now, TOTAL);
      if (total >= rule.minRequests && this.exceeded(this.window.sum(now, BAD), total)) this.transition('open', now);
      return;
    }
    // Open: completions of calls admitted before the breaker opened change nothing (the open
    // period is armed once, by the completion that opened it).
    if (state === 'open' || !probe) return;
    if (rule.recovery.mode === 'probe') {
      if (bad) this.transition('open', now);
      else if (++this.good >= rule.recovery.probes) this.transition('closed', now);
      return;
    }
    this.stageDone++;
    if (bad) this.stageBad++;
    if (this.stageDone < rule.recovery.minPassPerStage) return;
    if (this.exceeded(this.stageBad, this.stageDone)) this.transition('open', now);
    else if (this.stage >= rule.recovery.stages) this.transition('closed', now);
    else {
      this.stage++;
      this.stageOffered = this.stageAdmitted = this.stageDone = this.stageBad = 0;
    }
  }

  /** Threshold test with the configured comparison. */
  exceeded(bad: number, total: number): boolean {
    const { strategy, threshold, compare } = this.rule;
    if (strategy === 'errorCount') return compare === 'gte' ? bad >= threshold : bad > threshold;
    const ratio = total > 0 ? bad / total : 0;
    if (compare === 'gte') return ratio >= threshold;
    // Under "gt" a threshold of 1 could never trip; like Sentinel, an all-bad window trips it.
    return ratio > threshold || (threshold >= 1 && ratio >= 1);
  }

  /** excessInHalfOpen "wait": resolves true when the breaker closes, false when it reopens or after maxWaitMs. */
  waitVerdict(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter = {
        settle: resolve,
        timer: this.clock.setTimer(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          resolve(false);
        }, this.rule.recovery.maxWaitMs),
      };
      this.waiters.push(waiter);
    });
  }

  private transition(to: BreakerState, now: number): void {
    const from = this.state;
    this.state = to;
    this.started = this.good = 0;
    this.stage = 1;
    this.stageOffered = this.stageAdmitted = this.stageDone = this.stageBad = 0;
    if (to === 'open') this.openedAt = now;
    if (to === 'closed') this.window.reset();
    if (to !== 'halfOpen' && this.waiters.length > 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) {
        this.clock.clearTimer(w.timer);
        w.settle(to === 'closed');
      }
    }
    if (from !== to && this.onChange !== undefined) this.onChange(this, from, to, now);
  }

  /** Calls waiting for the half-open verdict. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Live state for the policy view. */
  view(now: number): Record<string, unknown> {
    return this.snapshot(now);
  }

  snapshot(now: number): Record<string, unknown> {
    const s: Record<string, unknown> = {
      state: this.state,
      total: this.window.sum(now, TOTAL),
      bad: this.window.sum(now, BAD),
    };
    if (this.state === 'open') s.retryInMs = Math.max(0, this.openedAt + this.rule.openMs - now);
    if (this.state === 'halfOpen') {
      if (this.rule.recovery.mode === 'probe')
        Object.assign(s, { probesStarted: this.started, probesGood: this.good, waiting: this.waiters.length });
      else Object.assign(s, { stage: this.stage, stageDone: this.stageDone, stageBad: this.stageBad });
    }
    return s;
  }
}
