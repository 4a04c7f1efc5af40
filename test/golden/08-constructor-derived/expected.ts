import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":2,"class":"Base","function":"constructor","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":7,"class":"Derived","function":"constructor","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.ts","line":14,"class":"NoParams","function":"constructor","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); class Base {
  constructor(readonly name: string) { const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; if (__instts$c !== void 0) { __instts$c.r(this); if (__instts$c.p && !__instts$c.s) { name = __instts$c.a[0]; this.name = name; } } try {} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0) __instts$c.x(); }}
}

export class Derived extends Base {
  tag = 'd';
  constructor(name: string, public level = 1) {
    super(name.toUpperCase()); const __instts$c = typeof __instts$s1 === "object" && __instts$s1.on ? __instts$s1.enter(this, arguments) : void 0; if (__instts$c !== void 0) { __instts$c.r(this); if (__instts$c.p && !__instts$c.s) { name = __instts$c.a[0]; if (__instts$c.ch(1)) level = __instts$c.a[1] === void 0 ? (1) : __instts$c.a[1]; this.level = level; } } try {
    console.log(this.tag, this.level);
  } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0) __instts$c.x(); }}
}

export class NoParams extends Base {
  constructor() {
    super('fixed'); const __instts$c = typeof __instts$s2 === "object" && __instts$s2.on ? __instts$s2.enter(this, arguments) : void 0; if (__instts$c !== void 0) __instts$c.r(this); try {
  } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0) __instts$c.x(); }}
}
