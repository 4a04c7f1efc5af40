// Issue 17.1: a function turned into source text and run elsewhere (`vm.runInNewContext`,
// `new Function`, indirect `eval`, the way Puppeteer's `page.evaluate(fn)` and workers started
// with `eval: true` do). There its module's bindings do not exist; the instrumented text must
// then run as written instead of throwing `ReferenceError: __instts$s0 is not defined`.
// (No named functions nested inside the serialized ones: keep-names, on by default, would add
// esbuild's `__name` helper there.)

import vm from 'node:vm';

function add(a: number, b: number) {
  return a + b;
}

const multiply = (a: number, b: number) => a * b;

function withDefaults(a: number, b = 10, ...rest: number[]) {
  if (a < 0) return 'negative';
  return [a, b, rest.length].join(',');
}

async function later(x: number) {
  return x * 3;
}

function* counter(n: number) {
  for (let i = 0; i < n; i++) yield i;
  return 'done';
}

function usesArguments() {
  return arguments.length;
}

// A `new URL(…)` in its body is a wrapped call site (every-function.rules.json).
function hostOf(href: string) {
  return new URL(href).host;
}

function throws(message: string) {
  throw new Error(message);
}

const obj = {
  method(x: number) {
    return x + 1;
  },
};

const source = (fn: Function) => Function.prototype.toString.call(fn);

console.log('vm add:', vm.runInNewContext('(' + source(add) + ')(2, 3)'));
console.log('vm arrow:', vm.runInNewContext('(' + source(multiply) + ')(4, 5)'));
console.log('vm defaults:', vm.runInNewContext('(' + source(withDefaults) + ')(1)'), vm.runInNewContext('(' + source(withDefaults) + ')(-1)'));
console.log('vm arguments:', vm.runInNewContext('(' + source(usesArguments) + ')(1, 2, 3)'));
console.log('vm generator:', vm.runInNewContext('Array.from((' + source(counter) + ')(3)).join(",")'));
console.log('vm call site:', vm.runInNewContext('(' + source(hostOf) + ')("http://example.test:8080/x")', { URL: globalThis.URL }));
console.log('vm throws:', vm.runInNewContext('try { (' + source(throws) + ')("boom") } catch (e) { "caught " + e.message }'));
console.log('Function ctor:', new Function('return (' + source(add) + ')(20, 22)')());
console.log('Function ctor method:', new Function('return ({' + source(obj.method) + '}).method(41)')());
// Indirect eval runs in the global scope, where the bundle's module-level names are not visible.
console.log('indirect eval:', (0, eval)('(' + source(multiply) + ')(6, 7)'));
const promise = vm.runInNewContext('(' + source(later) + ')(5)') as Promise<number>;
promise.then((v) => console.log('vm async:', v));
