export function load(x: string) {
  return fetch(x);
}

export const loadArrow = (x: string) => fetch(x, { headers: { a: '1' } });
