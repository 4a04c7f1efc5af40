// Promise subclasses (case 21): a function returning a Promise subclass returns that very
// instance; nothing else calls its `then` (each `then` call creates another instance through
// Symbol.species, so the instance counter shows extra calls); species overrides are honoured.

class TrackedPromise<T> extends Promise<T> {
  static created = 0;
  static thenCalls = 0;
  constructor(executor: (resolve: (v: T | PromiseLike<T>) => void, reject: (r?: unknown) => void) => void) {
    super(executor);
    TrackedPromise.created++;
  }
  override then<A = T, B = never>(
    onFulfilled?: ((v: T) => A | PromiseLike<A>) | null,
    onRejected?: ((r: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    TrackedPromise.thenCalls++;
    return super.then(onFulfilled, onRejected);
  }
  tag() {
    return 'tracked';
  }
}

class PlainSpecies<T> extends Promise<T> {
  static override get [Symbol.species]() {
    return Promise;
  }
}

function make(v: number): TrackedPromise<number> {
  return new TrackedPromise((resolve) => resolve(v));
}

function makeLater(v: string): TrackedPromise<string> {
  return new TrackedPromise((resolve) => setImmediate(() => resolve(v)));
}

function makePlainSpecies(): PlainSpecies<string> {
  return new PlainSpecies((resolve) => resolve('plain species'));
}

async function asyncReturnsSubclass() {
  return make(99);
}

const counts = () => `created=${TrackedPromise.created} thenCalls=${TrackedPromise.thenCalls}`;

const p = make(1);
console.log('make():', p instanceof TrackedPromise, p instanceof Promise, p.constructor === TrackedPromise, p.tag(), counts());
const later = makeLater('later');
console.log('makeLater():', later instanceof TrackedPromise, counts());
const chained = p.then((v) => v + 1);
console.log('then returns the subclass:', chained instanceof TrackedPromise, counts());
const ps = makePlainSpecies();
const psThen = ps.then((v) => v);
console.log('species override:', ps instanceof PlainSpecies, psThen instanceof PlainSpecies, psThen instanceof Promise);

(async () => {
  console.log('awaited:', await chained, await later, await psThen, counts());
  const viaAsync = asyncReturnsSubclass();
  console.log('async function returns native Promise:', viaAsync instanceof TrackedPromise, viaAsync.constructor === Promise);
  console.log('awaited async:', await viaAsync, counts());
})();
