// The barrel re-exports modules that themselves import from the barrel.
export * from './a';
export * from './b';
export { Service } from './c';
export * as bModule from './b';
