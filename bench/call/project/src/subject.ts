// The measured functions: small enough that what instrumentation adds to a call shows.
// The benchmark calls each in a loop whose next arguments depend on the last result.

export function work(a: number, b: number): number {
  return (a * 31 + b) | 0;
}

export async function workAsync(a: number, b: number): Promise<number> {
  return (a * 31 + b) | 0;
}
