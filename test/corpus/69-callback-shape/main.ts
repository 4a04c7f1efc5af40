// Issue 17.3 (cases 1, 7, 26): a callback-kind function (last parameter `callback`/`cb`/`done`)
// receives, with an onExit hook listening, a watcher of its callback instead of the callback.
// The watcher must look like the callback: own properties (`done.fail`, Jasmine/mocha style) and
// writes to them, no `prototype` for arrows and methods, what `new cb()` does, `length`, `name`,
// the prototype chain, `this` of the call.

type Done = ((err?: unknown, value?: unknown) => void) & { fail?: (e: unknown) => void; tag?: string };

const log: string[] = [];

function inspect(label: string, done: Done) {
  log.push(
    `${label}: typeof=${typeof done} length=${done.length} name=${JSON.stringify(done.name)} fail=${typeof done.fail} tag=${done.tag} ` +
      `ownKeys=${Reflect.ownKeys(done).map(String).sort().join(',')} hasPrototype=${Object.prototype.hasOwnProperty.call(done, 'prototype')} ` +
      `protoIsFunctionPrototype=${Object.getPrototypeOf(done) === Function.prototype} instanceofFunction=${done instanceof Function}`,
  );
  if (done.fail) done.fail(new Error(`${label} failed through done.fail`));
  else done(null, label);
}

function construct(label: string, cb: Function) {
  try {
    const made = new (cb as new () => object)();
    log.push(`${label}: new cb() -> ${typeof made} instanceof cb=${made instanceof cb}`);
  } catch (e) {
    log.push(`${label}: new cb() threw ${(e as Error).constructor.name}: ${(e as Error).message.replace(/\S+ is not a constructor/, 'X is not a constructor')}`);
  }
}

function writeThrough(value: string, done: Done) {
  done.tag = value;
  done(null, value);
}

function callWithThis(receiver: object, callback: (this: unknown, err: null) => void) {
  callback.call(receiver, null);
}

const results: string[] = [];
const arrowDone: Done = (err, value) => results.push(`arrow done err=${err ?? 'none'} value=${value}`);
arrowDone.fail = (e) => results.push(`arrow fail: ${(e as Error).message}`);
arrowDone.tag = 'arrow-tag';
inspect('arrow with fail', arrowDone);

const plainDone: Done = function namedDone(err, value) {
  results.push(`function done err=${err ?? 'none'} value=${value}`);
};
inspect('function without fail', plainDone);

const holder = {
  method(err?: unknown, value?: unknown) {
    results.push(`method done err=${err ?? 'none'} value=${value}`);
  },
};
inspect('method', holder.method);

construct('arrow', (() => undefined) as unknown as Function);
function Ctor(this: { made: boolean }) {
  this.made = true;
}
construct('function', Ctor);

const tagged: Done = () => results.push(`tagged saw tag=${tagged.tag}`);
writeThrough('written-by-callee', tagged);
log.push(`tag after the call: ${tagged.tag}`);

callWithThis({ id: 'receiver' }, function (this: { id: string }) {
  results.push(`this in callback: ${this.id}`);
});

console.log(log.join('\n'));
console.log(results.join('\n'));
