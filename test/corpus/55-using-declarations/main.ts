// Explicit resource management (case 43, newer syntax): `using` and `await using` dispose in
// reverse order at scope exit, on return and on throw; errors thrown while disposing are
// reported as SuppressedError.

const log: string[] = [];

class Resource {
  constructor(public name: string, private failOnDispose = false) {
    log.push(`open ${name}`);
  }
  [Symbol.dispose]() {
    log.push(`dispose ${this.name}`);
    if (this.failOnDispose) throw new Error(`dispose of ${this.name} failed`);
  }
}

function useTwo() {
  using a = new Resource('a');
  using b = new Resource('b');
  log.push(`body uses ${a.name}+${b.name}`);
  return 'useTwo result';
}

function throwsInBody() {
  using r = new Resource('t');
  log.push(`body with ${r.name}`);
  throw new Error('body threw');
}

function throwsInBodyAndDispose() {
  using r = new Resource('both', true);
  log.push(`body with ${r.name}`);
  throw new Error('body failed too');
}

function earlyReturn(flag: boolean) {
  using first = new Resource('first');
  if (flag) return `early with ${first.name}`;
  using second = new Resource('second');
  return `late with ${second.name}`;
}

function nullIsAllowed() {
  using nothing = null;
  return `null resource: ${nothing}`;
}

async function asyncUse() {
  await using conn = {
    async [Symbol.asyncDispose]() {
      await null;
      log.push('async dispose conn');
    },
  };
  using sync = new Resource('sync-in-async');
  log.push(`async body ${typeof conn} ${sync.name}`);
  return 'asyncUse result';
}

log.push(useTwo());
try {
  throwsInBody();
} catch (e) {
  log.push(`caught ${(e as Error).message}`);
}
try {
  throwsInBodyAndDispose();
} catch (e) {
  const err = e as Error & { error?: Error; suppressed?: Error };
  log.push(`caught ${err.name}: error=${err.error?.message} suppressed=${err.suppressed?.message}`);
}
log.push(earlyReturn(true));
log.push(earlyReturn(false));
log.push(nullIsAllowed());
asyncUse().then((v) => {
  log.push(v);
  for (const l of log) console.log(l);
});
