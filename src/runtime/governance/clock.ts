// Time for the governance engine. Every interval (windows, open periods, queue waits, warm-up
// refills) is measured on a monotonic clock in milliseconds, never on the wall clock, so a
// wall-clock jump (NTP step, manual change, VM resume) changes no decision.

/** A timer handle as returned by {@link Clock.setTimer}. */
export type TimerHandle = unknown;

export interface Clock {
  /** Monotonic milliseconds (fractional allowed). Only differences between readings matter. */
  now(): number;
  /** Run `fn` once, `ms` from now (on this clock's time line). */
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** The process clock: `performance.now()` and the event loop's timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, Math.max(0, ms)),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Wraps a clock so that `now()` never goes backwards: when the source steps back, the step is
 * absorbed (it counts as zero elapsed time) instead of producing negative intervals, lost
 * counts or a window that stays frozen until the source catches up. `performance.now()` never
 * steps back; this guards clocks supplied by the embedding program.
 */
export function monotonic(source: Clock): Clock {
  if (source === systemClock || source instanceof FakeClock) return source;
  let last = -Infinity;
  let offset = 0;
  return {
    now() {
      const raw = source.now() + offset;
      if (raw < last) {
        offset += last - raw;
        return last;
      }
      last = raw;
      return raw;
    },
    setTimer: (fn, ms) => source.setTimer(fn, ms),
    clearTimer: (handle) => source.clearTimer(handle),
  };
}

interface FakeTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A manual monotonic clock for tests and simulations. Time moves only through {@link advance},
 * {@link advanceAsync} or {@link set}; due timers run in time order (ties in creation order),
 * with `now()` equal to each timer's due time while it runs.
 */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: FakeTimer[] = [];

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const timer: FakeTimer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return timer;
  }

  clearTimer(handle: TimerHandle): void {
    if (handle && typeof handle === 'object') (handle as FakeTimer).cancelled = true;
  }

  /** Timers not yet run or cancelled. */
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Move time forward by `ms`, running due timers synchronously. */
  advance(ms: number): void {
    this.runUntil(this.t + ms);
  }

  /** Move time to `t` (never backwards). */
  set(t: number): void {
    if (t < this.t) throw new RangeError(`FakeClock cannot go back from ${this.t} to ${t}`);
    this.runUntil(t);
  }

  /**
   * Move time forward by `ms`, running due timers and letting promise callbacks settle after
   * each one, so code that awaits a timer continues at the timer's own time.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.t + ms;
    await flushMicrotasks();
    for (;;) {
      const next = this.nextDue(target);
      if (next === undefined) break;
      this.t = next.at;
      this.fire(next);
      await flushMicrotasks();
    }
    this.t = target;
    await flushMicrotasks();
  }

  private runUntil(target: number): void {
    for (;;) {
      const next = this.nextDue(target);
      if (next === undefined) break;
      this.t = next.at;
      this.fire(next);
    }
    this.t = target;
  }

  private nextDue(target: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.timers) {
      if (timer.cancelled || timer.at > target) continue;
      if (best === undefined || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }

  private fire(timer: FakeTimer): void {
    timer.cancelled = true;
    this.timers = this.timers.filter((t) => !t.cancelled);
    timer.fn();
  }
}

/** Let queued promise callbacks run (several turns, for chains of awaits). */
export async function flushMicrotasks(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}
