import * as __instts$rt from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$rt.site({"module":".","file":"input.ts","line":3,"function":"fetchOne","kind":"async"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$rt.site({"module":".","file":"input.ts","line":8,"function":"range","kind":"generator"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$rt.site({"module":".","file":"input.ts","line":13,"function":"stream","kind":"generator"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s3 = __instts$rt.site({"module":".","file":"input.ts","line":17,"function":"readIt","kind":"callback"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s4 = __instts$rt.site({"module":".","file":"input.ts","line":21,"function":"withDone","kind":"callback"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s5 = __instts$rt.site({"module":".","file":"input.ts","line":25,"function":"typedCallback","kind":"callback"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s6 = __instts$rt.site({"module":".","file":"input.ts","line":29,"function":"plain","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); import fs from 'node:fs';

export async function fetchOne(id: string) { const __instts$c = __instts$s0 !== void 0 && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; [id] = __instts$c.a; } try {
  await null;
  return __instts$rt.r(__instts$c, (id));
} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}

export function* range(n: number) { const __instts$c = __instts$s1 !== void 0 && __instts$s1.on ? __instts$s1.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; [n] = __instts$c.a; } try {
  for (let i = 0; i < n; i++) yield i;
  return __instts$rt.r(__instts$c, (n));
} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}

export async function* stream(n: number) { const __instts$c = __instts$s2 !== void 0 && __instts$s2.on ? __instts$s2.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; [n] = __instts$c.a; } try {
  for (let i = 0; i < n; i++) yield i;
} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}

export function readIt(path: string, cb: (err: Error | null, data?: string) => void) { const __instts$c = __instts$s3 !== void 0 && __instts$s3.on ? __instts$s3.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; [path, cb] = __instts$c.a; } try {
  fs.readFile(path, 'utf8', cb);
} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}

export function withDone(done: () => void) { const __instts$c = __instts$s4 !== void 0 && __instts$s4.on ? __instts$s4.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; [done] = __instts$c.a; } try {
  setTimeout(done, 0);
} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}

export function typedCallback(name: string, onResult: (err: unknown, value?: number) => void) { const __instts$c = __instts$s5 !== void 0 && __instts$s5.on ? __instts$s5.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; [name, onResult] = __instts$c.a; } try {
  onResult(null, name.length);
} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}

export function plain(x: number) { const __instts$c = __instts$s6 !== void 0 && __instts$s6.on ? __instts$s6.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; [x] = __instts$c.a; } try {
  return __instts$rt.r(__instts$c, (x));
} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}
