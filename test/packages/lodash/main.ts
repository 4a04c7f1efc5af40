// lodash 4 (one 17,000-line sloppy-mode UMD file: `arguments` everywhere, `Function('return
// this')()`, prototype-built wrappers, lazy chains, `func.length` for currying and arity):
// collections, objects, strings, function helpers, chains, templates, deep equality and cloning.

import _ from 'lodash';

const out = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value));

const users = [
  { user: 'barney', age: 36, active: true, tags: ['a', 'b'] },
  { user: 'fred', age: 40, active: false, tags: ['b'] },
  { user: 'pebbles', age: 1, active: true, tags: [] },
  { user: 'wilma', age: 36, active: true, tags: ['c'] },
];

// collections
out('map', _.map(users, 'user'));
out('filter', _.filter(users, { active: true, age: 36 }).map((u) => u.user));
out('reject', _.reject(users, 'active').map((u) => u.user));
out('sortBy', _.sortBy(users, ['age', 'user']).map((u) => `${u.user}:${u.age}`));
out('orderBy', _.orderBy(users, ['age', 'user'], ['desc', 'asc']).map((u) => u.user));
out('groupBy', _.groupBy(users, 'age'));
out('countBy', _.countBy(['one', 'two', 'three'], 'length'));
out('keyBy', _.keys(_.keyBy(users, 'user')));
out('partition', _.partition([1, 2, 3, 4, 5], (n) => n % 2));
out('reduce', _.reduce({ a: 1, b: 2, c: 1 }, (acc: Record<string, string[]>, v, k) => ((acc[v] ||= []).push(k), acc), {}));
out('flatMapDeep', _.flatMapDeep([1, 2], (n) => [[[n, n]]]));
out('chunk/zip', [_.chunk([1, 2, 3, 4, 5], 2), _.zip(['a', 'b'], [1, 2], [true])]);
out('uniqBy/differenceBy', [_.uniqBy([2.1, 1.2, 2.3], Math.floor), _.differenceBy([2.1, 1.2], [2.3, 3.4], Math.floor)]);
out('intersectionWith', _.intersectionWith([{ x: 1 }, { x: 2 }], [{ x: 2 }], _.isEqual));
out('range/times', [_.range(0, 20, 5), _.times(3, String), _.rangeRight(3)]);
out('sampleSize(fixed)', _.sampleSize([1], 1));

// objects
const deep = { a: [{ b: { c: 3 } }], d: new Date(0), re: /x/g, m: new Map([[1, 2]]), s: new Set([1]) };
const cloned = _.cloneDeep(deep);
out('cloneDeep', [cloned !== deep, cloned.a[0] !== deep.a[0], _.isEqual(cloned, deep), cloned.d instanceof Date, cloned.m.get(1)]);
out('get/set/has', [_.get(deep, 'a[0].b.c'), _.get(deep, ['a', '0', 'x'], 'default'), _.has(deep, 'a[0].b'), _.set({}, 'x.y[1].z', 5)]);
out('merge', _.merge({ a: [{ b: 2 }, { d: 4 }] }, { a: [{ c: 3 }, { e: 5 }] }));
out('mergeWith', _.mergeWith({ a: [1] }, { a: [2] }, (o: unknown, s: unknown) => (Array.isArray(o) ? o.concat(s) : undefined)));
out('defaultsDeep', _.defaultsDeep({ a: { b: 2 } }, { a: { b: 1, c: 3 } }));
out('pick/omit', [_.pick({ a: 1, b: 2, c: 3 }, ['a', 'c']), _.omit({ a: 1, b: 2, c: 3 }, 'b'), _.pickBy({ a: 1, b: '2' }, _.isNumber)]);
out('mapValues/invert', [_.mapValues({ a: 1, b: 2 }, (v) => v * 10), _.invert({ a: 'x', b: 'y' }), _.invertBy({ a: 1, b: 1 })]);
out('isEqual', [_.isEqual({ a: [1, { b: NaN }] }, { a: [1, { b: NaN }] }), _.isEqual([1, 2], [2, 1]), _.isMatch({ a: 1, b: 2 }, { b: 2 })]);
out('types', [_.isPlainObject({}), _.isPlainObject(new (class X {})()), _.isArguments((function () { return arguments; })()), _.isTypedArray(new Uint8Array(1)), _.isError(new TypeError()), _.isFunction(class {}), _.isNative(Array.prototype.push)]);
out('toPath/toPairs', [_.toPath('a[0].b["c.d"]'), _.toPairs({ x: 1, y: 2 })]);
class Shape {
  constructor(public w = 1) {}
  area() {
    return this.w * this.w;
  }
}
out('functions/forIn', [_.functions(new Shape()), _.functionsIn(new Shape()), _.keysIn(new Shape())]);

