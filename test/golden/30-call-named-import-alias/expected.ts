import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":4,"function":"http.request","kind":"call"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); import { request as r, get } from 'http';

export function send() {
  const req = (typeof __instts$cf === "function" ? __instts$cf : (s, f, ...a) => f(...a))(typeof __instts$s0 === "object" ? __instts$s0 : void 0, r, 'http://localhost/', { method: 'POST' });
  get('http://localhost/');
  return req;
}
