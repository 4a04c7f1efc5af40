export function onExit(value: string) {
  return `lib onExit(${value})`;
}
