// Case 37 (F): functions nested in functions (declarations, arrows, methods, classes, IIFEs,
// default parameters, field initialisers, callbacks, recursion, closures over mutable state).

function outer(n: number) {
  let calls = 0;
  function inner(x: number) {
    calls++;
    return x + n;
  }
  const arrow = (x: number) => inner(x) * 2;
  const obj = {
    method() {
      return arrow(1);
    },
  };
  class Local {
    field = (() => inner(100))();
    run() {
      return obj.method();
    }
  }
  const local = new Local();
  return { result: local.run(), field: local.field, calls, innerName: inner.name, innerLength: inner.length };
}

function makeCounter() {
  let count = 0;
  return {
    inc: () => ++count,
    dec: function () {
      return --count;
    },
    get value() {
      return count;
    },
  };
}

const add = (a: number) => (b: number) => (c: number) => a + b + c;

function factorial(n: number): number {
  function go(k: number, acc: number): number {
    return k <= 1 ? acc : go(k - 1, acc * k);
  }
  return go(n, 1);
}

function withDefaultFn(transform = (s: string) => s.toUpperCase()) {
  return transform('default fn');
}

function memoize<A, R>(fn: (a: A) => R) {
  const cache = new Map<A, R>();
  let misses = 0;
  const memo = (a: A) => {
    if (!cache.has(a)) {
      misses++;
      cache.set(a, fn(a));
    }
    return cache.get(a)!;
  };
  return { memo, misses: () => misses };
}

function deep() {
  return (function l1() {
    return (() => {
      return (function l3() {
        const l4 = () => function l5() {
          return 'five levels deep';
        };
        return l4()();
      })();
    })();
  })();
}

async function asyncOuter() {
  async function* innerGen() {
    yield 'g1';
    yield 'g2';
  }
  const out: string[] = [];
  for await (const v of innerGen()) out.push(v);
  const viaCallback = await new Promise<string>((resolve) => setImmediate(() => resolve('from callback')));
  return [...out, viaCallback].join(',');
}

const iife = (function () {
  const hidden = 'iife private';
  return () => hidden;
})();

const c = makeCounter();
c.inc();
c.inc();
c.dec();
const m = memoize((x: number) => x * x);
console.log('outer:', JSON.stringify(outer(5)));
console.log('counter:', c.value, c.inc());
console.log('curried:', add(1)(2)(3));
console.log('factorial:', factorial(10));
console.log('default fn:', withDefaultFn(), withDefaultFn((s) => `[${s}]`));
console.log('memo:', m.memo(4), m.memo(4), m.memo(5), 'misses', m.misses());
console.log('deep:', deep());
console.log('iife:', iife());
console.log('callbacks:', [3, 1, 2].sort((a, b) => a - b).map((x) => x * 10).filter(function (x) { return x > 10; }).reduce((a, b) => a + b, 0));
asyncOuter().then((v) => console.log('asyncOuter:', v));
