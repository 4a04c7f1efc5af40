import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":4,"class":"Shape","function":"describe","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":19,"function":"uses","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export abstract class Shape {
  abstract area(): number;
  declare kind: string;
  describe() { let __instts$c, __instts$v; if (typeof __instts$s0 === "object" && __instts$s0.on && (__instts$c = __instts$s0.e(this, arguments)) === 2) { __instts$s0.d--; return __instts$s0.v(); } try {
    return (__instts$v = (0, 'area ' + this.area()), __instts$c === void 0 ? __instts$v : __instts$s0.rx(__instts$v));
  ; if (__instts$c !== void 0) return __instts$s0.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s0.d--; if (__instts$s0.t(__instts$e)) return __instts$s0.result(); } throw __instts$e; }}
}

declare function external(x: number): number;

declare class Ambient {
  method(): void;
}

declare module 'some-module' {
  export function inModule(): void;
}

export function uses() { let __instts$c, __instts$v; if (typeof __instts$s1 === "object" && __instts$s1.on && (__instts$c = __instts$s1.e(this, arguments)) === 2) { __instts$s1.d--; return __instts$s1.v(); } try {
  return (__instts$v = (0, external(1)), __instts$c === void 0 ? __instts$v : __instts$s1.rx(__instts$v));
; if (__instts$c !== void 0) return __instts$s1.rx(void 0); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$s1.d--; if (__instts$s1.t(__instts$e)) return __instts$s1.result(); } throw __instts$e; }}
