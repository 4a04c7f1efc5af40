var __instts$rt = require("instts/runtime"), __instts$site = __instts$rt.site, __instts$cm = __instts$rt.cm, __instts$cf = __instts$rt.cf, __instts$cn = __instts$rt.cn; var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$site({"module":".","file":"input.cjs","line":1,"function":"shadowedLocal","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.cjs","line":6,"function":"shadowedParam","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.cjs","line":10,"function":"mapped","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); function shadowedLocal(a) { let __instts$c, __instts$v; if (typeof __instts$s0 === "object" && __instts$s0.on && (__instts$c = __instts$s0.e(this, [a])) === 2) { __instts$s0.d--; return __instts$s0.v(); } try { if (__instts$c === 1) { a = __instts$s0.a(0); }
  var arguments = [a, a];
  return (__instts$v = (0, arguments.length), __instts$c === void 0 ? __instts$v : __instts$s0.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s0.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s0.d--; if (__instts$s0.t(__instts$e)) return __instts$s0.result(); } throw __instts$e; }}

function shadowedParam(arguments) { let __instts$c, __instts$v; if (typeof __instts$s1 === "object" && __instts$s1.on && (__instts$c = __instts$s1.e(this, [arguments])) === 2) { __instts$s1.d--; return __instts$s1.v(); } try { if (__instts$c === 1) { arguments = __instts$s1.a(0); }
  return (__instts$v = (0, arguments), __instts$c === void 0 ? __instts$v : __instts$s1.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s1.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s1.d--; if (__instts$s1.t(__instts$e)) return __instts$s1.result(); } throw __instts$e; }}

function mapped(a, b) { let __instts$c, __instts$v; if (typeof __instts$s2 === "object" && __instts$s2.on && (__instts$c = __instts$s2.e(this, arguments)) === 2) { __instts$s2.d--; return __instts$s2.v(); } try { if (__instts$c === 1) { a = __instts$s2.a(0); b = __instts$s2.a(1); __instts$s2.sa(arguments); }
  arguments[0] = 'changed';
  return (__instts$v = (0, a + b), __instts$c === void 0 ? __instts$v : __instts$s2.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s2.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s2.d--; if (__instts$s2.t(__instts$e)) return __instts$s2.result(); } throw __instts$e; }}

module.exports = { shadowedLocal, shadowedParam, mapped };
