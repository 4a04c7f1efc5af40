// Deep recursion (issue 17, item 2): recursive code — walking a deeply nested value, a
// recursive-descent parser — runs as deep as it does uninstrumented, and a stack overflow is
// the same catchable RangeError, after which every function behaves as before. Sync bodies keep
// their call records off the stack frame, so the instrumented frame stays close to the plain one;
// the depths here stay well inside both (the recursion-depth bench measures the limit).

type Tree = { child?: Tree; value: number };

function build(depth: number): Tree {
  let node: Tree = { value: 0 };
  for (let i = 1; i <= depth; i++) node = { child: node, value: i };
  return node;
}

function sum(node: Tree | undefined): number {
  if (node === undefined) return 0;
  return node.value + sum(node.child);
}

function height(node: Tree | undefined): number {
  return node === undefined ? 0 : 1 + height(node.child);
}

// A recursive-descent parser of nested brackets: `[[[]]]` → depth 3.
function parseList(text: string, at: { pos: number }): number {
  if (text[at.pos] !== '[') throw new SyntaxError(`expected [ at ${at.pos}`);
  at.pos++;
  let inner = 0;
  while (text[at.pos] === '[') inner = Math.max(inner, parseList(text, at));
  if (text[at.pos] !== ']') throw new SyntaxError(`expected ] at ${at.pos}`);
  at.pos++;
  return inner + 1;
}

function unbounded(n: number): number {
  return unbounded(n + 1) + 1;
}

const tree = build(2000);
console.log('sum', sum(tree), 'height', height(tree));
console.log('parsed depth', parseList('['.repeat(1500) + ']'.repeat(1500), { pos: 0 }));
try {
  parseList('['.repeat(50) + ']', { pos: 0 });
} catch (error) {
  console.log('parse error', (error as Error).name, (error as Error).message);
}

let overflow: unknown;
try {
  unbounded(0);
} catch (error) {
  overflow = error;
}
console.log('overflow', overflow instanceof RangeError, (overflow as Error).message);
// After the overflow everything still works, at full depth again.
console.log('again', sum(build(2000)), height(build(10)));