// strings
out('case', [_.camelCase('Foo Bar-baz'), _.kebabCase('fooBar baz'), _.snakeCase('Foo Bar'), _.startCase('--foo-bar--'), _.upperFirst('fred')]);
out('pad/trunc', [_.padStart('5', 3, '0'), _.truncate('hi-diddly-ho there, neighborino', { length: 24, separator: /,? +/ }), _.words('fred, barney, & pebbles')]);
out('escape', [_.escape('<a href="x">&</a>'), _.unescape('&lt;b&gt;'), _.escapeRegExp('[lodash](https://lodash.com/)')]);
const compiled = _.template('hello <%= user %>! <% _.forEach(items, function(item) { %><li><%- item %></li><% }); %> ${ "es" }');
out('template', compiled({ user: 'fred', items: ['<a>', 'b'] }));
out('template source has function', typeof compiled.source === 'string' && compiled.source.startsWith('function'));

// function helpers
const curried = _.curry((a: number, b: number, c: number) => a + b * c);
out('curry', [curried(1)(2)(3), curried(1, 2)(3), curried(1)(2, 3), curried(_, 2)(1)(3)]);
const curriedRight = _.curryRight((a: string, b: string, c: string) => a + b + c);
out('curryRight', curriedRight('c')('b')('a'));
function greet(this: { name: string } | void, greeting: string, punctuation: string) {
  return `${greeting} ${this ? (this as { name: string }).name : 'nobody'}${punctuation}`;
}
out('bind/partial', [_.bind(greet, { name: 'fred' }, 'hi')('!'), _.partial(greet, 'hello')('?'), _.partialRight(greet, '.')('hey'), _.bind(greet, { name: 'x' }, _, '!')('yo')]);
out('ary/unary/rearg', [['6', '8', '10'].map(_.unary(parseInt)), _.ary(Math.max, 2)(1, 5, 9), _.rearg((a: string, b: string, c: string) => [a, b, c], [2, 0, 1])('b', 'c', 'a')]);
out('negate/flip/spread/rest', [_.filter([1, 2, 3, 4], _.negate((n: number) => n % 2 === 0)), _.flip((...args: unknown[]) => args)('a', 'b', 'c'), _.spread((a: number, b: number) => a + b)([1, 2]), _.rest((a: string, r: string[]) => `${a}+${r.join()}`)('x', 'y', 'z')]);
let calls = 0;
const memo = _.memoize((n: number) => (calls++, n * 2), (n: number) => `k${n}`);
out('memoize', [memo(2), memo(2), memo(3), calls, memo.cache.has('k2')]);
const once = _.once(() => ++calls);
out('once/before/after', [once(), once(), _.times(4, _.before(3, () => ++calls)), _.times(3, _.after(2, () => 'ran'))]);
out('flow', [_.flow([_.add, _.partial(_.multiply, 3)])(1, 2), _.flowRight(_.toUpper, _.trim)('  x  ')]);
out('overArgs/over', [_.overArgs((x: number, y: number) => [x, y], [(n: number) => n * n, (n: number) => n * 2])(3, 4), _.over([Math.max, Math.min])(1, 2, 3)]);
out('wrap', _.wrap(_.escape, (fn: (s: string) => string, text: string) => `<p>${fn(text)}</p>`)('fred, barney, & pebbles'));
out('method/invoke', [_.map([{ f: () => 'a' }, { f: () => 'b' }], _.method('f')), _.invoke({ a: [{ b: { c: [1, 2, 3, 4] } }] }, 'a[0].b.c.slice', 1, 3)]);
out('attempt', [_.attempt(() => JSON.parse('{')) instanceof Error, _.attempt((a: number) => a + 1, 1)]);
out('defaultTo/cond', [_.defaultTo(NaN, 10), _.cond([[_.matches({ a: 1 }), _.constant('matches A')], [_.stubTrue, _.constant('no match')]])({ a: 1, b: 2 })]);

// chains (lazy evaluation with shortcut fusion)
const evaluated: number[] = [];
const lazy = _(_.range(1, 200))
  .map((n) => (evaluated.push(n), n * 3))
  .filter((n) => n % 2 === 0)
  .take(4)
  .value();
out('lazy chain', [lazy, evaluated.length]);
out('chain', _.chain(users).filter('active').sortBy('age').map((u) => `${u.user} is ${u.age}`).head().value());
out('chain tap/thru', _([1, 2, 3]).tap((arr) => arr.pop()).thru((arr) => arr.concat(9)).reverse().value());
out('implicit chain', [_([1, 2, 3]).sum(), _('abc').split('').reverse().join('')]);
out('mixin', (() => {
  const local = _.runInContext();
  local.mixin({ double: (n: number) => n * 2 });
  return [(local as any).double(21), (local as any)(4).double(), typeof (_ as any).double];
})());

// timers: debounce and throttle with tiny waits
const debounced: string[] = [];
const deb = _.debounce((v: string) => debounced.push(v), 5);
deb('a');
deb('b');
deb('c');
const thr = _.throttle((v: string) => debounced.push(`t${v}`), 20, { trailing: false });
thr('1');
thr('2');
setTimeout(() => {
  out('debounce/throttle', debounced);
  out('version', _.VERSION);
}, 30);
