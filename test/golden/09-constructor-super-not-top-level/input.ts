class Base {
  constructor(readonly value: number) {}
}

export class Conditional extends Base {
  constructor(flag: boolean) {
    if (flag) super(1);
    else super(2);
  }
}

export class InArrow extends Base {
  constructor() {
    const init = () => super(3);
    init();
  }
}
