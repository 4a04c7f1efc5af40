import { helperB, B_CONST } from './barrel';
export function fromA() {
  return `A uses ${helperB()} and ${B_CONST}`;
}
export const A_CONST = 'a-const';
