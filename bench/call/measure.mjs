// Child process of the per-call suite: one variant in a fresh V8. Imports a built bundle of
// project/src/subject.ts, optionally wraps its functions in opossum or cockatiel, measures ns per
// call with tinybench and prints one JSON line.
//
// Usage: node measure.mjs <bundle.mjs> <plain|opossum|cockatiel> <timeMs>
//
// One call costs about a nanosecond, far below a timer read, so each tinybench iteration is a
// batch of calls whose mean it records (overriddenDuration). Each call's arguments depend on
// the previous result, so V8 cannot hoist or drop the calls.

import { Bench } from 'tinybench';
import CircuitBreaker from 'opossum';
import { circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';

const [bundle, wrapper, timeArg] = process.argv.slice(2);
const time = Number(timeArg);
// Batches of 10,000 or more made V8 compile the bare function's loop one of three ways per
// process (0.6, 1.2 or 5.2 ns per call); 1,000 gives the same code every time. The two timer
// reads per batch add about 0.06 ns per call, alike for every variant.
const SYNC_BATCH = 1_000;
const ASYNC_BATCH = 1_000;

const { work, workAsync } = await import(bundle);

// Each variant provides a sync and an async callable. Breaker libraries only have an async API
// (a Promise per call), so their "sync" row awaits the sync function through them.
let syncCall = work;
let asyncCall = workAsync;
let syncIsAsync = false;
if (wrapper === 'opossum') {
  // Defaults, as a user would start: 10 s timeout per call, rolling statistics, events.
  const syncBreaker = new CircuitBreaker(work);
  const asyncBreaker = new CircuitBreaker(workAsync);
  syncCall = (a, b) => syncBreaker.fire(a, b);
  asyncCall = (a, b) => asyncBreaker.fire(a, b);
  syncIsAsync = true;
} else if (wrapper === 'cockatiel') {
  const syncPolicy = circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });
  const asyncPolicy = circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });
  syncCall = (a, b) => syncPolicy.execute(() => work(a, b));
  asyncCall = (a, b) => asyncPolicy.execute(() => workAsync(a, b));
  syncIsAsync = true;
} else if (wrapper !== 'plain') {
  throw new Error(`unknown wrapper ${wrapper}`);
}

const bench = new Bench({ time, warmupTime: Math.min(300, time / 2), iterations: 16 });
let sink = 0;

function syncBatch(fn) {
  return () => {
    let acc = sink;
    const t0 = bench.now();
    for (let i = 0; i < SYNC_BATCH; i++) acc = fn(i, acc);
    const elapsed = bench.now() - t0;
    sink = acc;
    return { overriddenDuration: elapsed / SYNC_BATCH, overriddenIterationCost: elapsed };
  };
}

function asyncBatch(fn) {
  return async () => {
    let acc = sink;
    const t0 = bench.now();
    for (let i = 0; i < ASYNC_BATCH; i++) acc = await fn(i, acc);
    const elapsed = bench.now() - t0;
    sink = acc;
    return { overriddenDuration: elapsed / ASYNC_BATCH, overriddenIterationCost: elapsed };
  };
}

bench.add('sync', syncIsAsync ? asyncBatch(syncCall) : syncBatch(syncCall));
bench.add('async', asyncBatch(asyncCall));
await bench.run();

const result = {};
for (const task of bench.tasks) {
  const r = task.result;
  if (!r || r.state !== 'completed') throw new Error(`task ${task.name}: ${r?.state} ${r?.error ?? ''}`);
  // Latencies are in ms per call (our override): report ns.
  result[task.name] = { nsPerCall: r.latency.p50 * 1e6, rme: r.latency.rme, batches: r.latency.df + 1 };
}

// What the runtime registered (its registry is global; see src/runtime/index.ts), and whether
// the counting hook ran: proof that the variant measured what it says.
const registry = globalThis[Symbol.for('instts.runtime.registry.v1')];
result.sites = registry?.sites?.length ?? 0;
result.listening = registry?.sites?.filter((s) => s.on).length ?? 0;
result.hookCalls = globalThis.__benchCounter?.calls ?? 0;
result.sink = sink;
console.log(JSON.stringify(result));
