// Case 34 (F): arrow functions with expression bodies of every tricky shape:
// `()=>(a,b)`, `()=>((1))`, `()=>({a:1})`, nested arrows, conditional object bodies, TS
// assertions, async expression bodies, immediately invoked arrows.

let sideEffects = 0;
const side = () => ++sideEffects;

const seq = () => (side(), 'b');
const paren = () => ((1));
const obj = () => ({ a: 1 });
const nestedObj = () => ({ a: { b: [1, 2] } });
const objWithMethod = () => ({
  f() {
    return 'method in returned object';
  },
});
const curried = (a: number) => (b: number) => (c: number) => a + b + c;
const cond = (x: boolean) => (x ? { t: 1 } : { f: 0 });
const voidBody = () => void side();
const comma = (a: number, b: number) => (a, b);
const template = () => `t${1 + 1}`;
const regex = () => /a+b/g.source;
const inOperator = () => 'a' in { a: 1 };
const spreadSeq = () => ({ ...(side(), { spread: true }) });
const classBody = () => class Q {
  q = 'q';
};
const fnBody = () => function named() {
  return 'named';
};
const asserted = () => ({ x: 1 }) as { x: number };
const satisfied = () => ({ y: 2 }) satisfies { y: number };
const nonNull = (m: string | undefined) => m!;
const generic = <T,>(v: T) => v;
const asyncSeq = async () => (await Promise.resolve(side()), 'after await');
const asyncObj = async () => ({ async: true });
const immediate = ((n: number) => n * 2)(21);
const singleParam = (n: number) => n + 1;
const arrayBody = () => [side(), side()];
const arrowReturningArrowCall = () => (() => 'inner called')();

console.log('seq:', seq(), 'sideEffects', sideEffects);
console.log('paren:', paren());
console.log('obj:', JSON.stringify(obj()), JSON.stringify(nestedObj()));
console.log('objWithMethod:', objWithMethod().f());
console.log('curried:', curried(1)(2)(3));
console.log('cond:', JSON.stringify(cond(true)), JSON.stringify(cond(false)));
console.log('voidBody:', voidBody(), 'sideEffects', sideEffects);
console.log('comma:', comma(1, 2));
console.log('template/regex/in:', template(), regex(), inOperator());
console.log('spreadSeq:', JSON.stringify(spreadSeq()), 'sideEffects', sideEffects);
console.log('classBody:', new (classBody())().q, 'fnBody:', fnBody()(), fnBody().name);
console.log('asserted/satisfied/nonNull/generic:', asserted().x, satisfied().y, nonNull('m'), generic('g'));
console.log('immediate:', immediate, 'singleParam:', singleParam(1), 'arrayBody:', arrayBody().join(','));
console.log('arrowReturningArrowCall:', arrowReturningArrowCall());
(async () => {
  console.log('asyncSeq:', await asyncSeq(), 'sideEffects', sideEffects);
  console.log('asyncObj:', JSON.stringify(await asyncObj()));
})();
