#!/usr/bin/env node
'use strict'; var __instts$rt = require("instts/runtime"), __instts$site = __instts$rt.site, __instts$cm = __instts$rt.cm, __instts$cf = __instts$rt.cf, __instts$cn = __instts$rt.cn; var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$site({"module":".","file":"input.js","line":4,"function":"main","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); 

function main(argv) { let __instts$c, __instts$v; if (typeof __instts$s0 === "object" && __instts$s0.on && (__instts$c = __instts$s0.e(this, arguments)) === 2) { __instts$s0.d--; return __instts$s0.v(); } try { if (__instts$c === 1) { argv = __instts$s0.a(0); }
  return (__instts$v = (0, argv.length), __instts$c === void 0 ? __instts$v : __instts$s0.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s0.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s0.d--; if (__instts$s0.t(__instts$e)) return __instts$s0.result(); } throw __instts$e; }}

process.exitCode = main(process.argv.slice(2));
