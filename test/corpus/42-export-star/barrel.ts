export * from './a';
export * from './b';
export * from './c.cjs';
export * as nsB from './b';
// Both export `dup`: the ambiguous name is left out of the barrel.
export * from './dup1';
export * from './dup2';
export const own = 'own barrel export';
