export class Box {
  #v = 0;
  get value(): number {
    return this.#v;
  }
  set value(v: number) {
    this.#v = v;
  }
  static get empty() {
    return new Box();
  }
  read() {
    return this.#v;
  }
}
