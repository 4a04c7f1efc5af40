export const initOrder: string[] = [];
initOrder.push('base.ts evaluated');
export class Base {
  constructor(public name: string) {}
  hi() {
    return `Base.hi(${this.name})`;
  }
  static kind() {
    return 'base-kind';
  }
}
