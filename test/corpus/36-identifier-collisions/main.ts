// Case 36 (F): identifiers that generated code could collide with: a user function named
// `Function`, modules and functions that shadow `Promise`, `Reflect`, `Symbol`, `Object`,
// `Error`, `undefined`, `globalThis`, `process`, `require`, `module`, `exports`, and user names
// that look like helper or generated names. Only behaviour is printed: the bundle renames
// top-level names that collide with globals (see README), so their `.name` is not.
import {
  tags,
  usesShadowed,
  asyncInShadowedScope,
  generatorInShadowedScope,
  objectWithSymbolKey,
  throwsInShadowedScope,
} from './shadow-globals';

function Function(a: number) {
  return `user Function(${a})`;
}

function __defProp() {
  return 'user __defProp';
}
function __name() {
  return 'user __name';
}
function __export() {
  return 'user __export';
}
function __require() {
  return 'user __require';
}
function _a() {
  return 'user _a';
}
function __instts() {
  return 'user __instts';
}
function __instts_hooks() {
  return 'user __instts_hooks';
}
function $instts() {
  return 'user $instts';
}
function _ctx() {
  return 'user _ctx';
}
function __ctx() {
  return 'user __ctx';
}
function _this() {
  return 'user _this';
}
function _arguments() {
  return 'user _arguments';
}

function localShadows(n: number) {
  const Promise = 'local Promise';
  const Reflect = 'local Reflect';
  const Symbol = 'local Symbol';
  const Object = 'local Object';
  const undefined = 'local undefined';
  const globalThis = { local: true };
  const process = 'local process';
  const require = () => 'local require';
  const module = 'local module';
  const exports = 'local exports';
  const ctx = 'local ctx';
  const hooks = 'local hooks';
  const result = n + 1;
  const error = 'local error';
  return [Promise, Reflect, Symbol, Object, undefined, JSON.stringify(globalThis), process, require(), module, exports, ctx, hooks, result, error].join(' | ');
}

function paramShadows(Promise: string, Reflect: number, Symbol: boolean, args: string[], self: string, result: string) {
  return `${Promise}/${Reflect}/${Symbol}/${args.join('+')}/${self}/${result}`;
}

async function asyncWithShadowedPromiseParam(Promise: string) {
  await null;
  return `async with param Promise=${Promise}`;
}

function* generatorWithShadowedSymbol(Symbol: string) {
  yield Symbol;
}

class Promise2Like {
  then(resolve: (v: string) => void) {
    resolve('thenable from a class whose name is close to Promise');
  }
}

console.log(Function(1), typeof Function);
console.log([__defProp(), __name(), __export(), __require(), _a(), __instts(), __instts_hooks(), $instts(), _ctx(), __ctx(), _this(), _arguments()].join(', '));
console.log('localShadows:', localShadows(41));
console.log('paramShadows:', paramShadows('P', 1, true, ['a', 'b'], 'me', 'res'));
console.log('module-level shadows:', tags());
console.log('usesShadowed:', usesShadowed());
console.log('object keyed by user Symbol:', JSON.stringify(objectWithSymbolKey));
console.log('generator in shadowed scope:', [...generatorInShadowedScope()].join(','));
console.log('generator with shadowed Symbol param:', [...generatorWithShadowedSymbol('sym-param')].join(','));
try {
  throwsInShadowedScope();
} catch (e) {
  console.log('error from shadowed scope:', e instanceof globalThis.Error, (e as Error).message);
}
const p = asyncInShadowedScope(21);
console.log('async result is a native Promise:', p instanceof globalThis.Promise);
(async () => {
  console.log('awaited:', await p, await asyncWithShadowedPromiseParam('param'), await new Promise2Like());
})();
