export function total(items: number[], tax: number): number {
  'use strict';
  let sum = 0;
  for (const i of items) sum += i;
  if (sum === 0) return 0;
  return sum * (1 + tax);
}

export async function fetchOrder(id: string) {
  const row = await Promise.resolve({ id, n: arguments.length });
  if (!row) return undefined;
  return row;
}

export const double = (n: number) => n * 2;
export const later = async (n: number) => ({ n });

class Repo {
  constructor(private readonly name: string) {}
  find(key: string) {
    return `${this.name}:${key}`;
  }
  *keys() {
    yield 'a';
  }
}

// A `var` re-declaring a parameter keeps the in-place form: in a closure it would be a new variable.
export function legacy(flag: boolean) {
  var flag;
  return flag;
}

export { Repo };
