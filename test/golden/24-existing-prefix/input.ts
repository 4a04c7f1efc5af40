// A program that already uses the generated prefix.
const __instts = 'taken';
const __instts$rt = { r: () => 'user' };

export function user() {
  return __instts + __instts$rt.r();
}
