import { readFileSync } from 'node:fs';

export function main() {
  return readFileSync;
}
