// TypeScript-only members (derived cases from the pitfall list): overload signatures (only the
// implementation exists at run time), abstract classes and members, `declare` fields, ambient
// `declare const`/`declare function`, namespaces, and `accessor`-free getters on abstract classes.
import './globals';

declare const __CORPUS_BUILD__: string;
declare function notEmitted(x: number): void;

function parse(x: string): number;
function parse(x: number): string;
function parse(x: string | number): string | number {
  return typeof x === 'string' ? x.length : String(x);
}

class Formatter {
  format(v: number): string;
  format(v: string, width: number): string;
  format(v: number | string, width = 0): string {
    return String(v).padStart(width, '.');
  }
  static of(): Formatter;
  static of(prefix: string): Formatter;
  static of(_prefix?: string) {
    return new Formatter();
  }
}

abstract class Shape {
  abstract area(): number;
  abstract get label(): string;
  declare debugName: string;
  sides = 0;
  describe() {
    return `${this.label}: area=${this.area().toFixed(2)} sides=${this.sides}`;
  }
}

class Square extends Shape {
  declare readonly brand: 'square';
  override sides = 4;
  constructor(private size: number) {
    super();
  }
  area() {
    return this.size ** 2;
  }
  get label() {
    return 'square';
  }
}

class Circle extends Shape {
  constructor(private r: number) {
    super();
  }
  area() {
    return Math.PI * this.r ** 2;
  }
  get label() {
    return 'circle';
  }
}

namespace Geometry {
  export const unit = 1;
  export function double(n: number) {
    return n * 2;
  }
  export namespace Nested {
    export function triple(n: number) {
      return n * 3;
    }
  }
}

console.log('overloaded function:', parse('four'), parse(4), 'length', parse.length, 'name', parse.name);
const f = new Formatter();
console.log('overloaded method:', f.format(7), f.format('x', 3), 'length', f.format.length, Formatter.of() instanceof Formatter);
const shapes: Shape[] = [new Square(3), new Circle(1)];
for (const s of shapes) console.log(s.describe());
console.log('abstract members not on prototype:', 'area' in Shape.prototype, 'label' in Shape.prototype, Object.getOwnPropertyNames(Shape.prototype).join(','));
console.log('declare fields not created:', Object.keys(new Square(1)).join(','), 'debugName' in new Circle(1), 'brand' in new Square(1));
console.log('ambient const:', __CORPUS_BUILD__, 'ambient function is not defined:', typeof (globalThis as any).notEmitted);
console.log('namespace:', Geometry.double(Geometry.unit), Geometry.Nested.triple(2), Object.keys(Geometry).join(','));
