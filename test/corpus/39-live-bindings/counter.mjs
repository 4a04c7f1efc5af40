export let n = 0;
export const bump = () => n++;
export function reset() {
  n = 0;
}
export let config = { version: 1 };
export function replaceConfig() {
  config = { version: 2 };
}
export var legacy = 'var-before';
export function setLegacy(v) {
  legacy = v;
}
export default n; // the default export captures the value at evaluation time (not live)
