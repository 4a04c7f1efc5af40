// `new` call sites at run time: `cn` constructs through the hooks exactly as `new` would.

import { describe, expect, it } from 'vitest';
import type { HookContext } from '../src/runtime/context.js';
import { cn, site } from '../src/runtime/index.js';

type Hook = (ctx: HookContext) => void;
let line = 0;
function newSite(onEnter?: Hook, onExit?: Hook) {
  return site({ module: '.', file: 'new.ts', line: ++line, function: 'Point', kind: 'call' }, [['r', onEnter, onExit]]);
}

class Point {
  readonly target: unknown;
  constructor(
    readonly x: number,
    readonly y = 0,
  ) {
    if (x < 0) throw new RangeError('negative');
    this.target = new.target;
  }
}
const ns = { Point };

describe('new call sites (cn)', () => {
  it('constructs the same object as new, with new.target the constructor', () => {
    const exits: HookContext[] = [];
    const s = newSite(undefined, (ctx) => exits.push(ctx));
    const p = cn(s, ns, 'Point', 3, 4) as Point;
    expect(p).toBeInstanceOf(Point);
    expect([p.x, p.y, p.target]).toEqual([3, 4, Point]);
    const q = cn(s, Point, null, 5) as Point;
    expect([q.x, q.y]).toEqual([5, 0]);
    expect(exits.map((c) => [c.result, c.self, c.threw])).toEqual([
      [p, undefined, false],
      [q, undefined, false],
    ]);
  });

  it('passes the arguments onEnter changed, and onExit may replace the object', () => {
    const s = newSite(
      (ctx) => (ctx.args[0] = 7),
      (ctx) => ctx.setResult({ replaced: (ctx.result as Point).x }),
    );
    expect(cn(s, ns, 'Point', 1)).toEqual({ replaced: 7 });
  });

  it('a throwing constructor reaches onExit and is rethrown unchanged', () => {
    const seen: unknown[] = [];
    const s = newSite(undefined, (ctx) => seen.push(ctx.threw, ctx.error));
    expect(() => cn(s, ns, 'Point', -1)).toThrow(RangeError);
    expect(seen[0]).toBe(true);
    expect(seen[1]).toBeInstanceOf(RangeError);
  });

  it('a skip answers without constructing', () => {
    let constructed = 0;
    function Legacy(this: { n: number }) {
      constructed++;
      this.n = 1;
    }
    const s = newSite((ctx) => ctx.skip('stub'));
    expect(cn(s, Legacy, null)).toBe('stub');
    expect(constructed).toBe(0);
  });

  it('without a site, or with no hook on, it is plain new (function constructors, errors alike)', () => {
    function Legacy(this: { n: number }, n: number) {
      this.n = n;
    }
    const a = cn(undefined, Legacy, null, 2) as { n: number };
    expect(a).toBeInstanceOf(Legacy);
    expect(a.n).toBe(2);
    const arrow = (() => undefined) as unknown as new () => unknown;
    expect(() => cn(undefined, arrow, null)).toThrow(TypeError);
    expect(() =>
      cn(
        newSite(undefined, () => undefined),
        arrow,
        null,
      ),
    ).toThrow(TypeError);
  });
});
