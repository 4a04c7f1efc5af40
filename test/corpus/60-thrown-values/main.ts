// Exceptions pass through unchanged (cases 23 and 26, derived): the very same thrown object,
// non-Error values (strings, numbers, null, undefined, objects), errors from async functions
// and callbacks, `error.cause`, and the global Error settings that code may depend on.

const thrownError = new TypeError('original type error');
const thrownObject = { code: 'E_OBJ' };

function throwsError() {
  throw thrownError;
}
function throwsValue(v: unknown) {
  throw v;
}
function rethrows() {
  try {
    throwsError();
  } catch (e) {
    throw new Error('wrapped', { cause: e });
  }
}
async function rejects(v: unknown) {
  await null;
  throw v;
}
function throwsFromCallback(cb: () => void) {
  [1].forEach(cb);
}
class Validator {
  check(v: number) {
    if (v < 0) throw new RangeError(`negative: ${v}`);
    return v;
  }
}
function stackOverflowCaught() {
  const recurse = (n: number): number => recurse(n + 1) + 1;
  try {
    recurse(0);
    return 'no overflow';
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

function capture(fn: () => unknown) {
  try {
    fn();
    return 'nothing thrown';
  } catch (e) {
    return e;
  }
}

const e1 = capture(throwsError);
console.log('same Error object:', e1 === thrownError, (e1 as Error).name, (e1 as Error).message);
for (const v of ['a string', 42, null, undefined, thrownObject, false]) {
  const got = capture(() => throwsValue(v));
  console.log(`thrown ${JSON.stringify(v) ?? 'undefined'} -> same: ${got === v}`);
}
const wrapped = capture(rethrows) as Error;
console.log('cause kept:', wrapped.message, wrapped.cause === thrownError);
const fromCb = capture(() =>
  throwsFromCallback(() => {
    throw thrownObject;
  }),
);
console.log('from callback:', fromCb === thrownObject);
console.log('method throw:', String(capture(() => new Validator().check(-1))));
console.log('stack overflow:', stackOverflowCaught());
console.log('stack head:', thrownError.stack!.split('\n')[0]);
console.log('Error.prepareStackTrace:', typeof (Error as any).prepareStackTrace, 'stackTraceLimit:', Error.stackTraceLimit);

(async () => {
  for (const v of [thrownError, 'async string', undefined]) {
    try {
      await rejects(v);
    } catch (e) {
      console.log(`async rejection same: ${e === v}`);
    }
  }
  const settled = await Promise.allSettled([rejects(thrownObject)]);
  console.log('allSettled reason same:', (settled[0] as PromiseRejectedResult).reason === thrownObject);
})();
