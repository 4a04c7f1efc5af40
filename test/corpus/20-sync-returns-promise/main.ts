// Case 20 (C): a non-async function that returns a native Promise. The caller must get the very
// same Promise object (identity), with the same settlement timing, so `.then` callbacks keep
// their order relative to other microtasks; rejections stay catchable by the caller, and
// an async function's rejection nobody handles is still reported as unhandled, once.
// (A rejected promise returned by a *non-async* function is observed by onExit hooks, which makes
// Node count it as handled; that documented difference is why no such case is printed here.)

const order: string[] = [];
let saved: Promise<string> | undefined;

function returnsResolved(): Promise<string> {
  saved = Promise.resolve('resolved');
  return saved;
}

function fetchLike(url: string): Promise<string> {
  return new Promise((resolve) => setTimeout(() => resolve(`body of ${url}`), 5));
}

function failsLater(): Promise<never> {
  return new Promise((_, reject) => setImmediate(() => reject(new Error('late failure'))));
}

function rejectsNow(): Promise<never> {
  return Promise.reject(new Error('immediate failure'));
}

function rejectsWithValue(): Promise<never> {
  return Promise.reject('a plain string');
}

// Nobody handles this rejection: the process reports it exactly once.
async function asyncLeaksRejection() {
  throw new Error('async rejection nobody handles');
}
process.on('unhandledRejection', (reason) => order.push(`unhandledRejection: ${(reason as Error).message}`));

const p = returnsResolved();
console.log('identity:', p === saved, 'instanceof Promise:', p instanceof Promise, 'proto:', Object.getPrototypeOf(p) === Promise.prototype);

p.then((v) => order.push(`p1 ${v}`));
Promise.resolve()
  .then(() => order.push('a'))
  .then(() => order.push('b'))
  .then(() => order.push('c'));
returnsResolved().then((v) => order.push(`p2 ${v}`));
asyncLeaksRejection();
rejectsNow().catch((e) => order.push(`caught ${e.message}`));
rejectsWithValue().then(
  () => order.push('unexpected'),
  (e) => order.push(`rejected with ${typeof e}: ${e}`),
);

(async () => {
  const body = await fetchLike('/users');
  order.push(body);
  try {
    await failsLater();
  } catch (e) {
    order.push(`awaited ${(e as Error).message}`);
  }
  const all = await Promise.all([fetchLike('/a'), returnsResolved()]);
  order.push(`all ${all.join(' + ')}`);
  const raced = await Promise.race([fetchLike('/slow'), returnsResolved()]);
  order.push(`race ${raced}`);
  for (const line of order) console.log(line);
})();
