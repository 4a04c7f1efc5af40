// Case 26 (C), derived: callback-last functions whose callback is optional, in the style of the
// `async` package. Called without the callback, the last function argument is something else:
// an iteratee (here an async function, which the library recognises by
// `fn[Symbol.toStringTag]` and awaits instead of passing it a callback) or a handler the library
// keeps and later compares. An async or generator function passed as the callback itself must
// stay what it is, too.

type Callback<T> = (err: Error | null, value?: T) => void;

const isAsync = (fn: Function) => (fn as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'AsyncFunction';
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;

function wrapAsync<T, R>(fn: Function): (item: T, cb: Callback<R>) => void {
  if (!isAsync(fn)) return fn as (item: T, cb: Callback<R>) => void;
  return (item, cb) => {
    (fn as (item: T) => Promise<R>)(item).then((v) => cb(null, v), (e) => cb(e));
  };
}

/** Maps with a callback-style or an async iteratee; the final callback is optional. */
function mapEach<T, R>(items: T[], iteratee: Function, callback?: Callback<R[]>): R[] {
  const it = wrapAsync<T, R>(iteratee);
  const results: R[] = [];
  let pending = items.length;
  items.forEach((item, i) =>
    it(item, (err, value) => {
      results[i] = value as R;
      if (--pending === 0 && callback) callback(err, results);
    }),
  );
  return results;
}

const handlers = new Map<string, Function>();
/** Registers a handler; the callback (optional) hears when it is registered. */
function register(name: string, handler: Function, callback?: Callback<string>): boolean {
  handlers.set(name, handler);
  if (callback) callback(null, name);
  return handlers.get(name) === handler;
}

/** Runs a task and then its callback, which may itself be an async function or a generator function. */
function runTask(task: () => number, callback: Function): string {
  const value = task();
  if (isAsync(callback)) {
    (callback as (v: number) => Promise<void>)(value).then(() => console.log('async callback settled'));
    return 'called as async function';
  }
  if (callback instanceof GeneratorFunction) {
    const gen = (callback as (v: number) => Generator<string>)(value);
    return `generator callback yielded ${[...gen].join(',')}`;
  }
  (callback as Callback<number>)(null, value);
  return 'called as node-style callback';
}

async function main() {
  // no final callback: the async iteratee must still be recognised
  const results = mapEach([1, 2, 3], async (n: number) => n * 10);
  await new Promise((r) => setTimeout(r, 5));
  console.log('async iteratee, no callback:', JSON.stringify(results));

  // callback-style iteratee, with and without the final callback
  const sync = mapEach([1, 2], (n: number, cb: Callback<number>) => cb(null, n + 1));
  console.log('callback iteratee, no callback:', JSON.stringify(sync));
  await new Promise<void>((resolve) =>
    mapEach([4, 5], async (n: number) => n * 2, (err, all) => {
      console.log('async iteratee with callback:', err, JSON.stringify(all));
      resolve();
    }),
  );

  // a handler kept by the callee, with the callback left out and given
  const handler = () => 'handled';
  console.log('handler kept as given (no callback):', register('a', handler), handlers.get('a') === handler);
  console.log('handler kept as given (callback):', register('b', handler, (err, name) => console.log('registered', err, name)));

  // the callback itself is an async function, a generator function, a plain one
  console.log(runTask(() => 7, async (v: number) => console.log('async callback got', v)));
  console.log(runTask(() => 8, function* (v: number) { yield `v=${v}`; yield 'done'; }));
  console.log(runTask(() => 9, (err: Error | null, v: number) => console.log('node-style callback got', err, v)));
  await new Promise((r) => setTimeout(r, 1));
}

main();
