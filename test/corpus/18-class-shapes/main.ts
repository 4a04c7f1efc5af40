// Case 18 (B): class shapes: `export default class`, anonymous default class, class expressions
// (`const Foo = class {}`, named ones, classes returned from functions), static, get/set,
// static async, async generator and generator members, static blocks, field arrows.
// (`module.exports = class` is covered by a CommonJS program.)
import AnonDefault from './default-class';
import Widget from './widget';

const Foo = class {
  #v = 0;
  static instances = 0;
  constructor() {
    Foo.instances++;
  }
  static create() {
    return new Foo();
  }
  static async load() {
    await null;
    return Foo.create();
  }
  get value() {
    return this.#v;
  }
  set value(v: number) {
    this.#v = v * 10;
  }
  *range(n: number) {
    for (let i = 0; i < n; i++) yield i;
  }
  async *stream(n: number) {
    for (let i = 0; i < n; i++) {
      await null;
      yield `s${i}`;
    }
  }
  handler = (x: number) => x + this.#v;
};

const Named = class Inner {
  who() {
    return Inner.name;
  }
};

function makeClass(prefix: string) {
  return class {
    greet(n: string) {
      return `${prefix} ${n}`;
    }
  };
}
const Greeter = makeClass('hi');

console.log('AnonDefault:', new AnonDefault().hello(), AnonDefault.create() instanceof AnonDefault, typeof AnonDefault);
// Widget's name is not printed: the class refers to itself in its body, and a bundle renames
// such classes (see README).
console.log('Widget:', new Widget().render(), Widget.register('w1'), Widget.register('w2'), Widget.registry.join('|'));
const f = Foo.create();
f.value = 4;
console.log('Foo:', Foo.name, f.value, [...f.range(3)].join(','), f.handler(2), Foo.instances);
console.log('Named:', Named.name, new Named().who());
console.log('Greeter:', JSON.stringify(Greeter.name), new Greeter().greet('bob'));
console.log(
  'member kinds:',
  Object.getOwnPropertyNames(Object.getPrototypeOf(f))
    .map((k) => {
      const d = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(f), k)!;
      return `${k}:${d.get ? 'get' : ''}${d.set ? 'set' : ''}${d.value ? d.value.constructor.name : ''}`;
    })
    .join(' '),
);
(async () => {
  const loaded = await Foo.load();
  const items: string[] = [];
  for await (const s of loaded.stream(3)) items.push(s);
  console.log('async members:', items.join(','), Foo.instances, Object.prototype.toString.call(loaded.stream(1)));
})();
