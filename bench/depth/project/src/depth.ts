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

// cold: the search with the function interpreted (the suite runs it with `--no-opt`: what a
// program meets on its first deep call, before V8 optimizes);
// warm: after many short calls and one overflow, the function optimized with feedback for every
// path it has, its exception path included (a long-running service). Without the overflow the
// first failing probe meets a path V8 has no feedback for, throws the optimized code away, and
// the search measures interpreter frames again.
const mode = process.argv[2] ?? 'cold';
function warmUp(): void {
  for (let i = 0; i < 20_000; i++) depth(50);
}
if (mode === 'warm') {
  warmUp();
  try {
    depth(1_000_000);
  } catch {
    // the stack overflow this is for
  }
  warmUp();
}
const frames = maxDepth();
const counter = (globalThis as { __benchCounter?: { calls: number } }).__benchCounter;
console.log(JSON.stringify({ mode, frames, hookCalls: counter?.calls ?? 0 }));
