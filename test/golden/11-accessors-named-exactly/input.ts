export class Box {
  #v = 0;
  get value(): number {
    return this.#v;
  }
  set value(v: number) {
    this.#v = v;
  }
  other() {
    return 1;
  }
}

export const literal = {
  _x: 1,
  get value() {
    return this._x;
  },
};
