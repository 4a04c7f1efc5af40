import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":1,"function":"add","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":6,"function":"noReturn","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.ts","line":12,"function":"hoisted","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.ts","line":16,"function":"empty","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export function add(a: number, b: number): number { let __instts$c, __instts$v; if (typeof __instts$s0 === "object" && __instts$s0.on && (__instts$c = __instts$s0.e(this, arguments)) === 2) { __instts$s0.d--; return __instts$s0.v(); } try { if (__instts$c === 1) { a = __instts$s0.a(0); b = __instts$s0.a(1); }
  if (a < 0) return (__instts$v = (0, -1), __instts$c === void 0 ? __instts$v : __instts$s0.rx(__instts$v));
  return (__instts$v = (0, a + b), __instts$c === void 0 ? __instts$v : __instts$s0.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s0.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s0.d--; if (__instts$s0.t(__instts$e)) return __instts$s0.result(); } throw __instts$e; }}

function noReturn(label: string): void { let __instts$c, __instts$v; if (typeof __instts$s1 === "object" && __instts$s1.on && (__instts$c = __instts$s1.e(this, arguments)) === 2) { __instts$s1.d--; return __instts$s1.v(); } try { if (__instts$c === 1) { label = __instts$s1.a(0); }
  console.log(label);
; if (__instts$c !== void 0) return __instts$s1.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s1.d--; if (__instts$s1.t(__instts$e)) return __instts$s1.result(); } throw __instts$e; }}

// Hoisting: called before its declaration.
hoisted();
function hoisted() { let __instts$c, __instts$v; if (typeof __instts$s2 === "object" && __instts$s2.on && (__instts$c = __instts$s2.e(this, arguments)) === 2) { __instts$s2.d--; return __instts$s2.v(); } try { if (__instts$c === 1) { __instts$s2.sa(arguments); }
  return (__instts$v = (0, typeof arguments), __instts$c === void 0 ? __instts$v : __instts$s2.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s2.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s2.d--; if (__instts$s2.t(__instts$e)) return __instts$s2.result(); } throw __instts$e; }}

function empty() { let __instts$c, __instts$v; if (typeof __instts$s3 === "object" && __instts$s3.on && (__instts$c = __instts$s3.e(this, arguments)) === 2) { __instts$s3.d--; return __instts$s3.v(); } try {; if (__instts$c !== void 0) return __instts$s3.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s3.d--; if (__instts$s3.t(__instts$e)) return __instts$s3.result(); } throw __instts$e; }}

noReturn('x');
