import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":5,"class":"Counter","function":"increment","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":10,"class":"Counter","function":"create","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.ts","line":15,"class":"Counter","function":"#bump","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.ts","line":19,"class":"Counter","function":"#secret","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export class Counter {
  #count = 0;
  static instances = 0;

  increment(by = 1): number { let __instts$c, __instts$v; if (typeof __instts$s0 === "object" && __instts$s0.on && (__instts$c = __instts$s0.e(this, arguments)) === 2) { __instts$s0.d--; return __instts$s0.v(); } try { if (__instts$c === 1) { if (__instts$s0.ch(0)) by = __instts$s0.a(0) === void 0 ? (1) : __instts$s0.a(0); }
    this.#count += by;
    return (__instts$v = (0, this.#bump()), __instts$c === void 0 ? __instts$v : __instts$s0.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s0.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s0.d--; if (__instts$s0.t(__instts$e)) return __instts$s0.result(); } throw __instts$e; }}

  static create(): Counter { let __instts$c, __instts$v; if (typeof __instts$s1 === "object" && __instts$s1.on && (__instts$c = __instts$s1.e(this, arguments)) === 2) { __instts$s1.d--; return __instts$s1.v(); } try {
    Counter.instances++;
    return (__instts$v = (0, new this()), __instts$c === void 0 ? __instts$v : __instts$s1.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s1.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s1.d--; if (__instts$s1.t(__instts$e)) return __instts$s1.result(); } throw __instts$e; }}

  #bump(): number { let __instts$c, __instts$v; if (typeof __instts$s2 === "object" && __instts$s2.on && (__instts$c = __instts$s2.e(this, arguments)) === 2) { __instts$s2.d--; return __instts$s2.v(); } try {
    return (__instts$v = (0, this.#count), __instts$c === void 0 ? __instts$v : __instts$s2.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s2.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s2.d--; if (__instts$s2.t(__instts$e)) return __instts$s2.result(); } throw __instts$e; }}

  static #secret() { let __instts$c, __instts$v; if (typeof __instts$s3 === "object" && __instts$s3.on && (__instts$c = __instts$s3.e(this, arguments)) === 2) { __instts$s3.d--; return __instts$s3.v(); } try {
    return (__instts$v = (0, 42), __instts$c === void 0 ? __instts$v : __instts$s3.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s3.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s3.d--; if (__instts$s3.t(__instts$e)) return __instts$s3.result(); } throw __instts$e; }}
}
