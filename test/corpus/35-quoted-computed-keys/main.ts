// Case 35 (F): quoted, computed, numeric, symbol and private method names, in classes and
// object literals: "it's", [Symbol.iterator], ['a-b'], #p, escapes, empty names; computed keys
// are evaluated exactly once.

let keyEvaluations = 0;
const counted = () => (keyEvaluations++, 'countedKey');

class K {
  "it's"() {
    return "it's";
  }
  'a-b'() {
    return 'a-b (quoted)';
  }
  ['c-d']() {
    return 'c-d (computed)';
  }
  [Symbol.iterator]() {
    return ['x', 'y'][Symbol.iterator]();
  }
  async *[Symbol.asyncIterator]() {
    yield 'async-it';
  }
  [Symbol.toPrimitive](hint: string) {
    return hint === 'number' ? 42 : `K as ${hint}`;
  }
  42() {
    return 'forty-two';
  }
  0.5() {
    return 'half';
  }
  ''() {
    return 'empty name';
  }
  'line\nbreak'() {
    return 'line break';
  }
  'quote"d'() {
    return 'double quote';
  }
  '\u0061bc'() {
    return 'escaped abc';
  }
  [`tpl${1 + 1}`]() {
    return 'template key';
  }
  [counted()]() {
    return 'counted';
  }
  get 'spaced getter'() {
    return 'spaced getter value';
  }
  static 'static quoted'() {
    return 'static quoted';
  }
  static ['static-' + 'computed']() {
    return 'static computed';
  }
  #p() {
    return '#p';
  }
  callPrivate() {
    return `${this.#p()} (${this.#p.name})`;
  }
}

const obj = {
  "it's"() {
    return "obj it's";
  },
  'a-b': () => 'obj a-b arrow',
  ['c' + '-d']: function () {
    return 'obj c-d function';
  },
  [Symbol.iterator]: function* () {
    yield 'obj-it';
  },
  7() {
    return 'obj seven';
  },
  get 'x y'() {
    return 'obj x y getter';
  },
  [counted()]() {
    return 'obj counted';
  },
  async 'async quoted'() {
    return 'obj async quoted';
  },
};

const k = new K() as any;
const protoKeys = Reflect.ownKeys(K.prototype).map((key) => (typeof key === 'symbol' ? key.toString() : JSON.stringify(key)));
console.log('prototype keys:', protoKeys.join(' '));
console.log('static keys:', Object.getOwnPropertyNames(K).filter((n) => !['length', 'name', 'prototype'].includes(n)).map((n) => JSON.stringify(n)).join(' '));
for (const key of ["it's", 'a-b', 'c-d', '42', '0.5', '', 'line\nbreak', 'quote"d', 'abc', 'tpl2', 'countedKey']) {
  console.log(`  ${JSON.stringify(key)} -> ${k[key]()} name=${JSON.stringify(k[key].name)}`);
}
console.log('iterator:', [...k].join(','), 'name:', k[Symbol.iterator].name);
console.log('toPrimitive:', +k, `${k}`, k[Symbol.toPrimitive].name);
console.log('spaced getter:', k['spaced getter']);
console.log('static:', (K as any)['static quoted'](), (K as any)['static-computed']());
console.log('private:', k.callPrivate());
console.log('object keys:', Reflect.ownKeys(obj).map(String).join(' | '));
const o = obj as any;
console.log('object calls:', o["it's"](), o['a-b'](), o['c-d'](), [...o].join(''), o[7](), o['x y'], o.countedKey());
console.log('object names:', [o["it's"].name, o['a-b'].name, o['c-d'].name, o[Symbol.iterator].name, o[7].name, o.countedKey.name].map((n) => JSON.stringify(n)).join(' '));
console.log('computed key evaluations:', keyEvaluations);
(async () => {
  for await (const v of k) console.log('async iterator:', v);
  console.log('async quoted:', await o['async quoted']());
})();
