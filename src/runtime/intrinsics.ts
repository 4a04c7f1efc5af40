// The built-ins the runtime calls, captured when it loads. A program may replace or spy on
// `Array.prototype.push`, `Function.prototype.apply`, `Object.is`…; hooked calls must not run the
// program's replacements (extra calls it would count, recursion into its own hooked spy, a hang
// on a broken `Object.is`). Nothing here is looked up on a user-reachable object at call time.

const { apply, construct } = Reflect;
const arraySlice = Array.prototype.slice;
const regExpExec = RegExp.prototype.exec;

export const reflectApply: typeof Reflect.apply = apply;
export const reflectConstruct: typeof Reflect.construct = construct;
export const objectIs: typeof Object.is = Object.is;
export const hasOwn: typeof Object.hasOwn = Object.hasOwn;

/** `Array.prototype.slice.call(list, from)` with the original slice. */
export function copyList(list: ArrayLike<unknown>, from = 0): unknown[] {
  return apply(arraySlice, list, [from]) as unknown[];
}

/** `array.push(value)` without looking `push` up. */
export function append<T>(array: T[], value: T): void {
  array[array.length] = value;
}

/** `pattern.test(text)` with the original `exec`. */
export function matches(pattern: RegExp, text: string): boolean {
  return apply(regExpExec, pattern, [text]) !== null;
}
