const http = require('http');
const { request } = require('node:http');

function send() {
  const a = http.request('http://localhost/');
  const b = request('http://localhost/');
  return [a, b];
}

module.exports = { send };
