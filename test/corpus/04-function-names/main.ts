// Case 4 (A): `fn.name` of every function shape (NestJS/Swagger and loggers read method names).
// Also: object-literal methods, getters/setters, static, #private, computed keys, class expressions.
import namedDefault, { exportedFn, exportedArrow, ExportedClass } from './helpers';
import anonDefault from './anon-default';

const sym = Symbol('described');

class Service {
  m() {}
  async asyncM() {}
  *genM() {}
  async *asyncGenM() {}
  static s() {}
  static async staticAsync() {}
  get g() {
    return 1;
  }
  set g(_v: number) {}
  [Symbol.iterator]() {
    return [][Symbol.iterator]();
  }
  [sym]() {}
  ['computed-key']() {}
  'quoted key'() {}
  42() {}
  #priv() {}
  privName() {
    return this.#priv.name;
  }
  arrowField = () => {};
  fnField = function () {};
}

const obj = {
  method() {},
  arrow: () => {},
  anonFn: function () {},
  namedFn: function inner() {},
  async asyncMethod() {},
  *gen() {},
  get acc() {
    return 0;
  },
  ['comp' + 'uted']() {},
  [Symbol.asyncIterator]() {},
};

const f = () => {};
const g = function () {};
const h = function hName() {};
let assigned: () => void;
assigned = () => {};
const ClassExpr = class {};
const NamedClassExpr = class Inner {};
const fromProperty: { p?: () => void } = {};
fromProperty.p = function () {};
const viaDefine = Object.defineProperty({}, 'x', { value: function () {} }) as { x: Function };

function withDefaultParam(cb = () => {}) {
  return cb.name;
}
function outer() {
  function nested() {}
  const nestedArrow = () => {};
  return [nested.name, nestedArrow.name];
}

const desc = (o: object, k: PropertyKey) => Object.getOwnPropertyDescriptor(o, k)!;
const s = new Service();

const rows: [string, string][] = [
  ['Service', Service.name],
  ['Service.prototype.m', Service.prototype.m.name],
  ['asyncM', s.asyncM.name],
  ['genM', s.genM.name],
  ['asyncGenM', s.asyncGenM.name],
  ['static s', Service.s.name],
  ['static staticAsync', Service.staticAsync.name],
  ['getter', desc(Service.prototype, 'g').get!.name],
  ['setter', desc(Service.prototype, 'g').set!.name],
  ['Symbol.iterator', s[Symbol.iterator].name],
  ['symbol with description', (s as any)[sym].name],
  ["['computed-key']", (s as any)['computed-key'].name],
  ["'quoted key'", (s as any)['quoted key'].name],
  ['42', (s as any)[42].name],
  ['#priv', s.privName()],
  ['arrowField', s.arrowField.name],
  ['fnField', s.fnField.name],
  ['obj.method', obj.method.name],
  ['obj.arrow', obj.arrow.name],
  ['obj.anonFn', obj.anonFn.name],
  ['obj.namedFn', obj.namedFn.name],
  ['obj.asyncMethod', obj.asyncMethod.name],
  ['obj.gen', obj.gen.name],
  ['obj getter', desc(obj, 'acc').get!.name],
  ['obj computed', (obj as any).computed.name],
  ['obj Symbol.asyncIterator', obj[Symbol.asyncIterator].name],
  ['const arrow', f.name],
  ['const function', g.name],
  ['named function expression', h.name],
  ['assigned arrow', assigned.name],
  ['class expression', ClassExpr.name],
  ['named class expression', NamedClassExpr.name],
  ['property-assigned function', fromProperty.p!.name],
  ['defineProperty value', viaDefine.x.name],
  ['default param', withDefaultParam()],
  ['nested', outer().join(',')],
  ['bound', f.bind(null).name],
  ['bound method', s.m.bind(s).name],
  ['exportedFn', exportedFn.name],
  ['exportedArrow', exportedArrow.name],
  ['ExportedClass', ExportedClass.name],
  ['ExportedClass.prototype.method', ExportedClass.prototype.method.name],
  ['named default export', namedDefault.name],
  ['new Function', new Function('return 1').name],
  ['array element arrow', [() => {}][0].name],
];
for (const [label, name] of rows) console.log(`${label}: ${JSON.stringify(name)}`);

// The anonymous default export: its name is not printed because a bundle renames it; its
// shape and behaviour are.
console.log('anonymous default: typeof', typeof anonDefault, 'length', anonDefault.length, 'result', anonDefault(2, 3));
console.log('own keys of Service.prototype:', Reflect.ownKeys(Service.prototype).map(String).join(', '));
