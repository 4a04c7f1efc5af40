// Case 30 (E): destructuring, defaults and rest parameters: `f({url, t:[a='a']}, cb, o='d', ...r)`,
// `h(a, b = a + 1)`, default-parameter scope, evaluation order and parameter reassignment.

const order: string[] = [];

function f({ url, t: [a = 'a'] = [] }: { url: string; t?: (string | null | undefined)[] }, cb: (...x: unknown[]) => void, o = 'd', ...r: unknown[]) {
  cb(url, a, o, r);
  return arguments.length;
}

function h(a: number, b = a + 1) {
  return [a, b];
}

function paramScope(a: string, getA = () => a) {
  a = 'reassigned in body';
  return getA();
}

function varRedeclared(a: string, getA = () => a) {
  // eslint-disable-next-line no-var
  var a = 'body var';
  return [a, getA()];
}

function evalOrder(a = (order.push('a'), 'A'), b = (order.push('b'), a + 'B'), { c = (order.push('c'), 'C') } = {}) {
  return a + b + c;
}

function reassign(a: number) {
  a = 5;
  // eslint-disable-next-line prefer-rest-params
  return `a=${a} arguments[0]=${arguments[0]}`;
}

function computedKey(key: string, { [key]: picked, ...others }: Record<string, unknown>) {
  return `${String(picked)} + ${Object.keys(others).join(',')}`;
}

const arrowDefaults = ({ x = 1, y = 2 } = {}, [p, , q = 'q'] = ['p']) => `${x}${y}${p}${q}`;

function namedDefault(cb = function namedCb() {}) {
  return cb.name;
}

async function asyncDefaults(delay = Promise.resolve('resolved default'), { label }: { label?: string } = {}) {
  return `${await delay}/${label}`;
}

function thisInDefault(this: { base: number } | void, n = (this as { base: number }).base + 1) {
  return n;
}

const show = (...x: unknown[]) => console.log('  cb got', JSON.stringify(x));
console.log('f.length', f.length, 'h.length', h.length, 'evalOrder.length', evalOrder.length);
console.log('f ->', f({ url: '/u', t: [] }, show));
console.log('f ->', f({ url: '/x', t: ['A'] }, show, undefined, 1, 2));
console.log('f ->', f({ url: '/y', t: [null] }, show, 'o'));
console.log('f ->', f({ url: '/z' }, show, 'O', 'r1'));
console.log('h:', JSON.stringify([h(1), h(1, undefined), h(1, null as any), h(1, 7)]));
console.log('paramScope:', paramScope('original'));
console.log('varRedeclared:', JSON.stringify(varRedeclared('original')));
console.log('evalOrder:', evalOrder(), order.join(','), '| with a:', evalOrder('x'), order.join(','));
console.log('reassign:', reassign(1));
console.log('computedKey:', computedKey('b', { a: 1, b: 2, c: 3 }));
console.log('arrowDefaults:', arrowDefaults(), arrowDefaults({ x: 9 }, ['P', 'skip', undefined as any]));
console.log('namedDefault:', namedDefault(), namedDefault(() => {}));
console.log('thisInDefault:', thisInDefault.call({ base: 41 }), thisInDefault.call({ base: 0 }, 5));
asyncDefaults(undefined, { label: 'L' }).then((v) => console.log('asyncDefaults:', v));
