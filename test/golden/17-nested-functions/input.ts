export function outer(items: number[]) {
  function inner(x: number) {
    return x * 2;
  }
  const mapped = items.map((x) => {
    return inner(x);
  });
  return mapped.reduce((a, b) => a + b, 0);
}
