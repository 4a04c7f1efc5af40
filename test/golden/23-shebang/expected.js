#!/usr/bin/env node
'use strict'; var __instts$rt = require("instts/runtime"), __instts$site = __instts$rt.site, __instts$cm = __instts$rt.cm, __instts$cf = __instts$rt.cf, __instts$cn = __instts$rt.cn; var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$site({"module":".","file":"input.js","line":4,"function":"main","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); 

function main(argv) { const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.p) { if (__instts$c.s) return __instts$c.v; argv = __instts$c.a[0]; } try {
  return (__instts$v = (0, argv.length), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}

process.exitCode = main(process.argv.slice(2));
