// A program that spies on and replaces built-ins the runtime could use: Array.prototype.push and
// slice, Function.prototype.apply and call, Object.is, Reflect.apply, RegExp.prototype.test and
// the array iterator. Hooked calls must not run the program's replacements: the counts it prints
// are those of its own calls only, its own hooked spy does not recurse, and nothing hangs.
// Arrow functions with a rest parameter (no `arguments` to hand to the hooks) run no iterator.

const counts: Record<string, number> = { push: 0, slice: 0, apply: 0, call: 0, is: 0, reflectApply: 0, test: 0, iterator: 0 };

function add(a: number, b: number): number {
  return a + b;
}

function collect(list: number[], value: number): number[] {
  list.push(value);
  return list;
}

function callback(value: number, done: (error: unknown, result?: number) => void): void {
  done(null, value * 2);
}

const joinAll = (separator: string, ...parts: unknown[]): string => parts.join(separator);
const countAll = (...items: unknown[]): number => items.length;

class Box {
  constructor(readonly value: number) {}
  twice(): number {
    return this.value * 2;
  }
}

const originals = {
  push: Array.prototype.push,
  slice: Array.prototype.slice,
  apply: Function.prototype.apply,
  call: Function.prototype.call,
  is: Object.is,
  reflectApply: Reflect.apply,
  test: RegExp.prototype.test,
  iterator: Array.prototype[Symbol.iterator],
};

function install(): void {
  // A spy that is itself an ordinary (hooked) function: a runtime that called it would recurse.
  Array.prototype.push = function push(this: unknown[], ...items: unknown[]): number {
    counts.push!++;
    return originals.reflectApply(originals.push, this, items);
  };
  Array.prototype.slice = function slice(this: unknown[], ...args: unknown[]): unknown[] {
    counts.slice!++;
    return originals.reflectApply(originals.slice, this, args) as unknown[];
  };
  Function.prototype.apply = function apply(this: (...a: unknown[]) => unknown, self: unknown, args?: ArrayLike<unknown>) {
    counts.apply!++;
    return originals.reflectApply(this, self, args === undefined || args === null ? [] : Array.from(args));
  } as typeof Function.prototype.apply;
  Function.prototype.call = function call(this: (...a: unknown[]) => unknown, self: unknown, ...args: unknown[]) {
    counts.call!++;
    return originals.reflectApply(this, self, args);
  } as typeof Function.prototype.call;
  // A broken Object.is: a runtime that compared arguments with it would never see them equal.
  Object.is = function is(): boolean {
    counts.is!++;
    return false;
  };
  Reflect.apply = function reflectApply(target: (...a: unknown[]) => unknown, self: unknown, args: ArrayLike<unknown>) {
    counts.reflectApply!++;
    return originals.reflectApply(target, self, args);
  } as typeof Reflect.apply;
  RegExp.prototype.test = function test(this: RegExp, text: string): boolean {
    counts.test!++;
    return originals.reflectApply(originals.test, this, [text]);
  };
  Array.prototype[Symbol.iterator] = function values(this: unknown[]) {
    counts.iterator!++;
    return originals.reflectApply(originals.iterator, this, []);
  } as typeof originals.iterator;
}

function restore(): void {
  Array.prototype.push = originals.push;
  Array.prototype.slice = originals.slice;
  Function.prototype.apply = originals.apply;
  Function.prototype.call = originals.call;
  Object.is = originals.is;
  Reflect.apply = originals.reflectApply;
  RegExp.prototype.test = originals.test;
  Array.prototype[Symbol.iterator] = originals.iterator;
}

install();
let sum = 0;
for (let i = 0; i < 50; i++) sum = add(sum, i);
const list: number[] = [];
for (let i = 0; i < 5; i++) collect(list, i);
let doubled = 0;
callback(21, (error, result) => {
  if (error === null) doubled = result!;
});
const boxes = [1, 2, 3].map((v) => new Box(v).twice());
const joined = joinAll('-', 'a', 'b', 'c');
const counted = countAll(1, 2, 3, 4);
restore();

console.log('sum', sum, 'list', list.join(','), 'doubled', doubled, 'boxes', boxes.join(','));
console.log('joined', joined, 'counted', counted);
console.log('counts', JSON.stringify(counts));
