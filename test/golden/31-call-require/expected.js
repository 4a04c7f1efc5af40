var __instts$rt = require("instts/runtime"), __instts$site = __instts$rt.site, __instts$cm = __instts$rt.cm, __instts$cf = __instts$rt.cf, __instts$cn = __instts$rt.cn; var __instts$h0 = require("./../_hooks/hook.ts"); var __instts$s0 = __instts$site({"module":".","file":"input.js","line":5,"function":"http.request","kind":"call"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); var __instts$s1 = __instts$site({"module":".","file":"input.js","line":6,"function":"http.request","kind":"call"}, [["r", __instts$h0["onEnter"], __instts$h0["onExit"]]]); const http = require('http');
const { request } = require('node:http');

function send() {
  const a = (typeof __instts$cm === "function" ? __instts$cm : (s, o, k, ...a) => o[k](...a))(typeof __instts$s0 === "object" ? __instts$s0 : void 0, http, "request", 'http://localhost/');
  const b = (typeof __instts$cf === "function" ? __instts$cf : (s, f, ...a) => f(...a))(typeof __instts$s1 === "object" ? __instts$s1 : void 0, request, 'http://localhost/');
  return [a, b];
}

module.exports = { send };
