import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":1,"function":"add","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":6,"function":"noReturn","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.ts","line":12,"function":"hoisted","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.ts","line":16,"function":"empty","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export function add(a: number, b: number): number { const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; a = __instts$c.a[0]; b = __instts$c.a[1]; } try {
  if (a < 0) return (__instts$v = (0, -1), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
  return (__instts$v = (0, a + b), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

function noReturn(label: string): void { const __instts$c = typeof __instts$s1 === "object" && __instts$s1.on ? __instts$s1.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; label = __instts$c.a[0]; } try {
  console.log(label);
; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

// Hoisting: called before its declaration.
hoisted();
function hoisted() { const __instts$c = typeof __instts$s2 === "object" && __instts$s2.on ? __instts$s2.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; __instts$c.sa(arguments); } try {
  return (__instts$v = (0, typeof arguments), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

function empty() { const __instts$c = typeof __instts$s3 === "object" && __instts$s3.on ? __instts$s3.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

noReturn('x');
