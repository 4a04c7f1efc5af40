// immer 11 (ES modules and CommonJS; Proxies and getters/setters over drafts, class instances
// marked immerable, Map/Set drafts, patches, auto-freezing): produce with every kind of update,
// curried producers, patches and their inverses, original/current, returning replacements,
// nothing, and the errors for misuse.

import { applyPatches, castDraft, current, enableMapSet, enablePatches, freeze, immerable, isDraft, nothing, original, produce, produceWithPatches, Immer, createDraft, finishDraft } from 'immer';

enableMapSet();
enablePatches();

const out = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value, (_k, v) => (v instanceof Map ? { map: [...v] } : v instanceof Set ? { set: [...v] } : v)));

interface Todo {
  id: number;
  title: string;
  done: boolean;
  tags: string[];
}
const base: { todos: Todo[]; meta: { count: number; owner: { name: string } } } = {
  todos: [
    { id: 1, title: 'write', done: false, tags: ['a'] },
    { id: 2, title: 'test', done: true, tags: [] },
  ],
  meta: { count: 2, owner: { name: 'ada' } },
};

const next = produce(base, (draft) => {
  draft.todos[0]!.done = true;
  draft.todos.push({ id: 3, title: 'ship', done: false, tags: ['b'] });
  draft.meta.count = draft.todos.length;
  out('inside: isDraft/original/current', [isDraft(draft.todos), original(draft.meta)!.count, current(draft.meta).count]);
});
out('produce', next);
out('structural sharing', [next !== base, next.todos[1] === base.todos[1], next.meta.owner === base.meta.owner, base.todos[0]!.done]);
out('frozen', [Object.isFrozen(next), Object.isFrozen(next.todos[0]), Object.isFrozen(base)]);
out('no change returns base', produce(base, () => {}) === base);
out('replacement', produce(base, () => ({ todos: [], meta: { count: 0, owner: { name: 'none' } } })));
out('nothing', produce({ a: 1 } as { a: number } | undefined, () => nothing));
const toggle = produce((draft: Todo[], id: number) => {
  const todo = draft.find((t) => t.id === id);
  if (todo) todo.done = !todo.done;
});
out('curried', toggle(base.todos, 2));
out('array ops', produce([1, 2, 3, 4, 5], (d) => {
  d.splice(1, 2, 9);
  d.reverse();
  d.sort((a, b) => a - b);
  d.length = 3;
}));

class Point {
  [immerable] = true;
  constructor(public x: number, public y: number) {}
  get length() {
    return Math.hypot(this.x, this.y);
  }
  moved(dx: number) {
    return produce(this, (d) => {
      d.x += dx;
    });
  }
}
const p = new Point(3, 4);
const p2 = p.moved(3);
out('immerable class', [p2 instanceof Point, p2.x, p2.length, p.x, Object.getPrototypeOf(p2) === Point.prototype]);

const withCollections = { m: new Map([['a', { n: 1 }]]), s: new Set([1, 2]) };
const collections = produce(withCollections, (d) => {
  d.m.get('a')!.n++;
  d.m.set('b', { n: 5 });
  d.s.add(3);
  d.s.delete(1);
});
out('map/set', [collections, withCollections.m.get('a')!.n, collections.m instanceof Map]);

const [patched, patches, inverse] = produceWithPatches(base, (draft) => {
  draft.meta.owner.name = 'grace';
  draft.todos.splice(0, 1);
  delete (draft.meta as Partial<typeof draft.meta>).count;
});
out('patches', [patches, inverse]);
out('applyPatches', [JSON.stringify(applyPatches(base, patches)) === JSON.stringify(patched), JSON.stringify(applyPatches(patched, inverse)) === JSON.stringify(base)]);

const draft = createDraft({ list: [1] });
draft.list.push(2);
out('createDraft/finishDraft', finishDraft(draft));
const loose = new Immer({ autoFreeze: false });
const unfrozen = loose.produce({ a: { b: 1 } }, (d) => {
  d.a.b = 2;
});
out('autoFreeze off', [Object.isFrozen(unfrozen), unfrozen.a.b]);
out('freeze deep', Object.isFrozen(freeze({ x: { y: 1 } }, true).x));
out('castDraft', castDraft([1]).length);

for (const misuse of [
  () => produce(base, (d) => { d.meta.count = 5; return { other: true } as never; }),
  () => { let leaked: any; produce(base, (d) => { leaked = d; }); return leaked.meta.count; },
  () => produce(next, (d) => { (Object as any).defineProperty(d, 'x', { value: 1 }); }),
]) {
  try {
    out('no error', misuse());
  } catch (e) {
    out('error', (e as Error).message.split('\n')[0]);
  }
}

// The result is final when produce returns: later code sees it frozen.
const settled = produce(base, (d) => {
  d.meta.count = 99;
});
Promise.resolve().then(() => out('after a microtask', [settled.meta.count, Object.isFrozen(settled.meta)]));
