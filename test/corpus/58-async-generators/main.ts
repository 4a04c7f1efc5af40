// Async generators (case 27): an `async function*` returns an AsyncGenerator synchronously
// (not a Promise) without running its body; `break` in for-await closes it (finally runs once);
// `.return()` / `.throw()`; never-iterated generators never start; values are interleaved with
// other microtasks in the same order.

const log: string[] = [];
let started = 0;

async function* numbers(tag: string, n: number) {
  started++;
  log.push(`${tag}: start`);
  try {
    for (let i = 0; i < n; i++) {
      await null;
      log.push(`${tag}: yield ${i}`);
      yield i;
    }
    log.push(`${tag}: exhausted`);
  } finally {
    log.push(`${tag}: finally`);
  }
}

async function* recovering() {
  try {
    yield 'first';
  } catch (e) {
    log.push(`recovering: caught ${(e as Error).message}`);
    yield 'after catch';
  }
}

class Feed {
  constructor(private items: string[]) {}
  async *[Symbol.asyncIterator]() {
    for (const it of this.items) yield it.toUpperCase();
  }
}

const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor;

const g = numbers('never', 3);
console.log('returns synchronously:', Object.prototype.toString.call(g), 'typeof then:', typeof (g as any).then, 'started:', started);
console.log('is AsyncGeneratorFunction:', numbers instanceof AsyncGeneratorFunction, numbers.constructor.name);

(async () => {
  for await (const v of numbers('break', 5)) {
    if (v === 1) break;
  }
  const all: number[] = [];
  for await (const v of numbers('full', 2)) all.push(v);
  log.push(`full collected ${all.join(',')}`);

  const r = numbers('return', 5);
  log.push(`return next ${JSON.stringify(await r.next())}`);
  log.push(`return() ${JSON.stringify(await r.return(42))}`);
  log.push(`after return ${JSON.stringify(await r.next())}`);

  const t = numbers('throw', 5);
  await t.next();
  try {
    await t.throw(new Error('thrown in'));
  } catch (e) {
    log.push(`throw() rejected ${(e as Error).message}`);
  }

  const rc = recovering();
  log.push(`recovering ${JSON.stringify(await rc.next())} ${JSON.stringify(await rc.throw(new Error('x')))} ${JSON.stringify(await rc.next())}`);

  const interleaved: string[] = [];
  const gen = numbers('interleave', 3);
  const consume = (async () => {
    for await (const v of gen) interleaved.push(`gen ${v}`);
  })();
  Promise.resolve()
    .then(() => interleaved.push('tick 1'))
    .then(() => interleaved.push('tick 2'))
    .then(() => interleaved.push('tick 3'))
    .then(() => interleaved.push('tick 4'));
  await consume;
  log.push(`interleaved ${interleaved.join(' | ')}`);

  const feed: string[] = [];
  for await (const f of new Feed(['a', 'b'])) feed.push(f);
  log.push(`feed ${feed.join(',')}`);
  log.push(`never-iterated started count ${started} (the 'never' generator is not among them)`);
  for (const l of log) console.log(l);
})();
