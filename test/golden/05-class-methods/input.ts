export class Counter {
  #count = 0;
  static instances = 0;

  increment(by = 1): number {
    this.#count += by;
    return this.#bump();
  }

  static create(): Counter {
    Counter.instances++;
    return new this();
  }

  #bump(): number {
    return this.#count;
  }

  static #secret() {
    return 42;
  }
}
