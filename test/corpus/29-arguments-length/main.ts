// Case 29 (E): `arguments.length` counts the arguments actually passed (never padded to the
// declared parameters or truncated); `fn.length` counts parameters before the first default/rest.

function f(a?: unknown, b?: unknown) {
  return arguments.length;
}
function withDefault(a: unknown, b: unknown = 'B') {
  return `${arguments.length} a=${a} b=${b}`;
}
function rest(...r: unknown[]) {
  return `${arguments.length}/${r.length}`;
}
function list(..._: unknown[]) {
  return JSON.stringify(Array.from(arguments), (_k, v) => (v === undefined ? '<undefined>' : v));
}
function outer(..._: unknown[]) {
  const inner = (..._x: unknown[]) => arguments.length; // arrows see the enclosing arguments
  return inner(9, 9, 9, 9, 9);
}
function nestedFn(..._: unknown[]) {
  function inner(this: unknown, ..._y: unknown[]) {
    return arguments.length;
  }
  return `${arguments.length}/${inner(1)}`;
}
class K {
  count: number;
  constructor(..._: unknown[]) {
    this.count = arguments.length;
  }
  m(_a?: unknown) {
    return arguments.length;
  }
  static s() {
    return arguments.length;
  }
}
const obj = {
  method(_x?: unknown, _y?: unknown, _z?: unknown) {
    return arguments.length;
  },
};
function calleeAccess() {
  try {
    // eslint-disable-next-line prefer-rest-params
    return (arguments as any).callee === calleeAccess ? 'callee is the function' : 'callee is something else';
  } catch (e) {
    return `${(e as Error).constructor.name}`;
  }
}

console.log('f():', f(), 'f(1):', f(1), 'f(1,2):', f(1, 2), 'f(1,2,3):', (f as any)(1, 2, 3), 'f(undefined):', f(undefined));
console.log('withDefault:', withDefault(1), '|', withDefault(1, undefined), '|', withDefault(1, 2));
console.log('rest:', rest(), rest(1, 2, 3));
console.log('list:', list(1, undefined, null));
console.log('outer arrow:', outer(1, 2));
console.log('nested function:', nestedFn(1, 2, 3));
console.log('constructor:', new K().count, new (K as any)(1, 2).count);
console.log('method:', new K().m(), new K().m(1), (new K() as any).m(1, 2));
console.log('static:', (K as any).s('a', 'b'));
console.log('object method:', obj.method(), obj.method(1, 2, 3));
console.log('apply/call/Reflect.apply:', f.apply(null, [1, 2, 3, 4] as any), f.call(null), Reflect.apply(f, null, [1]));
console.log('spread:', f(...([1, 2] as [number, number])), 'sparse spread:', (f as any)(...[, ,]));
console.log('callee:', calleeAccess());
console.log('fn.length:', f.length, withDefault.length, rest.length, K.length, obj.method.length, ((a: number, b = 1, c?: number) => 0).length);
