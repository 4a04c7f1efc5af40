const base = {
  hello() {
    return 'base';
  },
};

export const api = {
  __proto__: base,
  hello() {
    return 'api+' + super.hello();
  },
  async load(id: string) {
    return { id };
  },
  handler: function (x: number) {
    return x;
  },
  arrow: (x: number) => x,
  *items() {
    yield 1;
  },
};
