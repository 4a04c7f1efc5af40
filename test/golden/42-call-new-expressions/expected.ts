import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":8,"function":"http.Server","kind":"call"}, [["servers", void 0, __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":9,"function":"http.Server","kind":"call"}, [["servers", void 0, __instts$h0["onExit"]]]); var __instts$s2 = __instts$site({"module":".","file":"input.ts","line":10,"function":"http.Server","kind":"call"}, [["servers", void 0, __instts$h0["onExit"]]]); var __instts$s3 = __instts$site({"module":".","file":"input.ts","line":12,"function":"http.Server","kind":"call"}, [["servers", void 0, __instts$h0["onExit"]]]); var __instts$s4 = __instts$site({"module":".","file":"input.ts","line":18,"function":"undici.Agent","kind":"call"}, [["agents", __instts$h0["onEnter"], void 0]]); var __instts$s5 = __instts$site({"module":".","file":"input.ts","line":19,"function":"undici.Agent","kind":"call"}, [["agents", __instts$h0["onEnter"], void 0]]); import http, { Server } from 'node:http';
import * as undici from 'undici';
import { Agent as Pool } from 'undici';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export function servers(handle: Handler) {
  const a = (typeof __instts$cn === "function" ? __instts$cn : (s, t, k, ...a) => new (k === null ? t : t[k])(...a))(typeof __instts$s0 === "object" ? __instts$s0 : void 0, http, "Server", handle);
  const b = (typeof __instts$cn === "function" ? __instts$cn : (s, t, k, ...a) => new (k === null ? t : t[k])(...a))(typeof __instts$s1 === "object" ? __instts$s1 : void 0, Server, null);
  const c = (typeof __instts$cn === "function" ? __instts$cn : (s, t, k, ...a) => new (k === null ? t : t[k])(...a))(typeof __instts$s2 === "object" ? __instts$s2 : void 0, Server, null, { keepAlive: true }, handle);
  const d = new (http.Server)(handle);
  const e = (typeof __instts$cn === "function" ? __instts$cn : (s, t, k, ...a) => new (k === null ? t : t[k])(...a))(typeof __instts$s3 === "object" ? __instts$s3 : void 0, http, "Server");
  return [a, b, c, d, e];
}

export function agents() {
  const typed = new Map<string, undici.Agent>();
  typed.set('x', (typeof __instts$cn === "function" ? __instts$cn : (s, t, k, ...a) => new (k === null ? t : t[k])(...a))(typeof __instts$s4 === "object" ? __instts$s4 : void 0, undici, "Agent", { connections: 2 }));
  typed.set('y', (typeof __instts$cn === "function" ? __instts$cn : (s, t, k, ...a) => new (k === null ? t : t[k])(...a))(typeof __instts$s5 === "object" ? __instts$s5 : void 0, Pool, null));
  return typed;
}

export function notMatched() {
  return new Map([[1, new http.Agent()]]);
}
