import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":3,"class":"Box","function":"value","kind":"sync"}, [["get-value", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":6,"class":"Box","function":"value","kind":"sync"}, [["get-value", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export class Box {
  #v = 0;
  get value(): number { let __instts$c, __instts$v; if (typeof __instts$s0 === "object" && __instts$s0.on && (__instts$c = __instts$s0.e(this, arguments)) === 2) { __instts$s0.d--; return __instts$s0.v(); } try {
    return (__instts$v = (0, this.#v), __instts$c === void 0 ? __instts$v : __instts$s0.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s0.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s0.d--; if (__instts$s0.t(__instts$e)) return __instts$s0.result(); } throw __instts$e; }}
  set value(v: number) { let __instts$c, __instts$v; if (typeof __instts$s1 === "object" && __instts$s1.on && (__instts$c = __instts$s1.e(this, arguments)) === 2) { __instts$s1.d--; return __instts$s1.v(); } try { if (__instts$c === 1) { v = __instts$s1.a(0); }
    this.#v = v;
  ; if (__instts$c !== void 0) return __instts$s1.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s1.d--; if (__instts$s1.t(__instts$e)) return __instts$s1.result(); } throw __instts$e; }}
  other() {
    return 1;
  }
}

export const literal = {
  _x: 1,
  get value() {
    return this._x;
  },
};
