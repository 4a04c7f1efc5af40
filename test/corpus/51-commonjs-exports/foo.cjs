module.exports = class Foo {
  constructor(v) {
    this.v = v;
  }
  hello() {
    return 'Foo.hello ' + this.v;
  }
  static make(v) {
    return new Foo(v);
  }
};
