// A module whose top level shadows the globals that generated code is most likely to use.
const Promise = { tag: 'user Promise', resolve: (v: unknown) => ({ fakeResolved: v }) };
const Reflect = { tag: 'user Reflect', apply: () => 'user Reflect.apply' };
const Symbol = { tag: 'user Symbol', iterator: '@@user-iterator' };
const Object = { tag: 'user Object', keys: () => ['user', 'keys'] };
const Error = function UserError(this: any, m: string) {
  return { userError: m };
} as any;

export function tags() {
  return [Promise.tag, Reflect.tag, Symbol.tag, Object.tag].join(', ');
}

export function usesShadowed() {
  return JSON.stringify([Promise.resolve(1), Reflect.apply(), Object.keys(), Error('e')]);
}

export async function asyncInShadowedScope(v: number) {
  await null;
  return v * 2;
}

export function* generatorInShadowedScope() {
  yield 'gen-1';
  yield 'gen-2';
}

export const objectWithSymbolKey = {
  [Symbol.iterator]: 'keyed by the user Symbol',
};

export function throwsInShadowedScope() {
  throw new globalThis.Error('real error from a scope where Error is shadowed');
}
