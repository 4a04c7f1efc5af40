import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":3,"class":"Base","function":"constructor","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":9,"class":"Returns","function":"constructor","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export class Base {
  field = 1;
  constructor(public readonly id: string, extra?: number) { const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; if (__instts$c !== void 0) { __instts$c.r(this); if (__instts$c.p && !__instts$c.s) { id = __instts$c.a[0]; extra = __instts$c.a[1]; this.id = id; } } try {
    this.field = extra ?? this.field;
  } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0) __instts$c.x(); }}
}

export class Returns {
  constructor() { const __instts$c = typeof __instts$s1 === "object" && __instts$s1.on ? __instts$s1.enter(this, arguments) : void 0; if (__instts$c !== void 0) __instts$c.r(this); try {
    if (new.target !== Returns) return;
    this.ok = true;
  } catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0) __instts$c.x(); }}
  ok = false;
}
