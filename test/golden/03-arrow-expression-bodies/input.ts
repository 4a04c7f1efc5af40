let count = 0;
export const seq = () => (count++, count);
export const obj = () => ({ a: 1 });
export const cond = (x: number) => x > 0 ? 'pos' : 'neg';
export const typed = (x: unknown) => x as string;
export const nested = (a: number) => (b: number) => a + b;
