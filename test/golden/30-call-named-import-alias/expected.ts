import { site as __instts$site, r as __instts$r, rx as __instts$rx, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":4,"function":"http.request","kind":"call"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); import { request as r, get } from 'http';

export function send() {
  const req = __instts$cf(__instts$s0, r, 'http://localhost/', { method: 'POST' });
  get('http://localhost/');
  return req;
}
