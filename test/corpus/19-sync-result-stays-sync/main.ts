// Case 19 (C): a sync function keeps returning its sync value (a boolean here): `if (!tryAdd(m))`
// must still fire. Also sync functions that look callback-style, return undefined, or are named
// like async ones.

class Batch {
  private items: string[] = [];
  constructor(private max: number) {}
  tryAdd(message: string): boolean {
    if (this.items.length >= this.max) return false;
    this.items.push(message);
    return true;
  }
  size() {
    return this.items.length;
  }
}

const batch = new Batch(2);
const dropped: string[] = [];
for (const m of ['a', 'b', 'c', 'd']) {
  const r = batch.tryAdd(m);
  console.log(`tryAdd(${m}) -> ${r} typeof=${typeof r} tag=${Object.prototype.toString.call(r)}`);
  if (!batch.tryAdd(m + '-retry')) dropped.push(m);
}
console.log('dropped:', dropped.join(','), 'size:', batch.size());

function isEven(n: number) {
  return n % 2 === 0;
}
console.log('filter with sync predicate:', [1, 2, 3, 4].filter(isEven).join(','));
console.log('every/some:', [2, 4].every(isEven), [1, 3].some(isEven));

// Callback-shaped but synchronous: returns a count, calls back synchronously.
function each(items: number[], cb: (n: number) => void) {
  items.forEach(cb);
  return items.length;
}
const seen: number[] = [];
const count = each([7, 8], (n) => seen.push(n));
console.log('each returned', count, typeof count, 'seen before next line:', seen.join(','));

function nothing() {}
function nothingExplicit() {
  return;
}
console.log('undefined results:', nothing(), typeof nothingExplicit(), nothing() === undefined);

function fetchAsync() {
  return 'not a promise despite the name';
}
const r = fetchAsync();
console.log('named like async:', r, typeof r, r instanceof Promise);

let sideEffect = 'before';
function setSync(v: string) {
  sideEffect = v;
  return sideEffect.length;
}
console.log('sync side effect visible immediately:', setSync('after'), sideEffect);

const results = [isEven(2), batch.tryAdd('z'), setSync('x') > 0, nothing()];
console.log('types:', results.map((v) => typeof v).join(','));
queueMicrotask(() => console.log('microtask runs after all sync output'));
console.log('last sync line');
