// Case 17 (B): superclass expressions stay what they were: `extends Error`, mixins
// (`extends Named(Timestamped(Base))`), conditional and call expressions, built-ins.

class HttpError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
class NotFound extends HttpError {
  constructor(what: string) {
    super(404, `${what} not found`);
  }
}

type Ctor<T = object> = new (...args: any[]) => T;

class Base {
  base() {
    return 'base';
  }
}
function Timestamped<T extends Ctor>(B: T) {
  return class extends B {
    ts = 1700000000;
  };
}
function Named<T extends Ctor>(B: T) {
  return class Named extends B {
    named() {
      return 'named';
    }
  };
}
class Model extends Named(Timestamped(Base)) {
  model() {
    return `${this.base()}+${this.named()}+${(this as any).ts}`;
  }
}

class Left {
  side() {
    return 'left';
  }
}
class Right {
  side() {
    return 'right';
  }
}
const useLeft = process.argv.length > 0;
class Picked extends (useLeft ? Left : Right) {}
const registry = { Right };
class FromMember extends registry.Right {}

class Stack extends Array<number> {
  top() {
    return this[this.length - 1];
  }
}
class Registry extends Map<string, number> {
  inc(k: string) {
    return this.set(k, (this.get(k) ?? 0) + 1);
  }
}

function chain(o: object) {
  const names: string[] = [];
  for (let p = Object.getPrototypeOf(o); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    names.push(JSON.stringify(p.constructor.name));
  }
  return names.join(' > ');
}

const e = new NotFound('user');
console.log('NotFound:', e instanceof NotFound, e instanceof HttpError, e instanceof Error);
console.log('message/name/status:', e.message, e.name, e.status, String(e));
console.log('toStringTag:', Object.prototype.toString.call(e), 'stack head:', e.stack!.split('\n')[0]);
console.log('chain:', chain(e));
try {
  throw new HttpError(500, 'thrown');
} catch (err) {
  console.log('caught:', err instanceof HttpError, (err as HttpError).status, (err as Error).message);
}
const cause = new Error('root cause');
const wrapped = new Error('wrapper', { cause });
console.log('cause kept:', wrapped.cause === cause);

const m = new Model();
console.log('Model:', m.model(), 'chain:', chain(m));
console.log('Picked:', new Picked().side(), 'FromMember:', new FromMember().side());

const st = Stack.from([1, 2, 3]) as Stack;
const mapped = st.map((x) => x * 10) as Stack;
console.log('Stack:', st.top(), mapped instanceof Stack, mapped.top(), Array.isArray(st));
const r = new Registry();
r.inc('a').inc('a').inc('b');
console.log('Registry:', JSON.stringify([...r]), r instanceof Map);
