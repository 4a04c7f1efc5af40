// Case 5 (A): code that parses `Function.prototype.toString` (DI by parameter names, arity
// sniffing, "is this a class / an async function" checks). An in-place rewrite changes a
// function's body text, so this prints what such code reads: the signature (everything before
// the body), the parameter names, the kind prefix, and the full text of functions that are
// not part of the program source (runtime-created and native ones), including a runtime-created
// caller of instrumented code.

/** Text before the body: up to the `{` after the parameter list, or up to `=>`. */
function signature(fn: Function): string {
  const src = Function.prototype.toString.call(fn);
  let depth = 0;
  let seenParams = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') {
      depth--;
      if (depth === 0 && ch === ')') seenParams = true;
    } else if (depth === 0 && src.startsWith('=>', i)) return src.slice(0, i + 2).replace(/\s+/g, ' ');
    else if (depth === 0 && ch === '{' && (seenParams || src.startsWith('class'))) return src.slice(0, i).replace(/\s+/g, ' ').trim();
  }
  return src;
}

/** Angular-1-style parameter-name extraction used for dependency injection. */
function paramNames(fn: Function): string[] {
  let src = Function.prototype.toString.call(fn);
  if (src.startsWith('class')) {
    const i = src.indexOf('constructor(');
    if (i < 0) return [];
    src = src.slice(i + 'constructor'.length);
  }
  const m = src.match(/^[^(]*\(([^)]*)\)/) ?? src.match(/^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/);
  if (!m) return [];
  return m[1]
    .split(',')
    .map((p) => p.replace(/=.*$/s, '').trim())
    .filter(Boolean);
}

function kindOf(fn: Function): string {
  const src = Function.prototype.toString.call(fn);
  if (/^class\b/.test(src)) return 'class';
  if (/^async\s+function\s*\*/.test(src) || /^async\s*\*/.test(src)) return 'async generator';
  if (/^async\b/.test(src)) return 'async';
  if (/^function\s*\*/.test(src) || /^\*/.test(src)) return 'generator';
  if (/^(\([^)]*\)|[\w$]+)\s*=>/.test(src)) return 'arrow';
  return 'function';
}

class Database {}
class Logger {}
class UserService {
  constructor(database: Database, logger: Logger) {
    void database;
    void logger;
  }
  find(id: string, options = { deep: true }) {
    return id + String(options.deep);
  }
  async load(id: string) {
    return id;
  }
}
function plain(a: number, b: number) {
  return a + b;
}
const arrow = (x: number, y = 2) => x * y;
const single = (z: number) => z;
async function* stream(source: string[]) {
  yield* source;
}
function* counter(start: number, end: number) {
  for (let i = start; i < end; i++) yield i;
}
const obj = {
  method(a: string, { b, c }: { b: string; c: string }) {
    return a + b + c;
  },
};

const subjects: [string, Function][] = [
  ['UserService', UserService],
  ['UserService.prototype.find', UserService.prototype.find],
  ['UserService.prototype.load', UserService.prototype.load],
  ['plain', plain],
  ['arrow', arrow],
  ['single', single],
  ['stream', stream],
  ['counter', counter],
  ['obj.method', obj.method],
];

for (const [label, fn] of subjects) {
  console.log(`${label}: kind=${kindOf(fn)} params=[${paramNames(fn).join(', ')}] signature=${JSON.stringify(signature(fn))}`);
  const s1 = fn.toString();
  console.log(
    `  stable=${s1 === fn.toString()} sameAsProtoToString=${s1 === Function.prototype.toString.call(fn)} ownToString=${Object.prototype.hasOwnProperty.call(fn, 'toString')}`,
  );
}

// DI container that injects by parameter names.
const registry: Record<string, unknown> = { database: new Database(), logger: new Logger() };
const deps = paramNames(UserService).map((n) => registry[n]);
console.log('DI resolved:', deps.map((d) => (d as object).constructor.name).join(', '));
const svc = new (UserService as any)(...deps) as UserService;
console.log('find ->', svc.find('u1'));

// Functions that are not in the program source keep their exact text.
const runtimeCaller = new Function('fn', 'arg', 'return "caller saw " + fn(arg, 10);');
console.log('runtime caller text:', JSON.stringify(runtimeCaller.toString()));
console.log('runtime caller result:', runtimeCaller(plain, 5));
console.log('native:', Math.max.toString());
console.log('bound:', plain.bind(null).toString());
console.log('String(plain) === plain.toString():', String(plain) === plain.toString());
console.log('plain.toString === Function.prototype.toString:', plain.toString === Function.prototype.toString);
// Issue 17.6: instrumentation does not patch Function.prototype.toString (a patch would itself be
// observable); the hooked functions' text differs, which README "Transparency" documents.
console.log('Function.prototype.toString is native:', Function.prototype.toString.toString(), Object.prototype.hasOwnProperty.call(Function.prototype.toString, 'prototype'));
