// Case 43 (G): newer syntax the parser must handle: import attributes
// (`with { type: 'json' }`), dynamic import with attributes, and recent operators.
// (`using` and decorators have their own programs: 55-using-declarations, 56-standard-decorators,
// 06-nest-roles-guard, 47-decorator-metadata.)
import data from './data.json' with { type: 'json' };

function limits() {
  return data.limits.qps;
}

class Config {
  static #instances = 0;
  static {
    Config.#instances = 0;
  }
  values: Record<string, unknown> = {};
  constructor() {
    Config.#instances++;
  }
  set(key: string, value: unknown) {
    this.values[key] ??= value;
    this.values.count ||= 0;
    (this.values as { count: number }).count += 1;
    return this;
  }
  static has(o: object) {
    return #instances in o;
  }
}

console.log('json:', data.service, limits(), data.tags.join('+'));
const c = new Config().set('a', 1).set('a', 2);
console.log('operators:', JSON.stringify(c.values), Config.has(Config), Config.has(c));
console.log('array methods:', [1, 2, 3].at(-1), [3, 1, 2].toSorted().join(','));
console.log('regexp v flag:', /[\p{L}--[a-z]]/v.test('A'), /[\p{L}--[a-z]]/v.test('a'));
import('./lazy.json', { with: { type: 'json' } }).then((m) => console.log('dynamic json:', JSON.stringify(m.default)));
