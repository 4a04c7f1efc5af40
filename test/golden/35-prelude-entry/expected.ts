import "./start.ts"; import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":3,"function":"main","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); import { readFileSync } from 'node:fs';

export function main() { const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; let __instts$v; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
  return (__instts$v = (0, readFileSync), __instts$c === void 0 ? __instts$v : __instts$c.rx(__instts$v));
; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
