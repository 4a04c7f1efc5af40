import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../../../src/runtime/actions/trace.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":1,"function":"total","kind":"sync"}, [["traced", __instts$h0["trace"]({"kind":"internal","attributes":{"arg":"args[0]"}})]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":9,"function":"fetchOrder","kind":"async"}, [["traced", __instts$h0["trace"]({"kind":"internal","attributes":{"arg":"args[0]"}})]]); var __instts$s2 = __instts$site({"module":".","file":"input.ts","line":15,"function":"double","kind":"sync"}, [["traced", __instts$h0["trace"]({"kind":"internal","attributes":{"arg":"args[0]"}})]]); var __instts$s3 = __instts$site({"module":".","file":"input.ts","line":16,"function":"later","kind":"async"}, [["traced", __instts$h0["trace"]({"kind":"internal","attributes":{"arg":"args[0]"}})]]); var __instts$s4 = __instts$site({"module":".","file":"input.ts","line":19,"class":"Repo","function":"constructor","kind":"sync"}, [["traced", __instts$h0["trace"]({"kind":"internal","attributes":{"arg":"args[0]"}})]]); var __instts$s5 = __instts$site({"module":".","file":"input.ts","line":20,"class":"Repo","function":"find","kind":"sync"}, [["traced", __instts$h0["trace"]({"kind":"internal","attributes":{"arg":"args[0]"}})]]); var __instts$s6 = __instts$site({"module":".","file":"input.ts","line":23,"class":"Repo","function":"keys","kind":"generator"}, [["traced", __instts$h0["trace"]({"kind":"internal","attributes":{"arg":"args[0]"}})]]); var __instts$s7 = __instts$site({"module":".","file":"input.ts","line":29,"function":"legacy","kind":"sync"}, [["traced", __instts$h0["trace"]({"kind":"internal","attributes":{"arg":"args[0]"}})]]); export function total(items: number[], tax: number): number {
  'use strict'; const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; items = __instts$c.a[0]; tax = __instts$c.a[1]; } try { const __instts$f = { "total": () => {
  let sum = 0;
  for (const i of items) sum += i;
  if (sum === 0) return 0;
  return sum * (1 + tax);
}}["total"]; return __instts$c === void 0 ? __instts$f() : __instts$c.rx(__instts$c.k(__instts$f)); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

export async function fetchOrder(id: string) { const __instts$c = typeof __instts$s1 === "object" && __instts$s1.on ? __instts$s1.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; id = __instts$c.a[0]; __instts$c.sa(arguments); } try { const __instts$f = { "fetchOrder": async () => {
  const row = await Promise.resolve({ id, n: arguments.length });
  if (!row) return undefined;
  return row;
}}["fetchOrder"]; return __instts$c === void 0 ? await __instts$f() : __instts$c.r(await __instts$c.k(__instts$f)); } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}

export const double = (n: number) => { const __instts$c = typeof __instts$s2 === "object" && __instts$s2.on ? __instts$s2.enter(void 0, [n]) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; n = __instts$c.a[0]; } try { const __instts$f = { "double": () => (n * 2)}["double"]; return __instts$c === void 0 ? __instts$f() : __instts$c.rx(__instts$c.k(__instts$f)); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; } };
export const later = async (n: number) => { const __instts$c = typeof __instts$s3 === "object" && __instts$s3.on ? __instts$s3.enter(void 0, [n]) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; n = __instts$c.a[0]; } try { const __instts$f = { "later": async () => (({ n }))}["later"]; return __instts$c === void 0 ? await __instts$f() : __instts$c.r(await __instts$c.k(__instts$f)); } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } };

class Repo {
  constructor(private readonly name: string) { const __instts$c = typeof __instts$s4 === "object" && __instts$s4.on ? __instts$s4.enter(this, arguments) : void 0; if (__instts$c !== void 0) { __instts$c.r(this); if (__instts$c.p && !__instts$c.s) { name = __instts$c.a[0]; this.name = name; } } try {} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0) __instts$c.x(); }}
  find(key: string) { const __instts$c = typeof __instts$s5 === "object" && __instts$s5.on ? __instts$s5.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; key = __instts$c.a[0]; } try { const __instts$f = { "Repo.find": () => {
    return `${this.name}:${key}`;
  }}["Repo.find"]; return __instts$c === void 0 ? __instts$f() : __instts$c.rx(__instts$c.k(__instts$f)); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
  *keys() { const __instts$c = typeof __instts$s6 === "object" && __instts$s6.on ? __instts$s6.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    yield 'a';
  } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}
}

// A `var` re-declaring a parameter keeps the in-place form: in a closure it would be a new variable.
export function legacy(flag: boolean) { let __instts$c, __instts$v; if (typeof __instts$s7 === "object" && __instts$s7.on && (__instts$c = __instts$s7.e(this, arguments)) === 2) { __instts$s7.d--; return __instts$s7.v(); } try { if (__instts$c === 1) { flag = __instts$s7.a(0); }
  var flag;
  return (__instts$v = (0, flag), __instts$c === void 0 ? __instts$v : __instts$s7.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s7.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s7.d--; if (__instts$s7.t(__instts$e)) return __instts$s7.result(); } throw __instts$e; }}

export { Repo };
