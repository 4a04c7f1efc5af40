var __instts$rt = require("instts/runtime"), __instts$site = __instts$rt.site, __instts$cm = __instts$rt.cm, __instts$cf = __instts$rt.cf, __instts$cn = __instts$rt.cn; var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$site({"module":".","file":"input.js","line":4,"class":"exports","function":"constructor","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.js","line":8,"class":"exports","function":"start","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.js","line":12,"class":"exports","function":"of","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); const EventEmitter = require('events');

module.exports = class extends EventEmitter {
  constructor(opts) {
    super(); const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; if (__instts$c !== void 0) { __instts$c.r(this); if (__instts$c.p && !__instts$c.s) { opts = __instts$c.a[0]; } } try {
    this.opts = opts;
  } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0) __instts$c.x(); }}
  start() { const __instts$c = typeof __instts$s1 === "object" && __instts$s1.on ? __instts$s1.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    this.emit('start');
    return (__instts$v = (0, this), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
  static of(opts) { const __instts$c = typeof __instts$s2 === "object" && __instts$s2.on ? __instts$s2.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; opts = __instts$c.a[0]; } try {
    return (__instts$v = (0, new this(opts)), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
};
