import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":9,"class":"api","function":"hello","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":12,"class":"api","function":"load","kind":"async"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.ts","line":15,"class":"api","function":"handler","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.ts","line":18,"class":"api","function":"arrow","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s4 = __instts$site({"module":".","file":"input.ts","line":19,"class":"api","function":"items","kind":"generator"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); const base = {
  hello() {
    return 'base';
  },
};

export const api = {
  __proto__: base,
  hello() { let __instts$c, __instts$v; if (typeof __instts$s0 === "object" && __instts$s0.on && (__instts$c = __instts$s0.e(this, arguments)) === 2) { __instts$s0.d--; return __instts$s0.v(); } try {
    return (__instts$v = (0, 'api+' + super.hello()), __instts$c === void 0 ? __instts$v : __instts$s0.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s0.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s0.d--; if (__instts$s0.t(__instts$e)) return __instts$s0.result(); } throw __instts$e; }},
  async load(id: string) { const __instts$c = typeof __instts$s1 === "object" && __instts$s1.on ? __instts$s1.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; id = __instts$c.a[0]; } try {
    return (__instts$v = (0, { id }), __instts$c === void 0 ? __instts$v : __instts$c.r(__instts$v));
  } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }},
  handler: function (x: number) { let __instts$c, __instts$v; if (typeof __instts$s2 === "object" && __instts$s2.on && (__instts$c = __instts$s2.e(this, arguments)) === 2) { __instts$s2.d--; return __instts$s2.v(); } try { if (__instts$c === 1) { x = __instts$s2.a(0); }
    return (__instts$v = (0, x), __instts$c === void 0 ? __instts$v : __instts$s2.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s2.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s2.d--; if (__instts$s2.t(__instts$e)) return __instts$s2.result(); } throw __instts$e; }},
  arrow: (x: number) => { let __instts$c, __instts$v; if (typeof __instts$s3 === "object" && __instts$s3.on && (__instts$c = __instts$s3.e(void 0, [x])) === 2) { __instts$s3.d--; return __instts$s3.v(); } try { if (__instts$c === 1) { x = __instts$s3.a(0); } return (__instts$v = (0, x), __instts$c === void 0 ? __instts$v : __instts$s3.rx(__instts$v)); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s3.d--; if (__instts$s3.t(__instts$e)) return __instts$s3.result(); } throw __instts$e; } },
  *items() { const __instts$c = typeof __instts$s4 === "object" && __instts$s4.on ? __instts$s4.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    yield 1;
  } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }},
};
