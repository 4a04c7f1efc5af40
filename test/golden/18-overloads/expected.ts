import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":3,"function":"parse","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":10,"class":"Parser","function":"parse","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export function parse(input: string): number;
export function parse(input: number): string;
export function parse(input: string | number): number | string { let __instts$c, __instts$v; if (typeof __instts$s0 === "object" && __instts$s0.on && (__instts$c = __instts$s0.e(this, arguments)) === 2) { __instts$s0.d--; return __instts$s0.v(); } try { if (__instts$c === 1) { input = __instts$s0.a(0); }
  return (__instts$v = (0, typeof input === 'string' ? Number(input) : String(input)), __instts$c === void 0 ? __instts$v : __instts$s0.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s0.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s0.d--; if (__instts$s0.t(__instts$e)) return __instts$s0.result(); } throw __instts$e; }}

export class Parser {
  parse(input: string): number;
  parse(input: number): string;
  parse(input: any): any { let __instts$c, __instts$v; if (typeof __instts$s1 === "object" && __instts$s1.on && (__instts$c = __instts$s1.e(this, arguments)) === 2) { __instts$s1.d--; return __instts$s1.v(); } try { if (__instts$c === 1) { input = __instts$s1.a(0); }
    return (__instts$v = (0, input), __instts$c === void 0 ? __instts$v : __instts$s1.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s1.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s1.d--; if (__instts$s1.t(__instts$e)) return __instts$s1.result(); } throw __instts$e; }}
}
