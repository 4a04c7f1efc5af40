// The counting hook: one increment per call. The counter hangs off globalThis so the benchmark
// can check that the hook really ran (and did not run on the fast path).
const counter: { calls: number } = ((globalThis as Record<string, unknown>).__benchCounter ??= { calls: 0 }) as {
  calls: number;
};

export function enter(): void {
  counter.calls++;
}
