var __instts$rt = require("instts/runtime"), __instts$site = __instts$rt.site, __instts$cm = __instts$rt.cm, __instts$cf = __instts$rt.cf, __instts$cn = __instts$rt.cn; var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$site({"module":".","file":"input.cjs","line":3,"function":"helper","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.cjs","line":8,"function":"pick","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.cjs","line":11,"function":"pick","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.cjs","line":17,"function":"noConflict","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s4 = __instts$site({"module":".","file":"input.cjs","line":19,"function":"helper","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); function varAndFunction(x) {
  var helper = x;
  function helper() { let __instts$c, __instts$v; if (typeof __instts$s0 === "object" && __instts$s0.on && (__instts$c = __instts$s0.e(this, arguments)) === 2) { __instts$s0.d--; return __instts$s0.v(); } try {; if (__instts$c !== void 0) return __instts$s0.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s0.d--; if (__instts$s0.t(__instts$e)) return __instts$s0.result(); } throw __instts$e; }}
  return typeof helper;
}

function declaredTwice() {
  function pick() { let __instts$c, __instts$v; if (typeof __instts$s1 === "object" && __instts$s1.on && (__instts$c = __instts$s1.e(this, arguments)) === 2) { __instts$s1.d--; return __instts$s1.v(); } try {
    return (__instts$v = (0, 1), __instts$c === void 0 ? __instts$v : __instts$s1.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s1.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s1.d--; if (__instts$s1.t(__instts$e)) return __instts$s1.result(); } throw __instts$e; }}
  function pick() { let __instts$c, __instts$v; if (typeof __instts$s2 === "object" && __instts$s2.on && (__instts$c = __instts$s2.e(this, arguments)) === 2) { __instts$s2.d--; return __instts$s2.v(); } try {
    return (__instts$v = (0, 2), __instts$c === void 0 ? __instts$v : __instts$s2.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s2.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s2.d--; if (__instts$s2.t(__instts$e)) return __instts$s2.result(); } throw __instts$e; }}
  return pick();
}

function noConflict() { let __instts$c, __instts$v; if (typeof __instts$s3 === "object" && __instts$s3.on && (__instts$c = __instts$s3.e(this, arguments)) === 2) { __instts$s3.d--; return __instts$s3.v(); } try {
  for (var i = 0; i < 1; i++);
  function helper() { let __instts$c, __instts$v; if (typeof __instts$s4 === "object" && __instts$s4.on && (__instts$c = __instts$s4.e(this, arguments)) === 2) { __instts$s4.d--; return __instts$s4.v(); } try {
    var pick = 2;
    return (__instts$v = (0, pick), __instts$c === void 0 ? __instts$v : __instts$s4.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s4.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s4.d--; if (__instts$s4.t(__instts$e)) return __instts$s4.result(); } throw __instts$e; }}
  return (__instts$v = (0, helper() + i), __instts$c === void 0 ? __instts$v : __instts$s3.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s3.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s3.d--; if (__instts$s3.t(__instts$e)) return __instts$s3.result(); } throw __instts$e; }}

module.exports = { varAndFunction, declaredTwice, noConflict };
