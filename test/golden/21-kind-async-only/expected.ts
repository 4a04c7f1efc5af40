import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":1,"function":"fetchOne","kind":"async"}, [["async-only", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":17,"function":"lazy","kind":"async"}, [["async-only", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export async function fetchOne(id: string) { const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; id = __instts$c.a[0]; } try {
  return (__instts$v = (0, id), __instts$c === void 0 ? __instts$v : __instts$c.r(__instts$v));
} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}

export function* range(n: number) {
  yield n;
}

export function readIt(path: string, callback: (err: Error | null) => void) {
  callback(null);
}

export function plain(x: number) {
  return x;
}

export const lazy = async () => { const __instts$c = typeof __instts$s1 === "object" && __instts$s1.on ? __instts$s1.enter(void 0, []) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try { return (__instts$v = (0, 1), __instts$c === void 0 ? __instts$v : __instts$c.r(__instts$v)); } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } };
