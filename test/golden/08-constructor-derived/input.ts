class Base {
  constructor(readonly name: string) {}
}

export class Derived extends Base {
  tag = 'd';
  constructor(name: string, public level = 1) {
    super(name.toUpperCase());
    console.log(this.tag, this.level);
  }
}

export class NoParams extends Base {
  constructor() {
    super('fixed');
  }
}
