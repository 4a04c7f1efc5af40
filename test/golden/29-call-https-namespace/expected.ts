import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":4,"function":"https.get","kind":"call"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); import * as https from 'https';

export function get(url: string) {
  return (typeof __instts$cm === "function" ? __instts$cm : (s, o, k, ...a) => o[k](...a))(typeof __instts$s0 === "object" ? __instts$s0 : void 0, https, "get", url, (res) => res.resume())
    .on('error', () => {});
}
