import fs from 'node:fs';

export async function fetchOne(id: string) {
  await null;
  return id;
}

export function* range(n: number) {
  for (let i = 0; i < n; i++) yield i;
  return n;
}

export async function* stream(n: number) {
  for (let i = 0; i < n; i++) yield i;
}

export function readIt(path: string, cb: (err: Error | null, data?: string) => void) {
  fs.readFile(path, 'utf8', cb);
}

export function withDone(done: () => void) {
  setTimeout(done, 0);
}

export function typedCallback(name: string, onResult: (err: unknown, value?: number) => void) {
  onResult(null, name.length);
}

export function plain(x: number) {
  return x;
}
