// Case 14 (B): arrows evaluated inside `super(...)` arguments, arrows created before `super()`
// that read `this` later, and the ReferenceError for reading `this` before `super()`.

class List {
  items: number[];
  constructor(items: number[], public label = 'list') {
    this.items = items;
  }
}

class Doubled extends List {
  constructor(xs: number[]) {
    super(xs.map((x) => x * 2));
  }
}

class Filtered extends List {
  size: () => number;
  constructor(xs: number[]) {
    const later = () => this.items.length; // reads `this` only when called, after super()
    super(
      xs.filter((x) => x > 1),
      [1, 2].map(function (n) {
        return `f${n}`;
      }).join('+'),
    );
    this.size = later;
  }
}

class Spread extends List {
  constructor(...args: [number[], string?]) {
    super(...args);
  }
}

class Early extends List {
  constructor() {
    const peek = () => this;
    let message = 'no error';
    try {
      peek();
    } catch (e) {
      message = `${(e as Error).constructor.name}: ${(e as Error).message}`;
    }
    super([message.length]);
    this.label = message;
  }
}

class Conditional extends List {
  constructor(flag: boolean) {
    if (flag) {
      super([1], 'branch-a');
    } else {
      super([2, 2], 'branch-b');
    }
  }
}

const d = new Doubled([1, 2, 3]);
console.log('Doubled:', d.items.join(','), d.label);
const f = new Filtered([1, 2, 3]);
console.log('Filtered:', f.items.join(','), f.label, 'size()', f.size());
const sp = new Spread([9], 'spread-label');
console.log('Spread:', sp.items.join(','), sp.label);
const e = new Early();
console.log('Early:', e.label);
console.log('Conditional:', new Conditional(true).label, new Conditional(false).items.join(','));
