import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":4,"class":"C","function":"m","kind":"sync"}, [["c-m", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":8,"class":"D","function":"m","kind":"sync"}, [["d-all", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.ts","line":12,"class":"D","function":"n","kind":"sync"}, [["d-all", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.ts","line":16,"class":"D","function":"o","kind":"sync"}, [["d-all", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s4 = __instts$site({"module":".","file":"input.ts","line":20,"class":"D","function":"p","kind":"sync"}, [["d-all", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s5 = __instts$site({"module":".","file":"input.ts","line":24,"class":"D","function":"q","kind":"sync"}, [["d-all", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export class C {}
export class D {}

(C.prototype as any).m = function () { let __instts$c, __instts$v; if (typeof __instts$s0 === "object" && __instts$s0.on && (__instts$c = __instts$s0.e(this, arguments)) === 2) { __instts$s0.d--; return __instts$s0.v(); } try {
  return (__instts$v = (0, 'C.m'), __instts$c === void 0 ? __instts$v : __instts$s0.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s0.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s0.d--; if (__instts$s0.t(__instts$e)) return __instts$s0.result(); } throw __instts$e; }};

(D as any).prototype.m = function () { let __instts$c, __instts$v; if (typeof __instts$s1 === "object" && __instts$s1.on && (__instts$c = __instts$s1.e(this, arguments)) === 2) { __instts$s1.d--; return __instts$s1.v(); } try {
  return (__instts$v = (0, 'D.m'), __instts$c === void 0 ? __instts$v : __instts$s1.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s1.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s1.d--; if (__instts$s1.t(__instts$e)) return __instts$s1.result(); } throw __instts$e; }};

(D.prototype!).n = function () { let __instts$c, __instts$v; if (typeof __instts$s2 === "object" && __instts$s2.on && (__instts$c = __instts$s2.e(this, arguments)) === 2) { __instts$s2.d--; return __instts$s2.v(); } try {
  return (__instts$v = (0, 'D.n'), __instts$c === void 0 ? __instts$v : __instts$s2.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s2.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s2.d--; if (__instts$s2.t(__instts$e)) return __instts$s2.result(); } throw __instts$e; }};

(<any>D).prototype.o = function () { let __instts$c, __instts$v; if (typeof __instts$s3 === "object" && __instts$s3.on && (__instts$c = __instts$s3.e(this, arguments)) === 2) { __instts$s3.d--; return __instts$s3.v(); } try {
  return (__instts$v = (0, 'D.o'), __instts$c === void 0 ? __instts$v : __instts$s3.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s3.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s3.d--; if (__instts$s3.t(__instts$e)) return __instts$s3.result(); } throw __instts$e; }};

((D as any).prototype satisfies object as any).p = function () { let __instts$c, __instts$v; if (typeof __instts$s4 === "object" && __instts$s4.on && (__instts$c = __instts$s4.e(this, arguments)) === 2) { __instts$s4.d--; return __instts$s4.v(); } try {
  return (__instts$v = (0, 'D.p'), __instts$c === void 0 ? __instts$v : __instts$s4.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s4.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s4.d--; if (__instts$s4.t(__instts$e)) return __instts$s4.result(); } throw __instts$e; }};

((D.prototype as any).q as unknown) = function () { let __instts$c, __instts$v; if (typeof __instts$s5 === "object" && __instts$s5.on && (__instts$c = __instts$s5.e(this, arguments)) === 2) { __instts$s5.d--; return __instts$s5.v(); } try {
  return (__instts$v = (0, 'D.q'), __instts$c === void 0 ? __instts$v : __instts$s5.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s5.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s5.d--; if (__instts$s5.t(__instts$e)) return __instts$s5.result(); } throw __instts$e; }};
