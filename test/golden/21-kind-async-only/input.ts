export async function fetchOne(id: string) {
  return id;
}

export function* range(n: number) {
  yield n;
}

export function readIt(path: string, callback: (err: Error | null) => void) {
  callback(null);
}

export function plain(x: number) {
  return x;
}

export const lazy = async () => 1;
