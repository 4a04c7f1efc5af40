// The clock of instts's spans: performance.now() on one wall-clock anchor, so spans made in a row
// keep their order at sub-millisecond resolution, and a time read earlier (a database call's
// start) converts to the same clock.

import { expect, it } from 'vitest';
import { spanTime } from '../../src/runtime/tracing/clock.js';
import { runNode } from '../cli-helpers.js';

const nanos = ([seconds, ns]: [number, number]): bigint => BigInt(seconds) * 1_000_000_000n + BigInt(ns);

it('follows the wall clock, in order, below a millisecond', () => {
  const before = BigInt(Date.now()) * 1_000_000n;
  const times = Array.from({ length: 1000 }, () => nanos(spanTime()));
  const after = BigInt(Date.now() + 1) * 1_000_000n;
  // within the truncation of Date.now() and the anchor's allowed drift
  expect(times[0]! >= before - 3_000_000n && times.at(-1)! <= after + 3_000_000n).toBe(true);
  for (let i = 1; i < times.length; i++) expect(times[i]! >= times[i - 1]!).toBe(true);
  // sub-millisecond steps, not whole milliseconds
  expect(times.some((t) => t % 1_000_000n !== 0n)).toBe(true);
});

it('a performance.now() reading converts on the same anchor: differences are kept to about a nanosecond', () => {
  const a = performance.now();
  const b = a + 0.25;
  const difference = nanos(spanTime(b)) - nanos(spanTime(a));
  // a double's rounding may move either reading by one nanosecond
  expect(difference >= 249_999n && difference <= 250_001n).toBe(true);
  const [, ns] = spanTime(a + 999.9999999);
  expect(ns).toBeGreaterThanOrEqual(0);
  expect(ns).toBeLessThan(1_000_000_000);
});

it('carries nanoseconds into seconds: any reading converts to the same instant as the anchor plus the reading', () => {
  const a = performance.now();
  const start = nanos(spanTime(a));
  for (let i = 1; i <= 5000; i++) {
    // Up to 999 ms ahead (further, the anchor would follow the wall clock): crosses a whole second
    // of the reading and of the sum, with sub-microsecond remainders.
    const offsetMs = i * 0.199_812_3;
    const [seconds, ns] = spanTime(a + offsetMs);
    expect(ns >= 0 && ns < 1_000_000_000).toBe(true);
    const difference = nanos([seconds, ns]) - start;
    const expected = BigInt(Math.round(offsetMs * 1e6));
    expect(difference >= expected - 2n && difference <= expected + 2n).toBe(true);
  }
});

it('one anchor per process: two copies of the module (one per hook module, as in CommonJS --no-bundle output) agree after the wall clock moved', async () => {
  // Two instances of the built module, as two hook modules each holding a copy would be. The
  // first converts a time, then the wall clock is 20 ms ahead when the second first reads it:
  // one copy of its own would move its anchor there, and its times would be 20 ms off the first's.
  const clock = new URL('../../dist/runtime/tracing/clock.js', import.meta.url).href;
  const script = `
    const a = await import(${JSON.stringify(`${clock}?copy=a`)});
    const b = await import(${JSON.stringify(`${clock}?copy=b`)});
    const at = performance.now();
    const first = a.spanTime(at);
    const wall = Date.now;
    Date.now = () => wall() + 20;
    const second = b.spanTime(at);
    const again = a.spanTime(at);
    Date.now = wall;
    const ns = ([s, n]) => BigInt(s) * 1000000000n + BigInt(n);
    console.log(String(ns(second) - ns(first)), String(ns(again) - ns(first)));
  `;
  const run = await runNode(['--input-type=module', '-e', script], process.cwd());
  expect(run.stderr).toBe('');
  // the same time from either copy, before and after: one anchor, checked at most once a second
  expect(run.stdout).toBe('0 0\n');
});
