import { site as __instts$site, r as __instts$r, rx as __instts$rx, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":4,"function":"https.get","kind":"call"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); import * as https from 'https';

export function get(url: string) {
  return __instts$cm(__instts$s0, https, "get", url, (res) => res.resume())
    .on('error', () => {});
}
