import { site as __instts$site, r as __instts$r, rx as __instts$rx, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":2,"class":"Keys","function":"it's","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":5,"class":"Keys","function":"a-b","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.ts","line":8,"class":"Keys","function":"[Symbol.iterator]","kind":"generator"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.ts","line":11,"class":"Keys","function":"tpl","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s4 = __instts$site({"module":".","file":"input.ts","line":14,"class":"Keys","function":"42","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export class Keys {
  "it's"() { const __instts$c = __instts$s0 !== void 0 && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    return __instts$rx(__instts$c, ("it's"));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
  ['a-b']() { const __instts$c = __instts$s1 !== void 0 && __instts$s1.on ? __instts$s1.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    return __instts$rx(__instts$c, ('a-b'));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
  *[Symbol.iterator]() { const __instts$c = __instts$s2 !== void 0 && __instts$s2.on ? __instts$s2.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    yield 1;
  } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); }}
  [`tpl`]() { const __instts$c = __instts$s3 !== void 0 && __instts$s3.on ? __instts$s3.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    return __instts$rx(__instts$c, ('tpl'));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
  42() { const __instts$c = __instts$s4 !== void 0 && __instts$s4.on ? __instts$s4.enter(this, arguments) : void 0; if (__instts$c !== void 0 && __instts$c.s) return __instts$c.v; try {
    return __instts$rx(__instts$c, (42));
  ; if (__instts$c !== void 0 && __instts$c.x()) return __instts$c.result(); } catch (__instts$e) { if (__instts$c !== void 0) { __instts$c.t(__instts$e); if (__instts$c.x()) return __instts$c.result(); } throw __instts$e; }}
}
