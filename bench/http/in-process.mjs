// `node [node flags] bench/http/in-process.mjs <bundle> <warm-up requests> <batches> <requests per batch>`
//
// Runs one of the HTTP suite's server builds in this process and hands requests straight to its
// http.Server ('request' event, real IncomingMessage / ServerResponse over a stream that drops what
// is written): the request path's own CPU cost, without the sockets, the kernel and the load
// generator that share the machine's CPUs in the loaded runs. Prints one JSON line:
// { cpuUsPerRequest: [per batch] } or { error }.

import http from 'node:http';
import { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';

const [bundle, warmupArg, batchesArg, perBatchArg] = process.argv.slice(2);
const WARMUP = Number(warmupArg);
const BATCHES = Number(batchesArg);
const PER_BATCH = Number(perBatchArg);
const IN_FLIGHT = 20;

function finish(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

// The app creates its server and calls listen(): keep the server, open no port.
let server;
http.Server.prototype.listen = function keepServer() {
  server = this;
  return this;
};
const log = console.log;
console.log = () => {};
await import(pathToFileURL(bundle).href);
await new Promise((resolve) => setTimeout(resolve, 200)); // frameworks finish their set-up (fastify's ready)
console.log = log;
if (server === undefined) finish({ error: 'the app made no http.Server' });

let written = '';
/** The connection: what the response writes is kept (the first 400 characters, for the check) and dropped. */
class Sink extends Duplex {
  _read() {}
  _write(chunk, _encoding, callback) {
    if (written.length < 400) written += chunk;
    callback();
  }
  _writev(chunks, callback) {
    if (written.length < 400) for (const c of chunks) written += c.chunk;
    callback();
  }
}
// What the instrumentation and the frameworks read off a TCP socket.
Object.defineProperties(Sink.prototype, {
  remoteAddress: { value: '127.0.0.1' },
  remotePort: { value: 40000 },
  localAddress: { value: '127.0.0.1' },
  localPort: { value: 8080 },
});

const HEADERS = { host: '127.0.0.1:8080', 'user-agent': 'instts-bench', accept: '*/*' };
const RAW_HEADERS = Object.entries(HEADERS).flat();

function request() {
  return new Promise((resolve) => {
    const socket = new Sink();
    const req = new http.IncomingMessage(socket);
    req.method = 'GET';
    req.url = '/';
    req.httpVersion = '1.1';
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.headers = { ...HEADERS };
    req.rawHeaders = RAW_HEADERS.slice();
    req.complete = true;
    req.push(null);
    const res = new http.ServerResponse(req);
    res.assignSocket(socket);
    res.on('finish', () => {
      res.detachSocket(socket);
      resolve();
    });
    server.emit('request', req, res);
  });
}

async function run(count) {
  let left = count;
  const worker = async () => {
    while (left-- > 0) await request();
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

await run(1);
if (!/^HTTP\/1\.1 200 [\s\S]*\{"hello":"world"\}/.test(written)) {
  finish({ error: `unexpected answer: ${JSON.stringify(written.slice(0, 120))}` });
}
await run(WARMUP);
const cpuUsPerRequest = [];
for (let b = 0; b < BATCHES; b++) {
  const before = process.cpuUsage();
  await run(PER_BATCH);
  const used = process.cpuUsage(before);
  cpuUsPerRequest.push((used.user + used.system) / PER_BATCH);
}
finish({ cpuUsPerRequest });
