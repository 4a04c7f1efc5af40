// Case 11 (B): `new.target` inside constructors and functions, through subclasses,
// Reflect.construct, arrows, and constructors that return a different object.

class A {
  t: Function | undefined;
  fromArrow: string;
  constructor() {
    this.t = new.target;
    const arrow = () => (new.target ? new.target.name : 'none');
    this.fromArrow = arrow();
  }
}
class B extends A {}
class C extends B {
  constructor() {
    super();
  }
}

function F(this: any) {
  this.nt = new.target ? new.target.name : 'undefined';
}
function G() {}

function Point(this: any, x: number): any {
  if (!new.target) return new (Point as any)(x);
  this.x = x;
}

class Override {
  constructor() {
    return { overridden: true, target: new.target.name };
  }
}
class FromOverride extends Override {
  own = 'field';
}

class Abstractish {
  constructor() {
    if (new.target === Abstractish) throw new TypeError('Abstractish cannot be instantiated directly');
  }
}
class Concrete extends Abstractish {}

const a = new A();
const b = new B();
const c = new C();
console.log('new A().t === A:', a.t === A, a.fromArrow);
console.log('new B().t === B:', b.t === B, b.fromArrow, b instanceof B);
console.log('new C().t === C:', c.t === C, c.fromArrow);
const r = Reflect.construct(A, [], B) as A;
console.log('Reflect.construct(A, [], B):', r.t === B, Object.getPrototypeOf(r) === B.prototype);

const f1 = new (F as any)();
const f2: any = {};
F.call(f2);
const f3 = Reflect.construct(F, [], G);
console.log('function F:', f1.nt, f2.nt, f3.nt, Object.getPrototypeOf(f3) === G.prototype);

const p1 = (Point as any)(3);
const p2 = new (Point as any)(4);
console.log('Point without new:', p1.x, p1 instanceof Point, 'with new:', p2.x, p2 instanceof Point);

const o = new Override() as any;
const fo = new FromOverride() as any;
console.log('constructor returns object:', JSON.stringify(o), o instanceof Override);
console.log('subclass of overriding constructor:', JSON.stringify(fo), fo instanceof FromOverride);

try {
  new Abstractish();
} catch (e) {
  console.log('abstract guard:', (e as Error).message);
}
console.log('concrete:', new Concrete() instanceof Abstractish);

try {
  (A as any)();
} catch (e) {
  console.log('class called without new:', (e as Error).message);
}
