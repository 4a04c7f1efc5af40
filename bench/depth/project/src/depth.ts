// Recursion depth: how many frames of a tiny recursive function fit on the default stack.
// Usage (built bundle): node depth.mjs <cold|warm>. Prints one JSON line.

export function depth(n: number): number {
  return n === 0 ? 0 : 1 + depth(n - 1);
}

/** The largest n for which depth(n) returns (binary search; a stack overflow is a RangeError). */
function maxDepth(): number {
  let lo = 100;
  let hi = 1_000_000;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      depth(mid);
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

// cold: the first search, the function still interpreted (what a program meets once);
// warm: after many short calls, the function optimized (a long-running service).
const mode = process.argv[2] ?? 'cold';
if (mode === 'warm') for (let i = 0; i < 20_000; i++) depth(50);
const frames = maxDepth();
const counter = (globalThis as { __benchCounter?: { calls: number } }).__benchCounter;
console.log(JSON.stringify({ mode, frames, hookCalls: counter?.calls ?? 0 }));
