var __instts$rt = require("instts/runtime"); var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$rt.site({"module":".","file":"input.cjs","line":2,"function":"http.get","kind":"call"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); function ping() {
  return __instts$rt.cm(__instts$s0, require('http'), "get", 'http://localhost/', (res) => res.resume());
}

module.exports = ping;
