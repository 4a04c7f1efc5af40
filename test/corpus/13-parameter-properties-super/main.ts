// Case 13 (B): TypeScript parameter properties are assigned right after `super()`; nothing may
// run before `super()` that touches `this` ("Must call super constructor in derived class...").

const log: string[] = [];

class Base {
  constructor(public kind: string) {
    log.push(`Base(${kind})`);
  }
}

class Service extends Base {
  count = 0;
  constructor(
    private v: string,
    public readonly w: string = v + '!',
    protected extra?: number,
  ) {
    super('service');
    log.push(`Service body v=${this.v} w=${this.w} count=${this.count}`);
  }
  describe() {
    return `${this.kind}/${this.v}/${this.w}/${this.extra}/${this.count}`;
  }
}

class WithPreamble extends Base {
  tag = 'field';
  constructor(private name: string) {
    const upper = name.toUpperCase();
    log.push(`preamble computed ${upper} before super`);
    super(upper);
    log.push(`after super name=${this.name} tag=${this.tag}`);
  }
}

class NoSuperArgs extends Base {
  constructor(public readonly id: number) {
    super(`id-${id}`);
  }
}

class Standalone {
  constructor(
    public a: number,
    private b = a * 2,
  ) {}
  sum() {
    return this.a + this.b;
  }
}

const s = new Service('x');
console.log('describe:', s.describe());
console.log('own keys in order:', Object.keys(s).join(','));
const p = new WithPreamble('ada');
console.log('preamble keys:', Object.keys(p).join(','), 'kind', p.kind);
const n = new NoSuperArgs(7);
console.log('NoSuperArgs:', n.kind, n.id, Object.keys(n).join(','));
const st = new Standalone(5);
console.log('Standalone:', st.sum(), Object.keys(st).join(','));
console.log('constructor lengths:', Service.length, WithPreamble.length, NoSuperArgs.length, Standalone.length);
console.log('log:');
for (const l of log) console.log('  ' + l);
