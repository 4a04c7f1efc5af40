// Case 23 (C): the returned value is exactly what the body returned: object identity, functions,
// special numbers (NaN, -0), symbols, null vs undefined, arguments objects, fluent `this`,
// objects whose getters must not be evaluated by anyone but the caller.

const shared = { id: 'shared' };
const sym = Symbol('s');
let getterRuns = 0;

function same() {
  return shared;
}
function fn() {
  return same;
}
function nan() {
  return NaN;
}
function negZero() {
  return -0;
}
function symbol() {
  return sym;
}
function nil() {
  return null;
}
function undef() {
  return undefined;
}
function args(..._: unknown[]) {
  // eslint-disable-next-line prefer-rest-params
  return arguments;
}
function big() {
  return 2n ** 64n;
}
function frozen() {
  return Object.freeze({ f: 1 });
}
function withGetter() {
  return {
    get expensive() {
      getterRuns++;
      return 'computed';
    },
  };
}
function proxy() {
  return new Proxy({}, { get: (_t, k) => `proxied ${String(k)}` });
}
class Fluent {
  steps: string[] = [];
  add(s: string) {
    this.steps.push(s);
    return this;
  }
}
const arrowObj = () => shared;

console.log('same object:', same() === shared, arrowObj() === shared);
console.log('function returned:', fn() === same);
console.log('NaN:', Number.isNaN(nan()), 'negZero is -0:', Object.is(negZero(), -0));
console.log('symbol:', symbol() === sym, 'null:', nil() === null, 'undefined:', undef() === undefined);
const a = args(1, undefined);
console.log('arguments object:', Object.prototype.toString.call(a), a.length);
console.log('bigint:', big().toString(), typeof big());
console.log('frozen stays frozen:', Object.isFrozen(frozen()));
const g = withGetter();
console.log('getter not evaluated before access:', getterRuns);
console.log('getter value:', g.expensive, 'runs:', getterRuns);
console.log('proxy:', (proxy() as any).anything);
const f = new Fluent();
console.log('fluent:', f.add('a').add('b') === f, f.steps.join(''));
console.log('instanceof after return:', new Fluent().add('x') instanceof Fluent);
