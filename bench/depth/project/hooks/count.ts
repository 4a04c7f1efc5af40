// The counting hook: one increment per call, on globalThis so the suite can check it ran.
const counter: { calls: number } = ((globalThis as Record<string, unknown>).__benchCounter ??= { calls: 0 }) as {
  calls: number;
};

export function enter(): void {
  counter.calls++;
}

export function exit(): void {}
