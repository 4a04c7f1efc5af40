import { mark } from './trace';
mark('b');
export function b() {
  return 'b';
}
