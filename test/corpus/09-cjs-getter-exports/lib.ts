export function handler(event: string) {
  return `handled ${event}`;
}
export const version = '1.0';
export let mutable = 'before';
export function setMutable(v: string) {
  mutable = v;
}
