import * as __instts$rt from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$rt.site({"module":".","file":"input.ts","line":4,"function":"https.get","kind":"call"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); import * as https from 'https';

export function get(url: string) {
  return __instts$rt.cm(__instts$s0, https, "get", url, (res) => res.resume())
    .on('error', () => {});
}
