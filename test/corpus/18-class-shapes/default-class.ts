// An anonymous default-exported class.
export default class {
  hello() {
    return 'hello from the anonymous default class';
  }
  static create() {
    return new this();
  }
}
