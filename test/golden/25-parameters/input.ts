export function defaults(a: number, b = a + 1, ...rest: number[]) {
  return [a, b, rest];
}

export function destructured({ x, y = 2 }: { x: number; y?: number }, [first]: number[]) {
  return x + y + first;
}

export function withThis(this: { k: number }, add: number) {
  return this.k + add;
}

export const arrowParams = ({ a }: { a: number }, b = 1, ...more: number[]) => a + b + more.length;
