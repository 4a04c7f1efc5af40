// Case 33 (F): early returns before `let`/`const` declarations: nothing may read the later
// bindings while they are still in their temporal dead zone (TDZ), and real TDZ errors stay.

function f(c: boolean) {
  if (c) return 1;
  let x = 2;
  return x;
}

function g(c: boolean) {
  if (c) return 'early';
  const y = 'computed';
  const z = () => y;
  return z();
}

function switchScope(k: number) {
  switch (k) {
    case 1:
      return 'one';
    case 2: {
      const v = 'two';
      return v;
    }
    default:
      let d = 'default';
      return d;
  }
}

function closureBeforeInit() {
  const read = () => x;
  try {
    return read();
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  } finally {
    // x is initialised only after the return value was computed
  }
  // eslint-disable-next-line no-unreachable
  let x = 'never';
}

function classAfterReturn(c: boolean) {
  if (c) return 'early-class';
  class Local {
    v = 'local';
  }
  return new Local().v;
}

function loopReturn(items: number[]) {
  for (const item of items) {
    if (item > 1) return `found ${item}`;
    const doubled = item * 2;
    if (doubled > 100) return 'never';
  }
  const none = 'none';
  return none;
}

const arrow = (c: boolean) => {
  if (c) return 'arrow-early';
  const late = 'arrow-late';
  return late;
};

async function asyncEarly(c: boolean) {
  if (c) return 'async-early';
  const v = await Promise.resolve('async-late');
  return v;
}

console.log('f:', f(true), f(false));
console.log('g:', g(true), g(false));
console.log('switch:', switchScope(1), switchScope(2), switchScope(3));
console.log('closure before init:', closureBeforeInit());
console.log('class after return:', classAfterReturn(true), classAfterReturn(false));
console.log('loop:', loopReturn([1, 2]), loopReturn([1]));
console.log('arrow:', arrow(true), arrow(false));
Promise.all([asyncEarly(true), asyncEarly(false)]).then((v) => console.log('async:', v.join(',')));
