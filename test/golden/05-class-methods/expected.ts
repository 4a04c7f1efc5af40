import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":5,"class":"Counter","function":"increment","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":10,"class":"Counter","function":"create","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.ts","line":15,"class":"Counter","function":"#bump","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.ts","line":19,"class":"Counter","function":"#secret","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export class Counter {
  #count = 0;
  static instances = 0;

  increment(by = 1): number { const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; by = __instts$c.a[0] === void 0 ? (1) : __instts$c.a[0]; } try {
    this.#count += by;
    return (__instts$v = (0, this.#bump()), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

  static create(): Counter { const __instts$c = typeof __instts$s1 === "object" && __instts$s1.on ? __instts$s1.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    Counter.instances++;
    return (__instts$v = (0, new this()), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

  #bump(): number { const __instts$c = typeof __instts$s2 === "object" && __instts$s2.on ? __instts$s2.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    return (__instts$v = (0, this.#count), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

  static #secret() { const __instts$c = typeof __instts$s3 === "object" && __instts$s3.on ? __instts$s3.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    return (__instts$v = (0, 42), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
}
