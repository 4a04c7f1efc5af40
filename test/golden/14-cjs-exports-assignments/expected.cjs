'use strict'; var __instts$rt = require("instts/runtime"), __instts$site = __instts$rt.site, __instts$r = __instts$rt.r, __instts$rx = __instts$rt.rx, __instts$cm = __instts$rt.cm, __instts$cf = __instts$rt.cf, __instts$cn = __instts$rt.cn; var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$site({"module":".","file":"input.cjs","line":3,"class":"exports","function":"handler","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.cjs","line":7,"class":"exports","function":"arrow","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.cjs","line":9,"class":"exports","function":"viaModule","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.cjs","line":13,"function":"local","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); 

exports.handler = function (event, context) { const __instts$c = __instts$s0 !== void 0 && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; [event, context] = __instts$c.a; } try {
  return __instts$rx(__instts$c, ({ event, context }));
; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }};

exports.arrow = (x) => { const __instts$c = __instts$s1 !== void 0 && __instts$s1.on ? __instts$s1.enter(void 0, [x]) : void 0; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; [x] = __instts$c.a; } try { return __instts$rx(__instts$c, (x + 1)); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; } };

module.exports.viaModule = function viaModule() { const __instts$c = __instts$s2 !== void 0 && __instts$s2.on ? __instts$s2.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
  return __instts$rx(__instts$c, ('module'));
; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }};

function local() { const __instts$c = __instts$s3 !== void 0 && __instts$s3.on ? __instts$s3.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
  return __instts$rx(__instts$c, ('local'));
; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
