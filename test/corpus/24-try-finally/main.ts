// Case 24 (C): try/finally semantics: `finally` runs once and does not change the returned value
// unless it returns (or throws) itself; exceptions swallowed by `finally { return }` stay
// swallowed; loops with break/continue through finally.

const log: string[] = [];
function g(tag: string) {
  log.push(`g(${tag})`);
}

function returnsTrue() {
  try {
    return true;
  } finally {
    g('returnsTrue');
  }
}
function finallyOverrides() {
  try {
    return 1;
  } finally {
    // eslint-disable-next-line no-unsafe-finally
    return 2;
  }
}
function finallySwallows() {
  try {
    throw new Error('lost');
  } finally {
    // eslint-disable-next-line no-unsafe-finally
    return 'swallowed';
  }
}
function finallyThrows() {
  try {
    return 'never seen';
  } finally {
    // eslint-disable-next-line no-unsafe-finally
    throw new Error('thrown from finally');
  }
}
function catchReturns() {
  try {
    throw new Error('inner');
  } catch (e) {
    return `caught ${(e as Error).message}`;
  } finally {
    g('catchReturns');
  }
}
function valueCapturedBeforeFinally() {
  let x = 1;
  try {
    return x;
  } finally {
    x = 2;
    g(`x=${x}`);
  }
}
function objectMutatedInFinally() {
  const o = { mutated: false };
  try {
    return o;
  } finally {
    o.mutated = true;
  }
}
function loops() {
  const seen: number[] = [];
  for (let i = 0; i < 5; i++) {
    try {
      if (i === 1) continue;
      if (i === 3) break;
      seen.push(i);
    } finally {
      seen.push(100 + i);
    }
  }
  return seen.join(',');
}
function labeled() {
  let out = 'start';
  block: try {
    out += '>try';
    break block;
  } finally {
    out += '>finally';
  }
  return out + '>end';
}
function nested() {
  try {
    try {
      return 'inner';
    } finally {
      g('nested-inner');
    }
  } finally {
    g('nested-outer');
  }
}
async function asyncFinally() {
  try {
    return await Promise.reject(new Error('rejected'));
  } catch {
    return 'recovered';
  } finally {
    g('asyncFinally');
  }
}
function* genFinally() {
  try {
    yield 1;
    yield 2;
  } finally {
    g('genFinally');
  }
}

console.log('returnsTrue:', returnsTrue());
console.log('finallyOverrides:', finallyOverrides());
console.log('finallySwallows:', finallySwallows());
try {
  finallyThrows();
} catch (e) {
  console.log('finallyThrows:', (e as Error).message);
}
console.log('catchReturns:', catchReturns());
console.log('valueCapturedBeforeFinally:', valueCapturedBeforeFinally());
console.log('objectMutatedInFinally:', objectMutatedInFinally().mutated);
console.log('loops:', loops());
console.log('labeled:', labeled());
console.log('nested:', nested());
const it = genFinally();
console.log('gen next:', JSON.stringify(it.next()), 'return:', JSON.stringify(it.return(9)));
asyncFinally().then((v) => {
  console.log('asyncFinally:', v);
  console.log('log:', log.join(' '));
});
