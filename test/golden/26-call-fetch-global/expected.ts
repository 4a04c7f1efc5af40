import { site as __instts$site, cm as __instts$cm, cf as __instts$cf, cn as __instts$cn } from "instts/runtime"; import * as __instts$h0 from "./../_hooks/hook.ts"; var __instts$s0 = __instts$site({"module":".","file":"input.ts","line":2,"function":"fetch","kind":"call"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.ts","line":3,"function":"fetch","kind":"call"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); export async function load(url: string) {
  const res = await (typeof __instts$cf === "function" ? __instts$cf : (s, f, ...a) => f(...a))(typeof __instts$s0 === "object" ? __instts$s0 : void 0, fetch, url, { method: 'GET' });
  const again = await (typeof __instts$cm === "function" ? __instts$cm : (s, o, k, ...a) => o[k](...a))(typeof __instts$s1 === "object" ? __instts$s1 : void 0, globalThis, "fetch", url);
  return [res.status, again.status];
}

export const noArgs = () => fetch<never>;
