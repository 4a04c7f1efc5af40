import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":2,"class":"Base","function":"constructor","kind":"sync"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); class Base {
  constructor(readonly value: number) { const __instts$c = typeof __instts$s0 === "object" && __instts$s0.on ? __instts$s0.enter(this, arguments) : void 0; if (__instts$c !== void 0) { __instts$c.r(this); if (__instts$c.p && !__instts$c.s) { value = __instts$c.a[0]; this.value = value; } } try {} catch (__instts$e) { if (__instts$c !== void 0) __instts$c.t(__instts$e); throw __instts$e; } finally { if (__instts$c !== void 0) __instts$c.x(); }}
}

export class Conditional extends Base {
  constructor(flag: boolean) {
    if (flag) super(1);
    else super(2);
  }
}

export class InArrow extends Base {
  constructor() {
    const init = () => super(3);
    init();
  }
}
