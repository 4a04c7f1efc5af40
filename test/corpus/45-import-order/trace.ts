// Records module evaluation order; loaded first by everything else.
export const evaluated: string[] = [];
export function mark(name: string) {
  evaluated.push(name);
}
