// Case 27 (D): generators stay generators: a generator function returns a Generator without
// running its body; never-iterated generators never start; `.return()` and `.throw()` reach the
// body (finally blocks run once); `break` in for-of closes the iterator; delegation and
// return values are kept. (Async generators: see 58-async-generators.)

const log: string[] = [];
let started = 0;

function* never() {
  started++;
  log.push('never: body started');
  yield 1;
}

function* withFinally(tag: string) {
  log.push(`${tag}: start`);
  try {
    yield 1;
    yield 2;
    yield 3;
  } finally {
    log.push(`${tag}: finally`);
  }
  log.push(`${tag}: after finally (exhausted)`);
}

function* catches() {
  while (true) {
    try {
      yield 'waiting';
    } catch (e) {
      log.push(`catches: caught ${(e as Error).message}`);
      yield 'recovered';
      return 'done after recovery';
    }
  }
}

function* inner() {
  const got = yield 'inner-1';
  log.push(`inner received ${String(got)}`);
  return 'inner-return';
}
function* outer() {
  const r = yield* inner();
  yield `outer saw ${r}`;
  return 'outer-return';
}

class Tree {
  constructor(private values: number[]) {}
  *[Symbol.iterator]() {
    for (const v of this.values) yield v * 2;
  }
}

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;

const n = never();
console.log('never(): started =', started, 'tag =', Object.prototype.toString.call(n), 'self-iterable =', n[Symbol.iterator]() === n);
console.log('never is a GeneratorFunction:', never instanceof GeneratorFunction, never.constructor.name);

const r = withFinally('ret');
console.log('ret next:', JSON.stringify(r.next()));
console.log('ret return(42):', JSON.stringify(r.return(42)), 'again:', JSON.stringify(r.next()));

const t = withFinally('throw');
t.next();
try {
  t.throw(new Error('boom'));
} catch (e) {
  console.log('throw(): propagated', (e as Error).message);
}
console.log('after throw:', JSON.stringify(t.next()));

const unstarted = withFinally('unstarted');
try {
  unstarted.throw(new Error('before start'));
} catch (e) {
  console.log('throw() before start:', (e as Error).message, JSON.stringify(unstarted.next()));
}

const c = catches();
console.log('catches:', JSON.stringify(c.next()), JSON.stringify(c.throw(new Error('x'))), JSON.stringify(c.next()));

for (const v of withFinally('loop')) {
  if (v === 2) break;
}
const [first] = withFinally('destructure');
console.log('destructured first:', first, 'spread:', [...withFinally('spread')].join(','));

const o = outer();
console.log('delegation:', JSON.stringify(o.next()), JSON.stringify(o.next('sent')), JSON.stringify(o.next()));
console.log('iterable class:', [...new Tree([1, 2, 3])].join(','));
console.log('started still', started);
for (const line of log) console.log('  ' + line);
