// Bucketed sliding window (a LeapArray): `buckets` buckets of `ms / buckets` milliseconds each,
// in preallocated typed arrays. Each bucket holds `fields` counters. A bucket whose start is
// stale is reset lazily by the first write (or read) that lands on it.
//
// A read sums the buckets whose start lies in (curStart − ms, curStart]: the current, partial
// bucket plus the `buckets − 1` full ones before it. With 2 × 500 ms, 10 calls at t = 499 and
// 10 more at t = 1000 all fall in different windows.
//
// Buckets start at multiples of the bucket length (`align: "clock"`, Sentinel's LeapArray), or,
// with `align: "burst"`, at the first write after the window has been empty: a burst then meets
// whole windows from its first call, so 5 s of overload passes 5 × threshold instead of up to 6 ×
// (the clock-aligned first bucket expires early by however far into it the burst began).
// Times are kept relative to that anchor so bucket starts compare exactly.

export class LeapArray {
  readonly ms: number;
  readonly buckets: number;
  readonly bucketMs: number;
  readonly fields: number;
  private readonly starts: Float64Array;
  private readonly data: Float64Array;
  private readonly burst: boolean;
  /** Time (ms) the buckets are counted from: 0 for clock alignment, else the burst's first write. */
  private epoch = 0;
  /** Relative start of the newest bucket written (burst alignment: is the window empty?). */
  private newest = -Infinity;

  constructor(ms: number, buckets: number, fields = 1, align: 'clock' | 'burst' = 'clock') {
    if (!(ms > 0) || !Number.isInteger(buckets) || buckets < 1) {
      throw new RangeError(`invalid window: ${ms} ms in ${buckets} buckets`);
    }
    this.ms = ms;
    this.buckets = buckets;
    this.bucketMs = ms / buckets;
    this.fields = fields;
    this.starts = new Float64Array(buckets).fill(-Infinity);
    this.data = new Float64Array(buckets * fields);
    this.burst = align === 'burst';
  }

  /** Start, relative to the epoch, of the bucket holding `now`. */
  private relStart(now: number): number {
    return Math.floor((now - this.epoch) / this.bucketMs) * this.bucketMs;
  }

  /** Index of the bucket holding `now`, reset if it held an older bucket. */
  private current(now: number): number {
    if (this.burst && this.relStart(now) - this.ms >= this.newest) {
      // Nothing left in the window: the next bucket starts now.
      this.reset();
      this.epoch = now;
    }
    const k = Math.floor((now - this.epoch) / this.bucketMs);
    const start = k * this.bucketMs;
    if (start > this.newest) this.newest = start;
    let idx = k % this.buckets;
    if (idx < 0) idx += this.buckets;
    const held = this.starts[idx]!;
    if (held !== start && start > held) {
      this.starts[idx] = start;
      const base = idx * this.fields;
      for (let f = 0; f < this.fields; f++) this.data[base + f] = 0;
    }
    // start < held only happens with a clock that went back (guarded against by the engine);
    // the count then goes to the newer bucket rather than being lost.
    return idx;
  }

  add(now: number, field: number, value: number): void {
    const idx = this.current(now);
    const at = idx * this.fields + field;
    this.data[at] = this.data[at]! + value;
  }

  /** Add 1 to `field` and `value` to `field2` in the current bucket. */
  add2(now: number, field: number, value: number, field2: number, value2: number): void {
    const base = this.current(now) * this.fields;
    this.data[base + field] = this.data[base + field]! + value;
    this.data[base + field2] = this.data[base + field2]! + value2;
  }

  /** Sum of `field` over the window ending at `now`. */
  sum(now: number, field = 0): number {
    const curStart = this.relStart(now);
    const oldest = curStart - this.ms;
    let total = 0;
    for (let i = 0; i < this.buckets; i++) {
      const s = this.starts[i]!;
      if (s > oldest && s <= curStart) total += this.data[i * this.fields + field]!;
    }
    return total;
  }

  /**
   * Visit the completed buckets before the current one that lie within the window (at most
   * `buckets − 1`); `get(field)` reads a counter of the visited bucket. For max/min reductions.
   */
  forEachCompleted(now: number, visit: (get: (field: number) => number) => void): void {
    const curStart = this.relStart(now);
    const oldest = curStart - this.ms;
    for (let i = 0; i < this.buckets; i++) {
      const s = this.starts[i]!;
      if (s > oldest && s < curStart) {
        const base = i * this.fields;
        visit((field) => this.data[base + field]!);
      }
    }
  }

  /** Start (ms) of the bucket that holds `now`. */
  bucketStart(now: number): number {
    return this.epoch + this.relStart(now);
  }

  reset(): void {
    this.starts.fill(-Infinity);
    this.data.fill(0);
    this.newest = -Infinity;
  }
}
