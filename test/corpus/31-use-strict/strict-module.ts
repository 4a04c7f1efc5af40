// An ES module (TypeScript): module code is strict.
export function moduleFrozenWrite() {
  const o = Object.freeze({ x: 1 }) as { x: number };
  try {
    o.x = 2;
    return 'no throw';
  } catch (e) {
    return 'threw ' + (e as Error).constructor.name;
  }
}
