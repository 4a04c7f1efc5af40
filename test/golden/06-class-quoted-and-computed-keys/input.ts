export class Keys {
  "it's"() {
    return "it's";
  }
  ['a-b']() {
    return 'a-b';
  }
  *[Symbol.iterator]() {
    yield 1;
  }
  [`tpl`]() {
    return 'tpl';
  }
  42() {
    return 42;
  }
}
