export function greet(who: string) {
  return `hello, ${who}`;
}
