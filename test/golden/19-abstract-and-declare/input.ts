export abstract class Shape {
  abstract area(): number;
  declare kind: string;
  describe() {
    return 'area ' + this.area();
  }
}

declare function external(x: number): number;

declare class Ambient {
  method(): void;
}

declare module 'some-module' {
  export function inModule(): void;
}

export function uses() {
  return external(1);
}
