import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.js","line":6,"class":"Legacy","function":"greet","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.js","line":10,"class":"Legacy","function":"say-bye","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.js","line":14,"class":"Legacy","function":"create","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export function Legacy(name) {
  if (!(this instanceof Legacy)) return new Legacy(name);
  this.name = name;
}

Legacy.prototype.greet = function (greeting) { let __instts$c, __instts$v; if (typeof __instts$s0 === "object" && __instts$s0.on && (__instts$c = __instts$s0.e(this, arguments)) === 2) { __instts$s0.d--; return __instts$s0.v(); } try { if (__instts$c === 1) { greeting = __instts$s0.a(0); }
  return (__instts$v = (0, greeting + ', ' + this.name), __instts$c === void 0 ? __instts$v : __instts$s0.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s0.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s0.d--; if (__instts$s0.t(__instts$e)) return __instts$s0.result(); } throw __instts$e; }};

Legacy.prototype['say-bye'] = function () { let __instts$c, __instts$v; if (typeof __instts$s1 === "object" && __instts$s1.on && (__instts$c = __instts$s1.e(this, arguments)) === 2) { __instts$s1.d--; return __instts$s1.v(); } try {
  return (__instts$v = (0, 'bye ' + this.name), __instts$c === void 0 ? __instts$v : __instts$s1.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s1.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s1.d--; if (__instts$s1.t(__instts$e)) return __instts$s1.result(); } throw __instts$e; }};

Legacy.create = function (name) { let __instts$c, __instts$v; if (typeof __instts$s2 === "object" && __instts$s2.on && (__instts$c = __instts$s2.e(this, arguments)) === 2) { __instts$s2.d--; return __instts$s2.v(); } try { if (__instts$c === 1) { name = __instts$s2.a(0); }
  return (__instts$v = (0, new Legacy(name)), __instts$c === void 0 ? __instts$v : __instts$s2.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s2.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s2.d--; if (__instts$s2.t(__instts$e)) return __instts$s2.result(); } throw __instts$e; }};
