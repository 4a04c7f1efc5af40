var __instts$rt = require("instts/runtime"), __instts$site = __instts$rt.site, __instts$cm = __instts$rt.cm, __instts$cf = __instts$rt.cf, __instts$cn = __instts$rt.cn; var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$site({"module":".","file":"input.cjs","line":3,"function":"helper","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.cjs","line":8,"function":"pick","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.cjs","line":11,"function":"pick","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.cjs","line":17,"function":"noConflict","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s4 = __instts$site({"module":".","file":"input.cjs","line":19,"function":"helper","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); function varAndFunction(x) {
  var helper = x;
  function helper() { const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
  return typeof helper;
}

function declaredTwice() {
  function pick() { const __instts$c = typeof __instts$s1 === "object" && __instts$s1.on ? __instts$s1.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    return (__instts$v = (0, 1), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
  function pick() { const __instts$c = typeof __instts$s2 === "object" && __instts$s2.on ? __instts$s2.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    return (__instts$v = (0, 2), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
  return pick();
}

function noConflict() { const __instts$c = typeof __instts$s3 === "object" && __instts$s3.on ? __instts$s3.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
  for (var i = 0; i < 1; i++);
  function helper() { const __instts$c = typeof __instts$s4 === "object" && __instts$s4.on ? __instts$s4.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    var pick = 2;
    return (__instts$v = (0, pick), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
  return (__instts$v = (0, helper() + i), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

module.exports = { varAndFunction, declaredTwice, noConflict };
