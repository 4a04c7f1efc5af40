// A minimal stand-in for the reflect-metadata package: metadata per (target, property key),
// looked up along the prototype chain like the real one.
type Key = string | symbol | undefined;
const store = new WeakMap<object, Map<Key, Map<unknown, unknown>>>();

function own(target: object, property: Key, create: boolean): Map<unknown, unknown> | undefined {
  let byProperty = store.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let entries = byProperty.get(property);
  if (!entries && create) {
    entries = new Map();
    byProperty.set(property, entries);
  }
  return entries;
}

const api = {
  defineMetadata(key: unknown, value: unknown, target: object, property?: Key) {
    own(target, property, true)!.set(key, value);
  },
  getOwnMetadata(key: unknown, target: object, property?: Key) {
    return own(target, property, false)?.get(key);
  },
  getMetadata(key: unknown, target: object, property?: Key): unknown {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
      const entries = own(t, property, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  },
  getMetadataKeys(target: object, property?: Key): unknown[] {
    const keys: unknown[] = [];
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
      for (const k of own(t, property, false)?.keys() ?? []) if (!keys.includes(k)) keys.push(k);
    }
    return keys;
  },
  metadata(key: unknown, value: unknown) {
    return (target: object, property?: Key) => api.defineMetadata(key, value, target, property);
  },
};

Object.assign(Reflect, api);

export type MetadataReflect = typeof Reflect & typeof api;
export const MetaReflect = Reflect as MetadataReflect;
