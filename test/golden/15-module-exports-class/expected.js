var __instts$rt = require("instts/runtime"), __instts$site = __instts$rt.site, __instts$cm = __instts$rt.cm, __instts$cf = __instts$rt.cf, __instts$cn = __instts$rt.cn; var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$site({"module":".","file":"input.js","line":4,"class":"exports","function":"constructor","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.js","line":8,"class":"exports","function":"start","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.js","line":12,"class":"exports","function":"of","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); const EventEmitter = require('events');

module.exports = class extends EventEmitter {
  constructor(opts) {
    super(); const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; if (__instts$c !== void 0) { __instts$c.r(this); if (__instts$c.p && !__instts$c.s) { opts = __instts$c.a[0]; } } try {
    this.opts = opts;
  } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0) __instts$c.x(); }}
  start() { let __instts$c, __instts$v; if (typeof __instts$s1 === "object" && __instts$s1.on && (__instts$c = __instts$s1.e(this, arguments)) === 2) { __instts$s1.d--; return __instts$s1.v(); } try {
    this.emit('start');
    return (__instts$v = (0, this), __instts$c === void 0 ? __instts$v : __instts$s1.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s1.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s1.d--; if (__instts$s1.t(__instts$e)) return __instts$s1.result(); } throw __instts$e; }}
  static of(opts) { let __instts$c, __instts$v; if (typeof __instts$s2 === "object" && __instts$s2.on && (__instts$c = __instts$s2.e(this, arguments)) === 2) { __instts$s2.d--; return __instts$s2.v(); } try { if (__instts$c === 1) { opts = __instts$s2.a(0); }
    return (__instts$v = (0, new this(opts)), __instts$c === void 0 ? __instts$v : __instts$s2.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s2.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s2.d--; if (__instts$s2.t(__instts$e)) return __instts$s2.result(); } throw __instts$e; }}
};
