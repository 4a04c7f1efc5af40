var __instts$rt = require("instts/runtime"), __instts$site = __instts$rt.site, __instts$cm = __instts$rt.cm, __instts$cf = __instts$rt.cf, __instts$cn = __instts$rt.cn; var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$site({"module":".","file":"input.cjs","line":1,"function":"shadowedLocal","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.cjs","line":6,"function":"shadowedParam","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.cjs","line":10,"function":"mapped","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); function shadowedLocal(a) { const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, [a]) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; a = __instts$c.a[0]; } try {
  var arguments = [a, a];
  return (__instts$v = (0, arguments.length), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

function shadowedParam(arguments) { const __instts$c = typeof __instts$s1 === "object" && __instts$s1.on ? __instts$s1.enter(this, [arguments]) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; arguments = __instts$c.a[0]; } try {
  return (__instts$v = (0, arguments), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

function mapped(a, b) { const __instts$c = typeof __instts$s2 === "object" && __instts$s2.on ? __instts$s2.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; a = __instts$c.a[0]; b = __instts$c.a[1]; __instts$c.sa(arguments); } try {
  arguments[0] = 'changed';
  return (__instts$v = (0, a + b), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

module.exports = { shadowedLocal, shadowedParam, mapped };
