// Case 7 (A): own properties of functions, symbol-keyed ones included, must survive:
// `util.promisify.custom` (without it `promisify(exists)` rejects with `true`), `inspect.custom`,
// `Symbol.hasInstance`, plain own properties, and which functions own a `prototype`.
import { promisify, inspect } from 'node:util';

// fs.exists-style API: the callback receives the result first, with no error argument.
function exists(path: string, cb: (result: boolean) => void) {
  setImmediate(() => cb(path === '/present'));
}
(exists as any)[promisify.custom] = (path: string) => new Promise<boolean>((resolve) => exists(path, resolve));
(exists as any).displayName = 'fs.exists';
(exists as any)[Symbol.for('app.meta')] = { deprecated: true };

// The same API without the custom promisified form, as a control.
function existsNoCustom(path: string, cb: (result: boolean) => void) {
  setImmediate(() => cb(path === '/present'));
}

class Money {
  constructor(public cents: number) {}
  [inspect.custom]() {
    return `Money<${(this.cents / 100).toFixed(2)}>`;
  }
  static [Symbol.hasInstance](x: unknown) {
    return typeof x === 'object' && x !== null && 'cents' in x;
  }
}

function describeOwn(label: string, fn: Function) {
  const names = Object.getOwnPropertyNames(fn).sort();
  const symbols = Object.getOwnPropertySymbols(fn).map(String);
  console.log(`${label}: names=[${names.join(',')}] symbols=[${symbols.join(',')}] keys=[${Object.keys(fn).join(',')}]`);
}

describeOwn('exists', exists);
describeOwn('existsNoCustom', existsNoCustom);
describeOwn('arrow', () => {});
describeOwn('async function', async function af() {});
describeOwn('generator function', function* gf() {});
describeOwn('method', { m() {} }.m);
describeOwn('class Money', Money);

console.log('promisify.custom kept:', (exists as any)[promisify.custom] !== undefined);
console.log('promisify returns the custom function:', promisify(exists) === (exists as any)[promisify.custom]);
console.log('displayName:', (exists as any).displayName, 'meta:', JSON.stringify((exists as any)[Symbol.for('app.meta')]));
console.log('inspect.custom:', inspect(new Money(1234)));
console.log('Symbol.hasInstance:', { cents: 1 } instanceof Money, [] instanceof Money);
const desc = Object.getOwnPropertyDescriptor(exists, promisify.custom)!;
console.log('custom descriptor: writable', desc.writable, 'enumerable', desc.enumerable, 'configurable', desc.configurable);

const existsAsync = promisify(exists);
const noCustomAsync = promisify(existsNoCustom) as unknown as (p: string) => Promise<boolean>;
(async () => {
  console.log('promisify(exists)("/present") resolves:', await existsAsync('/present'));
  console.log('promisify(exists)("/absent") resolves:', await existsAsync('/absent'));
  try {
    await noCustomAsync('/present');
    console.log('no custom: resolved');
  } catch (e) {
    console.log('no custom: rejects with', JSON.stringify(e));
  }
})();
