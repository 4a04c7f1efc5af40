import { fromB } from './b';
// `hoisted` is called by b.ts while b.ts initialises, before this module's body has run.
export function hoisted(n: number) {
  return `hoisted(${n})`;
}
export const notHoisted = () => 'notHoisted';
export function useB() {
  return fromB;
}
