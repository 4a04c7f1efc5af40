// Async ordering (derived from cases 19-21): async functions interleaved with `.then` chains,
// queueMicrotask, nextTick and immediates. Every step is logged; an instrumented async
// function must settle on exactly the same microtask as the original, so the log is identical.

const log: string[] = [];
const at = (s: string) => log.push(s);

async function a1() {
  at('a1 start');
  await null;
  at('a1 after await 1');
  await null;
  at('a1 end');
  return 'a1';
}

async function a2() {
  at('a2 start');
  await Promise.resolve();
  at('a2 mid');
  return 'a2';
}

async function noAwait() {
  at('noAwait body');
  return 'noAwait';
}

async function returnsPromise() {
  return Promise.resolve('returnsPromise');
}

async function returnsThenable() {
  return {
    then(resolve: (v: string) => void) {
      at('thenable.then called');
      resolve('returnsThenable');
    },
  };
}

async function throwsAsync() {
  await null;
  throw new Error('async failure');
}

async function awaitsRejection() {
  try {
    await throwsAsync();
  } catch (e) {
    at(`awaitsRejection caught ${(e as Error).message}`);
  }
  return 'awaitsRejection';
}

const arrowAsync = async (x: number) => {
  await null;
  at(`arrowAsync ${x}`);
  return x;
};

class Svc {
  async method() {
    at('Svc.method start');
    await null;
    at('Svc.method end');
    return 'method';
  }
}

function syncReturnsPromise() {
  at('syncReturnsPromise body');
  return Promise.resolve('syncReturnsPromise');
}

async function loop() {
  for (let i = 0; i < 3; i++) {
    await null;
    at(`loop ${i}`);
  }
  return 'loop';
}

at('main start');
process.nextTick(() => at('nextTick'));
setImmediate(() => at('immediate'));
queueMicrotask(() => at('queueMicrotask'));

a1().then((v) => at(`then ${v}`));
a2().then((v) => at(`then ${v}`));
noAwait().then((v) => at(`then ${v}`));
returnsPromise().then((v) => at(`then ${v}`));
returnsThenable().then((v) => at(`then ${v}`));
awaitsRejection().then((v) => at(`then ${v}`));
throwsAsync().catch((e) => at(`catch ${e.message}`));
arrowAsync(7).then((v) => at(`then arrowAsync ${v}`));
new Svc().method().then((v) => at(`then ${v}`));
syncReturnsPromise().then((v) => at(`then ${v}`));
loop().then((v) => at(`then ${v}`));
Promise.all([a2(), noAwait()]).then((v) => at(`all ${v.join('+')}`));
Promise.race([a1(), noAwait()]).then((v) => at(`race ${v}`));
Promise.allSettled([throwsAsync(), noAwait()]).then((r) => at(`allSettled ${r.map((x) => x.status).join('+')}`));

Promise.resolve()
  .then(() => at('chain 1'))
  .then(() => at('chain 2'))
  .then(() => at('chain 3'))
  .then(() => at('chain 4'))
  .then(() => at('chain 5'))
  .then(() => at('chain 6'));
at('main end');

// Printed from a timer started by a later immediate: a timer started at the top level could fire
// before the first immediate when the process is slow to reach its event loop (a loaded machine).
setImmediate(() =>
  setTimeout(() => {
    for (const line of log) console.log(line);
  }, 30),
);
