// Case 2 (A): libraries pick a call signature from `fn.length` (passport-oauth2's state store,
// mongoose/hapi-style plugins). A wrapper with length 0 makes them pick the wrong one.

type Done = (err: Error | null, state?: string) => void;

// passport-oauth2 style: store(req, meta, done) if length 3, else store(req, done).
function callStore(store: { store: (...a: any[]) => void }, req: object, meta: object, done: Done) {
  const arity = store.store.length;
  if (arity === 3) store.store(req, meta, done);
  else store.store(req, done);
  return arity;
}

class SessionStore {
  private n = 0;
  store(req: object, meta: { provider: string }, done: Done) {
    done(null, `session-state#${++this.n} for ${meta.provider}`);
  }
}

const legacyStore = {
  store(req: object, done: Done) {
    done(null, 'legacy-state');
  },
};

const arrowStore = {
  store: (_req: object, meta: { provider: string }, done: Done) => done(null, `arrow-state ${meta.provider}`),
};

const restStore = {
  // length 0: the library falls back to store(req, done).
  store(...args: any[]) {
    const done = args[args.length - 1] as Done;
    done(null, `rest-state with ${args.length} args`);
  },
};

const defaultStore = {
  // length 1: `meta` has a default, so the 2-argument signature is chosen.
  store(req: object, done: Done | object = {}, maybeDone?: Done) {
    const cb = (typeof done === 'function' ? done : maybeDone) as Done;
    cb(null, `default-state (done is ${typeof done})`);
  },
};

const stores = {
  SessionStore: new SessionStore(),
  legacyStore,
  arrowStore,
  restStore,
  defaultStore,
};
for (const [name, s] of Object.entries(stores)) {
  const arity = callStore(s as any, { url: '/auth' }, { provider: 'github' }, (err, state) => {
    console.log(`${name}: length=${s.store.length} ->`, err ? `error ${err.message}` : state);
  });
  console.log(`${name}: dispatched with arity ${arity}`);
}

// Hapi/mocha-style: a function with a `done` parameter is callback-style, otherwise sync/promise.
function runHook(fn: (...a: any[]) => any, label: string): Promise<string> {
  if (fn.length >= 1) {
    return new Promise((resolve) => fn((v: string) => resolve(`${label}: callback-style -> ${v}`)));
  }
  return Promise.resolve(fn()).then((v) => `${label}: promise-style -> ${v}`);
}

function cbHook(done: (v: string) => void) {
  setImmediate(() => done('cb value'));
}
async function asyncHook() {
  return 'async value';
}
function syncHook() {
  return 'sync value';
}

Promise.all([runHook(cbHook, 'cbHook'), runHook(asyncHook, 'asyncHook'), runHook(syncHook, 'syncHook')]).then(
  (lines) => {
    for (const l of lines) console.log(l);
    console.log('lengths', cbHook.length, asyncHook.length, syncHook.length);
  },
);
