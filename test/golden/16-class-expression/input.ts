export const Foo = class {
  run(x: number) {
    return x;
  }
  static make() {
    return new Foo();
  }
};

export const Named = class Inner {
  run() {
    return 'inner';
  }
};
