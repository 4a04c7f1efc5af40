'use strict';
"another directive"; var __instts$rt = require("instts/runtime"), __instts$site = __instts$rt.site, __instts$cm = __instts$rt.cm, __instts$cf = __instts$rt.cf, __instts$cn = __instts$rt.cn; var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$site({"module":".","file":"input.js","line":4,"function":"sloppyLooking","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.js","line":9,"function":"asArrow","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); 

function sloppyLooking(a, b) {
  'use strict'; let __instts$c, __instts$v; if (typeof __instts$s0 === "object" && __instts$s0.on && (__instts$c = __instts$s0.e(this, arguments)) === 2) { __instts$s0.d--; return __instts$s0.v(); } try { if (__instts$c === 1) { a = __instts$s0.a(0); b = __instts$s0.a(1); }
  return (__instts$v = (0, this === undefined ? a : b), __instts$c === void 0 ? __instts$v : __instts$s0.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s0.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s0.d--; if (__instts$s0.t(__instts$e)) return __instts$s0.result(); } throw __instts$e; }}

const asArrow = () => {
  'use strict'; let __instts$c, __instts$v; if (typeof __instts$s1 === "object" && __instts$s1.on && (__instts$c = __instts$s1.e(void 0, [])) === 2) { __instts$s1.d--; return __instts$s1.v(); } try {
  return (__instts$v = (0, 1), __instts$c === void 0 ? __instts$v : __instts$s1.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s1.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s1.d--; if (__instts$s1.t(__instts$e)) return __instts$s1.result(); } throw __instts$e; }};

module.exports = { sloppyLooking, asArrow };
