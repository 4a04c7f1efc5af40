// async 3 (caolan; a UMD file for CommonJS and an ES module build, `arguments` and rest
// parameters, `fn[Symbol.toStringTag] === 'AsyncFunction'` to tell async functions from
// callback ones, `fn.toString()` parsing of parameter names in autoInject, `fn.length` in
// asyncify/reflect): control flow, collections, queues, retries and timeouts, with both
// callback-style and async functions.

import async from 'async';

const out = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value));
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits `n` turns of the event loop: an order of completion that does not depend on speed. */
const loopTurns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};
const errText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

async function main() {
  // collections with callbacks, with async functions, and with promises returned
  out('map cb', await async.map([1, 2, 3], (n: number, cb: (e: Error | null, r?: number) => void) => setTimeout(() => cb(null, n * 2), 3 - n)));
  out('map async', await async.map([1, 2, 3], async (n: number) => (await delay(1), n * 3)));
  out('mapLimit order', await async.mapLimit([5, 1, 3, 2], 2, async (n: number) => (await delay(n), n)));
  out('filter/reject', [await async.filter([1, 2, 3, 4], async (n: number) => n % 2 === 0), await async.reject([1, 2, 3, 4], (n: number, cb: any) => cb(null, n > 2))]);
  out('detect/some/every', [await async.detect([1, 5, 9], async (n: number) => n > 4), await async.some([1, 2], async (n: number) => n > 1), await async.every([1, 2], async (n: number) => n > 1)]);
  out('reduce', await async.reduce([1, 2, 3], 10, async (memo: number, n: number) => memo + n));
  out('sortBy/groupBy', [await async.sortBy(['ccc', 'a', 'bb'], async (s: string) => s.length), await async.groupBy([1, 2, 3, 4], async (n: number) => (n % 2 ? 'odd' : 'even'))]);
  out('concat/mapValues', [await async.concat([1, 2], async (n: number) => [n, n]), await async.mapValues({ a: 1, b: 2 }, async (v: number, k: string) => `${k}${v}`)]);
  const seen: string[] = [];
  await async.eachOfSeries({ x: 1, y: 2 }, (v: number, k: string | number, cb: any) => (seen.push(`${k}=${v}`), cb()));
  await async.forEach([3, 1, 2], async (n: number) => void seen.push(`each ${n}`));
  out('eachOf/forEach', seen);

  // control flow
  out('series', await async.series([async () => 'one', (cb: any) => cb(null, 'two', 'extra')]));
  out('parallel object', await async.parallel({ a: async () => (await delay(2), 'A'), b: (cb: any) => cb(null, 'B') }));
  out('waterfall', await async.waterfall([(cb: any) => cb(null, 1, 2), (a: number, b: number, cb: any) => cb(null, a + b), async (sum: number) => sum * 10]));
  out('auto', await async.auto({
    config: async () => ({ url: 'db://x' }),
    connect: ['config', async (results: any) => `connected to ${results.config.url}`],
    query: ['connect', (results: any, cb: any) => cb(null, `${results.connect}: rows`)],
  }));
  out('autoInject', await async.autoInject({
    first: function (callback: any) {
      callback(null, 1);
    },
    second: function (first: number, callback: any) {
      callback(null, first + 1);
    },
    third: (first: number, second: number, callback: any) => callback(null, first + second),
    fourth: async function (third: number) {
      return third * 100;
    },
  }));
  let count = 0;
  out('whilst/until', [
    await async.whilst(async () => count < 3, async () => void count++).then(() => count),
    await async.doUntil((cb: any) => cb(null, ++count), (n: number, cb: any) => cb(null, n >= 6)),
  ]);
  out('times', await async.timesSeries(3, async (n: number) => `t${n}`));
  out('compose/seq', [await (async.compose as any)(async (n: number) => n + 1, async (n: number) => n * 2)(5), await (async.seq as any)(async (n: number) => n + 1, async (n: number) => n * 2)(5)]);
  out('applyEach', await (async.applyEach as any)([async (n: number) => n + 1, async (n: number) => n * 2], 10)());

  // errors, retries, timeouts
  try {
    await async.series([async () => 'ok', async () => { throw new TypeError('step failed'); }, async () => 'never']);
  } catch (e) {
    out('series error', errText(e));
  }
  let attempts = 0;
  out('retry', await async.retry({ times: 5, interval: 1 }, async () => {
    attempts++;
    if (attempts < 3) throw new Error(`attempt ${attempts}`);
    return `succeeded after ${attempts}`;
  }));
  const slow = async.timeout((cb: any) => setTimeout(() => cb(null, 'late'), 50), 5, 'info');
  try {
    await new Promise((resolve, reject) => slow((e: any, r: any) => (e ? reject(e) : resolve(r))));
  } catch (e) {
    out('timeout', [(e as any).code, (e as any).info, errText(e)]);
  }
  out('reflect', await async.parallel([async.reflect(async () => 'fine'), async.reflect(async () => { throw new Error('bad'); })]).then((rs: any[]) => rs.map((r) => (r.error ? `error ${r.error.message}` : `value ${r.value}`))));
  out('asyncify', await async.map(['{"a":1}', '[2]'], async.asyncify(JSON.parse)));
  const memo = async.memoize((n: number, cb: any) => setTimeout(() => cb(null, n * n), 1));
  out('memoize', await Promise.all([new Promise((r) => memo(4, (_e: any, v: number) => r(v))), new Promise((r) => memo(4, (_e: any, v: number) => r(v)))]));
  out('constant/apply', [await new Promise((r) => async.constant(42)((_e: any, v: number) => r(v))), await new Promise((r) => async.apply((a: number, b: number, cb: any) => cb(null, a + b), 2)(3, (_e: any, v: number) => r(v)))]);

  // queues
  const processed: string[] = [];
  const q = async.queue(async (task: { name: string; turns: number }) => {
    await loopTurns(task.turns);
    processed.push(task.name);
    if (task.name === 'bad') throw new Error('bad task');
    return task.name.toUpperCase();
  }, 2);
  const results: string[] = [];
  q.push([{ name: 'a', turns: 3 }, { name: 'b', turns: 1 }, { name: 'bad', turns: 1 }, { name: 'c', turns: 1 }], (err: any, r: any) => results.push(err ? `err ${err.message}` : `ok ${r}`));
  await q.drain();
  out('queue', [processed, results, q.idle(), q.length()]);
  const paused = async.queue((task: string, cb: any) => cb(), 1);
  paused.pause();
  paused.push(['x', 'y', 'z']);
  out('queue iteration', [[...(paused as any)], paused.length(), paused.running()]);
  paused.kill();
  const pq = async.priorityQueue((task: string, cb: any) => (processed.push(`p:${task}`), setTimeout(cb, 1)), 1);
  pq.pause();
  pq.push('low', 5);
  pq.push('high', 1);
  pq.push('mid', 3);
  pq.resume();
  await pq.drain();
  out('priorityQueue', processed.filter((p) => p.startsWith('p:')));
  const cargo = async.cargo((tasks: number[], cb: any) => (processed.push(`cargo ${tasks.join('+')}`), cb()), 2);
  await Promise.all([1, 2, 3].map((n) => cargo.push(n)));
  out('cargo', processed.filter((p) => p.startsWith('cargo')));
  out('ensureAsync/nextTick', await new Promise((r) => async.ensureAsync((cb: any) => cb(null, 'sync made async'))((_e: any, v: string) => r(v))));
}

main().catch((e) => {
  console.log('driver failed:', errText(e));
  process.exitCode = 1;
});
