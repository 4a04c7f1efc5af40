// Case 12 (B): a class passed as the last argument is data, not a callback: instrumentation must
// never call (or wrap) arguments. Calling a class without `new` throws
// "Class constructor X cannot be invoked without 'new'".

class Entity {
  constructor(public id: string) {}
  describe() {
    return `${this.constructor.name}(${this.id})`;
  }
}
class User extends Entity {}
class Order extends Entity {}

const registry = new Map<string, { options: object; Ctor: new (id: string) => Entity }>();

function register(name: string, options: object, Ctor: new (id: string) => Entity) {
  registry.set(name, { options, Ctor });
  return registry.size;
}

function build(name: string, id: string) {
  const { Ctor } = registry.get(name)!;
  return new Ctor(id);
}

// Looks callback-shaped: the last parameter is a function and is named like a callback.
function on(event: string, callback: Function) {
  return `${event} -> ${typeof callback} ${callback.name} (${String(callback).startsWith('class') ? 'class' : 'function'})`;
}

function maybeCall(value: unknown, done?: unknown) {
  if (typeof done !== 'function') return 'no callback';
  try {
    return `called: ${(done as Function)(value)}`;
  } catch (e) {
    return `user code tried to call it: ${(e as Error).message}`;
  }
}

console.log('register User:', register('user', { table: 'users' }, User));
console.log('register Order:', register('order', { table: 'orders' }, Order));
console.log('build:', build('user', 'u1').describe(), build('order', 'o1').describe());
console.log('on:', on('created', User));
console.log('maybeCall with class:', maybeCall(1, Order));
console.log('maybeCall with function:', maybeCall(1, (v: number) => v + 1));
console.log('registry classes intact:', [...registry.values()].map((v) => v.Ctor === User || v.Ctor === Order).join(','));
const args: unknown[] = [];
function capture(...rest: unknown[]) {
  args.push(...rest);
  return rest.length;
}
console.log('capture:', capture('x', 2, User), args[2] === User);
