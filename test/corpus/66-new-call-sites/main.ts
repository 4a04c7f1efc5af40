// Derived: `new` expressions wrapped as call sites (`"call": "events.EventEmitter"`, `"url.URL"`
// and the global `URL` in every-function.rules.json). What the program sees must not change: the
// object's class, prototype and own state, arguments (spread, none, no parentheses), a
// constructor that throws, chained member access on the new object, nesting, and a subclass of a
// wrapped constructor (not itself a call site) whose constructor reads `new.target`.
import events, { EventEmitter } from 'node:events';
import * as url from 'node:url';

const a = new EventEmitter();
const b = new events.EventEmitter;
const c = new events.EventEmitter({ captureRejections: true });
console.log('classes', a instanceof EventEmitter, Object.getPrototypeOf(b) === EventEmitter.prototype, c.constructor === EventEmitter);
a.on('x', (v: number) => console.log('a got', v));
console.log('emit', a.emit('x', 1), b.emit('x', 2), a.listenerCount('x'), b.listenerCount('x'));

class Bus extends EventEmitter {
  readonly made: string;
  constructor() {
    super();
    this.made = new.target.name;
  }
}
const bus = new Bus();
console.log('subclass', bus.made, bus instanceof Bus, bus instanceof EventEmitter);

const full = new URL('https://u:p@example.com:8080/a?b=1#c');
console.log('url', full.href, full.username, full.port, full.searchParams.get('b'), full.hash);
console.log('relative', new url.URL('/x/y', 'http://h').pathname, new URL(...(['z', 'http://h/a/'] as const)).href);
console.log('chained', new url.URL('http://h/p?q=2').searchParams.get('q'));
console.log('nested', new URL(new URL('http://h/a/').href + 'b').pathname);
try {
  new URL('not a url');
} catch (error) {
  const e = error as Error & { code?: string };
  console.log('throws', e instanceof TypeError, e.name, e.code);
}
const made = [1, 2].map((n) => new URL(`http://h/${n}`).pathname);
console.log('in a callback', made.join(' '));
