export class Base {
  field = 1;
  constructor(public readonly id: string, extra?: number) {
    this.field = extra ?? this.field;
  }
}

export class Returns {
  constructor() {
    if (new.target !== Returns) return;
    this.ok = true;
  }
  ok = false;
}
