import { Base, initOrder } from './base';
initOrder.push('sub.ts evaluated');
export class Sub extends Base {
  hi() {
    return `Sub>${super.hi()}`;
  }
  static kind() {
    return `sub-of-${super.kind()}`;
  }
}
export function makeSub(name: string) {
  return new Sub(name);
}
