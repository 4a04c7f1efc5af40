import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":3,"function":"fetchOne","kind":"async"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":8,"function":"range","kind":"generator"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.ts","line":13,"function":"stream","kind":"generator"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.ts","line":17,"function":"readIt","kind":"callback","callback":1}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s4 = __instts$site({"module":".","file":"input.ts","line":21,"function":"withDone","kind":"callback","callback":0}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s5 = __instts$site({"module":".","file":"input.ts","line":25,"function":"typedCallback","kind":"callback","callback":1}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s6 = __instts$site({"module":".","file":"input.ts","line":29,"function":"plain","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); import fs from 'node:fs';

export async function fetchOne(id: string) { const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; id = __instts$c.a[0]; } try {
  await null;
  return (__instts$v = (0, id), __instts$c === void 0 ? __instts$v : __instts$c.r(__instts$v));
} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}

export function* range(n: number) { const __instts$c = typeof __instts$s1 === "object" && __instts$s1.on ? __instts$s1.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; n = __instts$c.a[0]; } try {
  for (let i = 0; i < n; i++) yield i;
  return (__instts$v = (0, n), __instts$c === void 0 ? __instts$v : __instts$c.r(__instts$v));
} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}

export async function* stream(n: number) { const __instts$c = typeof __instts$s2 === "object" && __instts$s2.on ? __instts$s2.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; n = __instts$c.a[0]; } try {
  for (let i = 0; i < n; i++) yield i;
} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}

export function readIt(path: string, cb: (err: Error | null, data?: string) => void) { let __instts$c, __instts$v; if (typeof __instts$s3 === "object" && __instts$s3.on && (__instts$c = __instts$s3.e(this, arguments)) === 2) { __instts$s3.d--; return __instts$s3.v(); } try { if (__instts$c === 1) { if (__instts$s3.o()) cb = __instts$s3.a(1); else { path = __instts$s3.a(0); cb = __instts$s3.a(1); } }
  fs.readFile(path, 'utf8', cb);
; if (__instts$c !== void 0) return __instts$s3.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s3.d--; if (__instts$s3.t(__instts$e)) return __instts$s3.result(); } throw __instts$e; }}

export function withDone(done: () => void) { let __instts$c, __instts$v; if (typeof __instts$s4 === "object" && __instts$s4.on && (__instts$c = __instts$s4.e(this, arguments)) === 2) { __instts$s4.d--; return __instts$s4.v(); } try { if (__instts$c === 1) { if (__instts$s4.o()) done = __instts$s4.a(0); else { done = __instts$s4.a(0); } }
  setTimeout(done, 0);
; if (__instts$c !== void 0) return __instts$s4.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s4.d--; if (__instts$s4.t(__instts$e)) return __instts$s4.result(); } throw __instts$e; }}

export function typedCallback(name: string, onResult: (err: unknown, value?: number) => void) { let __instts$c, __instts$v; if (typeof __instts$s5 === "object" && __instts$s5.on && (__instts$c = __instts$s5.e(this, arguments)) === 2) { __instts$s5.d--; return __instts$s5.v(); } try { if (__instts$c === 1) { if (__instts$s5.o()) onResult = __instts$s5.a(1); else { name = __instts$s5.a(0); onResult = __instts$s5.a(1); } }
  onResult(null, name.length);
; if (__instts$c !== void 0) return __instts$s5.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s5.d--; if (__instts$s5.t(__instts$e)) return __instts$s5.result(); } throw __instts$e; }}

export function plain(x: number) { let __instts$c, __instts$v; if (typeof __instts$s6 === "object" && __instts$s6.on && (__instts$c = __instts$s6.e(this, arguments)) === 2) { __instts$s6.d--; return __instts$s6.v(); } try { if (__instts$c === 1) { x = __instts$s6.a(0); }
  return (__instts$v = (0, x), __instts$c === void 0 ? __instts$v : __instts$s6.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s6.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s6.d--; if (__instts$s6.t(__instts$e)) return __instts$s6.result(); } throw __instts$e; }}
