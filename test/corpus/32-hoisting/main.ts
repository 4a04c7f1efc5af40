// Case 32 (F): function declarations stay hoisted: called before their declaration, mutually
// recursive, used inside an ES module cycle while the other module initialises.
import { useB } from './a';
import { bProbe } from './b';

console.log('early call:', early(21));
console.log('typeof later before its line:', typeof later);
console.log('mutual recursion:', isEven(10), isOdd(7));
console.log('cycle:', useB());
console.log('cycle probe of a const arrow during init:', bProbe);

function early(n: number) {
  return n * 2;
}
function later() {}
function isEven(n: number): boolean {
  return n === 0 ? true : isOdd(n - 1);
}
function isOdd(n: number): boolean {
  return n === 0 ? false : isEven(n - 1);
}

function scope() {
  const r = inner();
  function inner() {
    return 'inner hoisted within function';
  }
  return r;
}
console.log('inside function:', scope());

let classProbe: string;
try {
  classProbe = typeof new (Later as any)();
} catch (e) {
  classProbe = (e as Error).constructor.name;
}
class Later {}
console.log('class before its declaration:', classProbe, typeof Later);
