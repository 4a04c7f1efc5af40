// Case 26 (C): callbacks called twice, callbacks that throw, and functions that throw after
// calling back: every call reaches the caller, exceptions are the very same objects, nothing is
// swallowed or added.

type Cb = (err: Error | null, value?: unknown) => void;
const events: string[] = [];

function twice(n: number, cb: Cb) {
  cb(null, n);
  cb(null, n * 10);
  return 'twice returned';
}

function errorThenSuccess(cb: Cb) {
  cb(new Error('first call failed'));
  cb(null, 'second call succeeded');
}

const afterError = new Error('thrown after callback');
function throwsAfterCallback(cb: Cb) {
  cb(null, 'ok');
  throw afterError;
}

const cbError = new Error('callback itself threw');
function callsThrowingCallback(cb: Cb) {
  try {
    cb(null, 1);
    return 'not reached';
  } catch (e) {
    return `library caught: ${(e as Error).message} same=${e === cbError}`;
  }
}

function asyncTwice(cb: Cb) {
  setImmediate(() => {
    cb(null, 'async first');
    process.nextTick(() => cb(null, 'async second'));
  });
}

function neverCalls(_cb: Cb) {
  return 'callback never called';
}

console.log(
  'twice ->',
  twice(2, (err, v) => events.push(`twice cb err=${err} v=${v}`)),
);
errorThenSuccess((err, v) => events.push(`errorThenSuccess cb err=${err ? err.message : null} v=${v}`));
try {
  throwsAfterCallback((_e, v) => events.push(`throwsAfterCallback cb v=${v}`));
} catch (e) {
  events.push(`caught after callback: ${(e as Error).message} same=${e === afterError}`);
}
events.push(
  callsThrowingCallback(() => {
    throw cbError;
  }),
);
events.push(neverCalls(() => events.push('must not happen')));
try {
  twice(3, (_e, v) => {
    if (v === 30) throw new Error('callback threw on second call');
    events.push(`twice(3) first cb v=${v}`);
  });
} catch (e) {
  events.push(`caught: ${(e as Error).message}`);
}

let asyncCalls = 0;
asyncTwice((_e, v) => {
  asyncCalls++;
  events.push(`asyncTwice cb #${asyncCalls} v=${v}`);
  if (asyncCalls === 2) {
    for (const e of events) console.log(e);
  }
});
