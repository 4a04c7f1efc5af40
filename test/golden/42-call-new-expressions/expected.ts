import { site as __instts$site, r as __instts$r, rx as __instts$rx, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":8,"function":"http.Server","kind":"call"}, [["servers", void 0, __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":9,"function":"http.Server","kind":"call"}, [["servers", void 0, __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.ts","line":10,"function":"http.Server","kind":"call"}, [["servers", void 0, __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.ts","line":12,"function":"http.Server","kind":"call"}, [["servers", void 0, __instts$h0["onExit"]]]); var __instts$s4 = __instts$site({"module":".","file":"input.ts","line":18,"function":"undici.Agent","kind":"call"}, [["agents", __instts$h0["onEnter"], void 0]]); var __instts$s5 = __instts$site({"module":".","file":"input.ts","line":19,"function":"undici.Agent","kind":"call"}, [["agents", __instts$h0["onEnter"], void 0]]); import http, { Server } from 'node:http';
import * as undici from 'undici';
import { Agent as Pool } from 'undici';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export function servers(handle: Handler) {
  const a = __instts$cn(__instts$s0, http, "Server", handle);
  const b = __instts$cn(__instts$s1, Server, null);
  const c = __instts$cn(__instts$s2, Server, null, { keepAlive: true }, handle);
  const d = new (http.Server)(handle);
  const e = __instts$cn(__instts$s3, http, "Server");
  return [a, b, c, d, e];
}

export function agents() {
  const typed = new Map<string, undici.Agent>();
  typed.set('x', __instts$cn(__instts$s4, undici, "Agent", { connections: 2 }));
  typed.set('y', __instts$cn(__instts$s5, Pool, null));
  return typed;
}

export function notMatched() {
  return new Map([[1, new http.Agent()]]);
}
