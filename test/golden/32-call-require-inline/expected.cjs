var __instts$rt = require("instts/runtime"), __instts$site = __instts$rt.site, __instts$cm = __instts$rt.cm, __instts$cf = __instts$rt.cf, __instts$cn = __instts$rt.cn; var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$site({"module":".","file":"input.cjs","line":2,"function":"http.get","kind":"call"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); function ping() {
  return (typeof __instts$cm === "function" ? __instts$cm : (s, o, k, ...a) => o[k](...a))(typeof __instts$s0 === "object" ? __instts$s0 : void 0, require('http'), "get", 'http://localhost/', (res) => res.resume());
}

module.exports = ping;
