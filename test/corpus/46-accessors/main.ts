// Case 46 (G): getters and setters are instrumented as accessors, never evaluated by anybody
// but the program: lazy getters that replace themselves, getters that throw, getters that return
// functions (an `fs.opendir`-style lazy export), static accessors, object-literal accessors and
// defineProperty accessors. Getter/setter run counts are printed at each step.

const runs: Record<string, number> = {};
const hit = (k: string) => (runs[k] = (runs[k] ?? 0) + 1);
const show = (label: string) => console.log(label, JSON.stringify(runs));

class Lazy {
  #v = 1;
  get expensive() {
    hit('expensive');
    return 'computed';
  }
  get once() {
    hit('once');
    const value = 'cached';
    Object.defineProperty(this, 'once', { value, enumerable: true });
    return value;
  }
  get throwing(): string {
    hit('throwing');
    throw new Error('this getter must only run when read');
  }
  get value() {
    hit('get value');
    return this.#v;
  }
  set value(v: number) {
    hit('set value');
    this.#v = v;
  }
  static get version() {
    hit('static version');
    return '1.2.3';
  }
  static set version(_v: string) {
    hit('static set version');
  }
}

class Child extends Lazy {
  override get expensive() {
    hit('child expensive');
    return `child+${super.expensive}`;
  }
}

const fsLike = {
  get opendir() {
    hit('opendir getter');
    return function opendir(path: string) {
      return `opened ${path}`;
    };
  },
  readFile(path: string) {
    return `read ${path}`;
  },
};

const defined = Object.defineProperty({}, 'computed', {
  get() {
    hit('defined getter');
    return 'from defineProperty';
  },
  enumerable: false,
  configurable: true,
}) as { computed: string };

show('after class/object creation:');
const l = new Lazy();
const c = new Child();
show('after constructing instances:');
const d = Object.getOwnPropertyDescriptor(Lazy.prototype, 'value')!;
console.log('descriptor:', typeof d.get, typeof d.set, d.get!.name, d.set!.name, d.enumerable, d.configurable, 'value' in d);
console.log('prototype keys:', Object.getOwnPropertyNames(Lazy.prototype).join(','), 'static:', Object.getOwnPropertyNames(Lazy).sort().join(','));
console.log('JSON of instance:', JSON.stringify(l), 'keys:', Object.keys(l).join(','));
show('after reflection:');
console.log('expensive:', l.expensive, c.expensive);
console.log('once:', l.once, l.once, Object.keys(l).join(','));
l.value = 5;
console.log('value:', l.value);
console.log('static:', Lazy.version);
try {
  console.log(l.throwing);
} catch (e) {
  console.log('throwing getter:', (e as Error).message);
}
show('after reads:');
console.log('fsLike.readFile:', fsLike.readFile('/a'));
show('before opendir:');
console.log('fsLike.opendir:', fsLike.opendir('/dir'), fsLike.opendir.name);
console.log('defined:', defined.computed, Object.keys(defined).length);
show('final:');
