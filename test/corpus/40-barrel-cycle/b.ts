import { A_CONST } from './barrel';
export function helperB() {
  return 'helperB';
}
export const B_CONST = 'b-const';
export function readA() {
  return A_CONST;
}
