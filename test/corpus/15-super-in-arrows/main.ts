// Case 15 (B): `super` property access and calls, directly and inside arrows, in sync, async,
// generator, async generator, static, getter and object-literal methods.

class A {
  name = 'a-instance';
  m() {
    return `A.m(${this.name})`;
  }
  async am() {
    return `A.am(${this.name})`;
  }
  static s() {
    return `A.s(${this.name})`;
  }
  get g() {
    return `A.g(${this.name})`;
  }
}

class B extends A {
  override name = 'b-instance';
  override m() {
    const viaArrow = () => super.m();
    return `B>${super.m()}|${viaArrow()}`;
  }
  override async am() {
    const viaAsyncArrow = async () => `${await super.am()}+arrow`;
    await null;
    const direct = await super.am();
    return `B>${direct}|${await viaAsyncArrow()}`;
  }
  static override s() {
    const viaArrow = () => super.s();
    return `B>${viaArrow()}`;
  }
  override get g() {
    return `B>${super.g}`;
  }
  *gen() {
    yield super.m();
    const inner = () => super.m();
    yield inner();
  }
  async *agen() {
    yield super.m();
    yield await super.am();
  }
  nested() {
    return [1].map(() => [2].map(() => super.m()).join('')).join('');
  }
  computed() {
    const key = 'm';
    return (super[key] as () => string)();
  }
  setViaSuper() {
    // Assigning through super sets the property on `this`.
    (super.name as string) = 'set-via-super';
    return this.name;
  }
  delayed() {
    return new Promise<string>((resolve) => setImmediate(() => resolve(super.m())));
  }
}

const proto = {
  hi() {
    return 'proto.hi';
  },
};
const obj = {
  hi() {
    const arrow = () => super.hi();
    return `obj>${super.hi()}|${arrow()}`;
  },
};
Object.setPrototypeOf(obj, proto);

const b = new B();
console.log('m:', b.m());
console.log('static s:', B.s());
console.log('getter:', b.g);
console.log('gen:', [...b.gen()].join(' , '));
console.log('nested:', b.nested());
console.log('computed:', b.computed());
console.log('object literal:', obj.hi());
(async () => {
  console.log('am:', await b.am());
  const items: string[] = [];
  for await (const v of b.agen()) items.push(v);
  console.log('agen:', items.join(' , '));
  console.log('delayed:', await b.delayed());
  console.log('setViaSuper:', b.setViaSuper(), Object.prototype.hasOwnProperty.call(b, 'name'));
})();
