// One clock for every span instts makes. The SDK places a span on the wall clock with a
// `Date.now()` it reads when the span is made, in whole milliseconds, so two spans made a few
// hundred microseconds apart can come out in the wrong order, and a database span (made after its
// call, with the call's own start time) can start before its parent. Here every start, end and
// exception time is `performance.now()` on one anchor: the process's time origin, moved only when
// the wall clock has moved away from it by more than a few milliseconds (a clock step, or NTP's
// slow correction), checked at most once a second.

import type { HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';

/** How far the wall clock may drift from the anchor before the anchor follows it. */
const MAX_DRIFT_MS = 2;
const CHECK_EVERY_MS = 1000;

interface Anchor {
  ms: number;
  // As seconds and nanoseconds: adding a `performance.now()` to it keeps sub-microsecond
  // precision, which one epoch-milliseconds double would not.
  time: HrTime;
  checkedAt: number;
}

// One anchor per process, not per copy of this module: output that is not bundled as one file
// (CommonJS `--no-bundle`, packages instrumented at load time) has a copy of the runtime in each
// hook module, and copies that each moved their own anchor would put one request's spans on
// clocks milliseconds apart (a database span after the end of its request's span).
const KEY = Symbol.for('instts.tracing.clock.v1');
const shared = globalThis as { [KEY]?: Anchor };
const anchor: Anchor = (shared[KEY] ??= {
  ms: performance.timeOrigin,
  time: millisToHrTime(performance.timeOrigin),
  checkedAt: -Infinity,
});

/** The time of a span event: now, or `perfNow` (a `performance.now()` reading of this process). */
export function spanTime(perfNow: number = performance.now()): HrTime {
  if (perfNow - anchor.checkedAt >= CHECK_EVERY_MS) {
    anchor.checkedAt = perfNow;
    const drift = Date.now() - (anchor.ms + perfNow);
    // Date.now() is whole milliseconds: a drift within the threshold is that truncation
    if (drift > MAX_DRIFT_MS || drift < -MAX_DRIFT_MS) anchor.time = millisToHrTime((anchor.ms += drift));
  }
  // addHrTimes(anchor, millisToHrTime(perfNow)), with one array made instead of three: this runs
  // twice per span.
  let seconds = anchor.time[0] + Math.trunc(perfNow / 1000);
  let nanos = anchor.time[1] + Math.round((perfNow % 1000) * 1e6);
  if (nanos >= 1e9) {
    nanos -= 1e9;
    seconds += 1;
  }
  return [seconds, nanos];
}
