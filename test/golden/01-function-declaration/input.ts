export function add(a: number, b: number): number {
  if (a < 0) return -1;
  return a + b;
}

function noReturn(label: string): void {
  console.log(label);
}

// Hoisting: called before its declaration.
hoisted();
function hoisted() {
  return typeof arguments;
}

function empty() {}

noReturn('x');
