// Case 8 (A): methods stay on the prototype; instances keep exactly their own properties.
// An RPC dispatcher (Durable-Object style) refuses methods that are not on the prototype chain
// or that are own properties of the instance.

class Base {
  baseMethod() {
    return 'base';
  }
}

class Counter extends Base {
  count = 0;
  onEvent = () => this.count;
  static instances = 0;
  constructor() {
    super();
    Counter.instances++;
  }
  increment(by = 1) {
    this.count += by;
    return this.count;
  }
  get double() {
    return this.count * 2;
  }
  async fetchCount() {
    return this.count;
  }
  static create() {
    return new Counter();
  }
}

function rpcCall(receiver: object, method: string, ...args: unknown[]) {
  if (Object.prototype.hasOwnProperty.call(receiver, method)) return `refused: ${method} is an own property`;
  let proto = Object.getPrototypeOf(receiver);
  while (proto && proto !== Object.prototype) {
    const d = Object.getOwnPropertyDescriptor(proto, method);
    if (d && typeof d.value === 'function') return `ok: ${String(d.value.apply(receiver, args))}`;
    proto = Object.getPrototypeOf(proto);
  }
  return 'RPC receiver does not implement the method';
}

const c = Counter.create();
console.log('own names of instance:', Object.getOwnPropertyNames(c).join(','));
console.log('own keys of instance:', Object.keys(c).join(','));
console.log('own names of Counter.prototype:', Object.getOwnPropertyNames(Counter.prototype).join(','));
console.log('own names of Base.prototype:', Object.getOwnPropertyNames(Base.prototype).join(','));
console.log('own names of Counter:', Object.getOwnPropertyNames(Counter).sort().join(','));
const d = Object.getOwnPropertyDescriptor(Counter.prototype, 'increment')!;
console.log('increment descriptor: writable', d.writable, 'enumerable', d.enumerable, 'configurable', d.configurable);
console.log('instance.increment === prototype.increment:', c.increment === Counter.prototype.increment);
console.log('hasOwn(instance, increment):', Object.prototype.hasOwnProperty.call(c, 'increment'));
console.log('for-in keys:', (() => {
  const ks: string[] = [];
  for (const k in c) ks.push(k);
  return ks.join(',');
})());
console.log('JSON:', JSON.stringify(c));
console.log('structuredClone keys:', Object.keys(structuredClone({ ...c, onEvent: undefined })).join(','));
console.log('prototype chain:', Object.getPrototypeOf(Counter.prototype) === Base.prototype, Object.getPrototypeOf(Counter) === Base);
for (const m of ['increment', 'baseMethod', 'onEvent', 'missing', 'double', 'constructor']) {
  console.log(`rpc ${m}:`, m === 'constructor' ? 'skipped' : rpcCall(c, m, 5));
}
c.fetchCount().then((n) => console.log('fetchCount:', n, 'instances:', Counter.instances));
