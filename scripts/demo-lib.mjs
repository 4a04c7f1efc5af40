// The seed demo as a library: build the services of fixtures/demo with `instts build`, start
// them on loopback with one policy file and an OTLP/HTTP endpoint, run the three cases (a
// trace across the chain, flow control, gray lanes), stop everything. `npm run demo`
// (scripts/demo.mjs) prints what these return; test/demo.test.ts asserts on it.

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_DIR = path.join(ROOT, 'fixtures', 'demo');
export const POLICY_FILE = path.join(DEMO_DIR, 'policy.json');
const CLI = path.join(ROOT, 'bin', 'instts.js');

/**
 * The chain, in call order: each service's entry file, and the environment telling it whom to
 * call. `grpc` holds the gRPC addresses by service and tag (the policy's `b-grpc` and `c-grpc`):
 * A calls B's Greet, B serves it and calls C's, C serves it.
 */
export const SERVICES = [
  {
    name: 'gateway',
    entry: 'src/gateway.ts',
    framework: 'node:http',
    next: (baselines) => ({ A_URLS: baselines.a.map(url).join(',') }),
  },
  {
    name: 'a',
    entry: 'src/a-express.ts',
    framework: 'express',
    next: (baselines, grpc) => ({ NEXT_URL: url(baselines.b[0]), NEXT_GRPC: grpc.b?.base ?? '' }),
  },
  {
    name: 'b',
    entry: 'src/b-fastify.ts',
    framework: 'fastify + gRPC',
    next: (baselines, grpc, tag) => ({
      NEXT_URL: url(baselines.c[0]),
      NEXT_GRPC: grpc.c?.base ?? '',
      GRPC_PORT: portOf(grpc.b?.[tag]),
    }),
  },
  {
    name: 'c',
    entry: 'src/c-koa.ts',
    framework: 'koa + @koa/router + gRPC',
    next: (_baselines, grpc, tag) => ({ GRPC_PORT: portOf(grpc.c?.[tag]) }),
  },
];

/** The .proto the services load at run time; the build copies it next to them. */
const PROTO = 'src/greeter.proto';

export const REFUSAL_BODY = 'Too Many Request! The Server A will not process!';
export const GRAY_USER = '123456789';

const url = (address) => `http://${address}`;
const portOf = (address) => (address ?? '').split(':').pop();

/** Every child process running now (the build, the services), and the demos' temporary folders. */
const live = new Set();
const folders = new Set();
// Last resort (an interruption, a crash, process.exit in a handler): nothing outlives this process.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

// --- build ------------------------------------------------------------------------------------

/**
 * `instts build --rules instts:http --rules instts:grpc` with every service as an entry (one build, one bundle per
 * service). Resolves with the build's summary line; rejects with its output when it fails.
 */
export function buildDemo({ outDir = path.join(DEMO_DIR, 'dist'), typecheck = false, noBundle = false } = {}) {
  const inside = path.relative(DEMO_DIR, outDir);
  const outArg = inside && !inside.startsWith('..') && !path.isAbsolute(inside) ? inside : outDir;
  const args = [
    CLI,
    'build',
    '--rules',
    'instts:http',
    '--rules',
    'instts:grpc',
    ...SERVICES.flatMap((s) => ['--entry', s.entry]),
    '--outDir',
    outArg,
    '--pretty',
    'false',
  ];
  if (!typecheck) args.push('--no-typecheck');
  if (noBundle) {
    // Per-file output loads the frameworks from node_modules, as deployed next to them.
    args.push('--no-bundle');
    fs.mkdirSync(outDir, { recursive: true });
    if (!fs.existsSync(path.join(outDir, 'node_modules')))
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: DEMO_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`instts build failed (exit ${code}):\n${output}`));
      const summary = output.split('\n').find((l) => / join points? instrumented/.test(l)) ?? '';
      // The Node flags the build asks for, if any (ES module packages replaced at load time).
      const flag = /start with node (--import \S+)/.exec(output);
      try {
        fs.copyFileSync(path.join(DEMO_DIR, PROTO), path.join(outDir, path.basename(PROTO)));
      } catch (error) {
        return reject(error);
      }
      resolve({
        outDir,
        ms: Date.now() - started,
        summary,
        command: `instts ${args.slice(1).join(' ')}`,
        nodeArgs: flag ? flag[1].split(' ') : [],
      });
    });
  });
}

// --- OTLP/HTTP endpoint (JSON encoding) -------------------------------------------------------

function attributesOf(list) {
  const out = {};
  for (const kv of list ?? []) {
    const v = kv.value ?? {};
    out[kv.key] =
      v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.doubleValue ?? v.boolValue ?? null));
  }
  return out;
}

const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

/** Spans of one OTLP JSON ExportTraceServiceRequest, flattened (ids in hex, times in ns as BigInt). */
export function spansOfExport(body) {
  const spans = [];
  for (const rs of body.resourceSpans ?? []) {
    const resource = attributesOf(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: String(s.traceId ?? '').toLowerCase(),
          spanId: String(s.spanId ?? '').toLowerCase(),
          parentSpanId: String(s.parentSpanId ?? '').toLowerCase(),
          name: String(s.name ?? ''),
          kind: typeof s.kind === 'number' ? KINDS[s.kind] : String(s.kind ?? '').replace(/^SPAN_KIND_/, ''),
          start: BigInt(String(s.startTimeUnixNano ?? 0)),
          end: BigInt(String(s.endTimeUnixNano ?? 0)),
          attributes: attributesOf(s.attributes),
          service: String(resource['service.name'] ?? ''),
          instance: String(resource['service.instance.id'] ?? ''),
        });
      }
    }
  }
  return spans;
}

/** An OTLP/HTTP traces endpoint on 127.0.0.1 (the exporters post to `<url>/v1/traces`). */
export async function startOtlpEndpoint() {
  const received = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        let body = Buffer.concat(chunks);
        if (String(req.headers['content-encoding']).toLowerCase() === 'gzip') body = zlib.gunzipSync(body);
        if (req.method !== 'POST' || !(req.url ?? '').startsWith('/v1/traces'))
          throw new Error(`unexpected ${req.method} ${req.url}`);
        received.push(...spansOfExport(JSON.parse(body.toString('utf8'))));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    spans: () => received.slice(),
    /** Polls `select(spans)` until `done(selected)` holds; resolves with the selection (also on timeout). */
    async waitFor(select, done, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const selected = select(received);
        if (done(selected) || Date.now() > deadline) return selected;
        await sleep(25);
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// --- ports and policy -------------------------------------------------------------------------

function listenOn(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(undefined));
    probe.listen(port, '127.0.0.1', () => {
      const got = probe.address().port;
      probe.close(() => resolve(got));
    });
  });
}

/** Every instance of the policy's `services` section, in chain order. */
export function instancesOf(policy) {
  const out = [];
  for (const { name } of SERVICES) {
    for (const instance of policy.services?.[name]?.instances ?? [])
      out.push({ service: name, tag: instance.tag ?? 'base', address: instance.address });
  }
  return out;
}

/** The gRPC addresses of B and C (the policy's `b-grpc` and `c-grpc`), by tag: { b: { base: 'host:port' }, c: { base, gray } }. */
export function grpcAddressesOf(policy) {
  const of = (service) =>
    Object.fromEntries(
      (policy.services?.[`${service}-grpc`]?.instances ?? []).map((i) => [i.tag ?? 'base', i.address]),
    );
  return { b: of('b'), c: of('c') };
}

/**
 * The ports to use: the policy's own (19000…) when all are free and `ports` is 'default',
 * otherwise free ports the system hands out. Returns old address → new address.
 */
async function choosePorts(instances, ports) {
  const moved = new Map();
  if (ports === 'default') {
    const free = await Promise.all(instances.map((i) => listenOn(Number(i.address.split(':').pop()))));
    if (free.every((p) => p !== undefined)) {
      for (const i of instances) moved.set(i.address, i.address);
      return { moved, fixed: true };
    }
  }
  const taken = new Set();
  for (const i of instances) {
    let port;
    do port = await listenOn(0);
    while (port === undefined || taken.has(port));
    taken.add(port);
    moved.set(i.address, `127.0.0.1:${port}`);
  }
  return { moved, fixed: false };
}

function withAddresses(policy, moved) {
  const copy = structuredClone(policy);
  for (const service of Object.values(copy.services ?? {})) {
    for (const instance of service.instances) instance.address = moved.get(instance.address) ?? instance.address;
  }
  return copy;
}

// --- processes --------------------------------------------------------------------------------

// Loaded before each service: it exits when the demo's process is gone (its stdin pipe closes),
// even if the demo was killed with SIGKILL and could not stop it.
const PARENT_WATCH =
  'data:text/javascript,process.stdin.on("end",()=>process.exit(0));process.stdin.on("error",()=>process.exit(0));process.stdin.resume();process.stdin.unref()';

function environment(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OTEL_') && !k.startsWith('INSTTS_')) env[k] = v;
  return { ...env, ...extra };
}

function startInstance(file, instance, env, lifetimeMs, children, nodeArgs = []) {
  const child = spawn(process.execPath, ['--import', PARENT_WATCH, ...nodeArgs, file], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  children.push(child);
  child.once('exit', () => live.delete(child));
  const killer = setTimeout(() => child.kill('SIGKILL'), lifetimeMs);
  killer.unref();
  child.once('exit', () => clearTimeout(killer));
  let output = '';
  const proc = { ...instance, child, output: () => output };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${instance.service} (${instance.tag}) did not start within 20 s:\n${output}`)),
      20_000,
    );
    const onData = (d) => {
      output += d;
      if (output.includes(`listening on http://${instance.address}`)) {
        clearTimeout(timer);
        resolve(proc);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`${instance.service} (${instance.tag}) exited (${code ?? signal}) before listening:\n${output}`),
      );
    });
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const hard = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts every instance the policy lists (gateway, two A, A-gray, B, C, C-gray) from the bundles
 * in `outDir`, with the policy (addresses adjusted to the ports in use) in a temporary file and
 * traces going to an OTLP endpoint of its own. `ports`: 'default' (the policy's 19000…, or free
 * ones when any is taken) or 'free'. Every process is killed after `lifetimeMs` at the latest.
 */
export async function startDemo({
  outDir = path.join(DEMO_DIR, 'dist'),
  ports = 'default',
  lifetimeMs = 10 * 60_000,
  policy: source,
  nodeArgs = [],
} = {}) {
  const filePolicy = source ?? JSON.parse(fs.readFileSync(POLICY_FILE, 'utf8'));
  const grpcInstances = Object.entries(grpcAddressesOf(filePolicy)).flatMap(([service, byTag]) =>
    Object.entries(byTag).map(([tag, address]) => ({ service: `${service}-grpc`, tag, address })),
  );
  const { moved, fixed } = await choosePorts([...instancesOf(filePolicy), ...grpcInstances], ports);
  const policy = withAddresses(filePolicy, moved);
  const instances = instancesOf(policy);
  const baselines = {};
  for (const i of instances) if (i.tag === 'base') (baselines[i.service] ??= []).push(i.address);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-demo-'));
  folders.add(dir);
  const policyFile = path.join(dir, 'policy.json');
  fs.writeFileSync(policyFile, `${JSON.stringify(policy, null, 2)}\n`);
  const otlp = await startOtlpEndpoint();
  const started = [];
  const children = []; // every process spawned, also those that failed to start
  let stopped;

  const demo = {
    policyFile,
    fixedPorts: fixed,
    otlp,
    processes: started,
    /** gRPC addresses of B and C by tag, as in use. */
    grpc: grpcAddressesOf(policy),
    gateway: `http://${baselines.gateway[0]}`,
    /** The policy in effect at start, with the addresses in use (a fresh copy to change). */
    policy: () => structuredClone(policy),
    /** Replaces the policy file in one step (the services reload it within a second). */
    writePolicy(next) {
      const temporary = `${policyFile}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`);
      fs.renameSync(temporary, policyFile);
    },
    /** The tag of the instance at `address` ('base' or the tag). */
    tagAt: (address) => instances.find((i) => i.address === address)?.tag,
    get: (pathAndQuery, headers = {}) => get(`${demo.gateway}${pathAndQuery}`, headers),
    stop() {
      stopped ??= (async () => {
        await Promise.all(children.map(stopChild));
        await otlp.close();
        fs.rmSync(dir, { recursive: true, force: true });
        folders.delete(dir);
      })();
      return stopped;
    },
  };

  try {
    // Start from the end of the chain, so nothing is called before it listens.
    for (const service of [...SERVICES].reverse()) {
      const own = instances.filter((i) => i.service === service.name);
      const file = path.join(outDir, `${path.basename(service.entry, '.ts')}.js`);
      const procs = await Promise.all(
        own.map((instance) => {
          const [host, port] = [
            instance.address.slice(0, instance.address.lastIndexOf(':')),
            instance.address.split(':').pop(),
          ];
          const env = environment({
            INSTTS_SERVICE: instance.service,
            ...(instance.tag === 'base' ? {} : { INSTTS_TAG: instance.tag }),
            INSTTS_POLICY: policyFile,
            OTEL_SERVICE_NAME: instance.service,
            OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${instance.address}`,
            OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
            OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
            OTEL_BSP_SCHEDULE_DELAY: '100',
            HOST: host,
            PORT: port,
            ...service.next(baselines, grpcAddressesOf(policy), instance.tag),
          });
          return startInstance(file, instance, env, lifetimeMs, children, nodeArgs);
        }),
      );
      started.unshift(...procs); // listed in chain order
    }
    // The first request an instance serves also starts its tracing and warms its code: done here,
    // on both lanes and both A baselines, so the cases show steady-state behaviour.
    // gRPC channels connect at their first call: made here too.
    for (const route of ['/a/greet', '/a/greet-grpc'])
      for (const headers of [{}, {}, { 'x-user-uuid': GRAY_USER }]) await demo.get(route, headers);
  } catch (error) {
    await demo.stop();
    throw error;
  }
  return demo;
}

// --- the driver's requests (plain node:http: the driver itself is not instrumented) -----------

/** GET `target`; resolves with status, content type, body, and the parsed chain for a 200. */
export function get(target, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(target, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        const contentType = String(res.headers['content-type'] ?? '');
        const hops =
          res.statusCode === 200 && contentType.startsWith('application/json') ? JSON.parse(body) : undefined;
        resolve({ status: res.statusCode ?? 0, contentType, body, hops });
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${target} timed out`)));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const hex = (bytes) => crypto.randomBytes(bytes).toString('hex');

/** A W3C traceparent for a request of the driver: its trace id and the (never exported) caller span. */
function callerContext() {
  const traceId = hex(16);
  const parentId = hex(8);
  return { traceId, parentId, traceparent: `00-${traceId}-${parentId}-01` };
}

// --- case 1: one request's trace --------------------------------------------------------------

/**
 * GET /a/greet through the gateway with a traceparent of the driver's, then the trace as the
 * services exported it: a tree from the gateway's SERVER span down, and the checks on its links.
 */
export async function traceOneRequest(demo, pathAndQuery = '/a/greet') {
  const caller = callerContext();
  const answer = await demo.get(pathAndQuery, { traceparent: caller.traceparent });
  const expected = 2 * (answer.hops?.length ?? 4) - 1; // a SERVER span per hop, a CLIENT span between hops
  const spans = await demo.otlp.waitFor(
    (all) => all.filter((s) => s.traceId === caller.traceId),
    (found) => found.length >= expected,
  );
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map();
  for (const s of spans) (children.get(s.parentSpanId) ?? children.set(s.parentSpanId, []).get(s.parentSpanId)).push(s);
  for (const list of children.values()) list.sort((x, y) => (x.start < y.start ? -1 : 1));
  const node = (span) => ({ span, children: (children.get(span.spanId) ?? []).map(node) });
  const roots = spans.filter((s) => !byId.has(s.parentSpanId));
  const tree = roots.map(node);

  const checks = [];
  const check = (ok, text) => checks.push({ ok, text });
  check(
    spans.length === expected,
    `${spans.length} spans for ${answer.hops?.length ?? '?'} hops (expected ${expected})`,
  );
  check(
    roots.length === 1 &&
      roots[0].parentSpanId === caller.parentId &&
      roots[0].kind === 'SERVER' &&
      roots[0].service === 'gateway',
    "one root: the gateway's SERVER span, child of the caller's traceparent",
  );
  check(
    spans.every((s) => s === roots[0] || byId.has(s.parentSpanId)),
    'every other span has its parent in the trace',
  );
  check(
    spans.every((s) => !byId.has(s.parentSpanId) || byId.get(s.parentSpanId).kind !== s.kind),
    'SERVER and CLIENT alternate down the tree',
  );
  check(
    spans
      .filter((s) => s.kind === 'CLIENT')
      .every((c) => {
        const server = children.get(c.spanId) ?? [];
        return (
          server.length === 1 &&
          server[0].kind === 'SERVER' &&
          Number(server[0].instance.split(':').pop()) === Number(c.attributes['server.port'])
        );
      }),
    "each CLIENT span's child is a SERVER span on the instance the client called",
  );
  const serverInstances = [];
  for (let n = tree[0]; n; n = n.children[0]) if (n.span.kind === 'SERVER') serverInstances.push(n.span.instance);
  check(
    JSON.stringify(serverInstances) === JSON.stringify((answer.hops ?? []).map((h) => h.addr)),
    'the SERVER spans are the hops of the answer, in order',
  );
  return { traceId: caller.traceId, traceparent: caller.traceparent, answer, spans, tree, checks };
}

// --- case 4: gRPC hops -----------------------------------------------------------------------

/**
 * GET /a/greet-grpc: gateway → A over HTTP, then A → B and B → C over gRPC
 * (`/demo.Greeter/Greet`; routed by lane to C-gray's gRPC port for the gray user). One trace of
 * 7 spans: the HTTP SERVER and CLIENT spans, then a gRPC CLIENT and SERVER span per gRPC hop.
 */
export async function grpcCase(demo) {
  const caller = callerContext();
  const answer = await demo.get('/a/greet-grpc', { traceparent: caller.traceparent });
  const spans = await demo.otlp.waitFor(
    (all) => all.filter((s) => s.traceId === caller.traceId),
    (found) => found.length >= 7,
  );
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map();
  for (const s of spans) (children.get(s.parentSpanId) ?? children.set(s.parentSpanId, []).get(s.parentSpanId)).push(s);
  for (const list of children.values()) list.sort((x, y) => (x.start < y.start ? -1 : 1));
  const node = (span) => ({ span, children: (children.get(span.spanId) ?? []).map(node) });
  const tree = spans.filter((s) => !byId.has(s.parentSpanId)).map(node);
  const checks = [];
  const check = (ok, text) => checks.push({ ok, text });
  const find = (service, kind) => spans.find((s) => s.service === service && s.kind === kind);
  const [serverA, clientA, serverB, clientB, serverC] = [
    find('a', 'SERVER'),
    find('a', 'CLIENT'),
    find('b', 'SERVER'),
    find('b', 'CLIENT'),
    find('c', 'SERVER'),
  ];
  check(
    answer.status === 200 && spans.length === 7 && tree.length === 1,
    `one trace of ${spans.length} spans (expected 7) for a ${answer.status} answer`,
  );
  const isGreet = (s) =>
    s?.name === 'demo.Greeter/Greet' &&
    s.attributes['rpc.system'] === 'grpc' &&
    s.attributes['rpc.grpc.status_code'] === 0;
  check(
    [clientA, serverB, clientB, serverC].every(isGreet),
    'A → B and B → C are gRPC calls demo.Greeter/Greet (rpc.system grpc, rpc.grpc.status_code 0), CLIENT and SERVER side',
  );
  check(
    clientA?.parentSpanId === serverA?.spanId &&
      serverB?.parentSpanId === clientA?.spanId &&
      clientB?.parentSpanId === serverB?.spanId &&
      serverC?.parentSpanId === clientB?.spanId,
    "parents: A's HTTP SERVER span → A's gRPC CLIENT → B's gRPC SERVER → B's gRPC CLIENT → C's gRPC SERVER",
  );
  check(
    [
      [clientA, serverB],
      [clientB, serverC],
    ].every(
      ([c, s]) => c !== undefined && s !== undefined && c.attributes['server.port'] === s.attributes['server.port'],
    ),
    "each gRPC CLIENT span's server.port is the port its child SERVER span was served on",
  );
  const lanes = [];
  for (const c of GRAY_CASES) {
    const gray = await demo.get('/a/greet-grpc', c.headers);
    const tags = tagsOf(gray.hops);
    lanes.push({
      label: c.label,
      answer: gray,
      ok: gray.status === 200 && Object.entries(c.expect).every(([s, t]) => tags[s] === t),
      expect: c.expect,
    });
  }
  return { traceId: caller.traceId, answer, spans, tree, checks, lanes };
}

// --- case 2: flow control ---------------------------------------------------------------------

/**
 * `rps` requests per second for `seconds` to GET /a/greet1a through the gateway, which spreads
 * them over A's two baseline instances; A's flow rule (QPS 1 per instance) refuses the rest with
 * 429. Counted at B from B's own SERVER spans: B gets at most about 2 per second.
 */
export async function flowCase(demo, { rps = 5, seconds = 3, pathAndQuery = '/a/greet1a' } = {}) {
  const total = Math.round(rps * seconds);
  const t0 = Date.now();
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rps;
    await sleep(Math.max(0, due - Date.now()));
    const caller = callerContext();
    pending.push(
      demo
        .get(pathAndQuery, { traceparent: caller.traceparent })
        .then((answer) => ({ ...answer, traceId: caller.traceId })),
    );
  }
  const results = await Promise.all(pending);
  const elapsedMs = Date.now() - t0;
  const traces = new Set(results.map((r) => r.traceId));
  const passed = results.filter((r) => r.status === 200);
  const refused = results.filter((r) => r.status === 429);

  // Every request left a SERVER span at an A instance; every passed one, one at B too.
  const inCase = (all) =>
    all.filter((s) => s.kind === 'SERVER' && traces.has(s.traceId) && (s.service === 'a' || s.service === 'b'));
  const spans = await demo.otlp.waitFor(
    inCase,
    (found) =>
      found.filter((s) => s.service === 'a').length >= total &&
      found.filter((s) => s.service === 'b').length >= passed.length,
  );
  const atA = spans.filter((s) => s.service === 'a');
  const atB = spans.filter((s) => s.service === 'b');

  const perA = {};
  for (const s of atA) {
    const entry = (perA[s.instance] ??= { passed: 0, refused: 0 });
    if (s.attributes['http.response.status_code'] === 429) entry.refused++;
    else entry.passed++;
  }
  return {
    total,
    rps,
    seconds,
    elapsedMs,
    statuses: results.map((r) => r.status),
    passed: passed.length,
    refused: refused.length,
    other: results.length - passed.length - refused.length,
    refusalBodies: [...new Set(refused.map((r) => r.body))],
    refusalContentTypes: [...new Set(refused.map((r) => r.contentType))],
    perA,
    atB: atB.length,
    bRate: atB.length / seconds,
  };
}

// --- case 3: gray lanes -----------------------------------------------------------------------

export const GRAY_CASES = [
  { label: 'no x-user-uuid', headers: {}, expect: { a: 'base', b: 'base', c: 'base' } },
  { label: 'x-user-uuid: 1', headers: { 'x-user-uuid': '1' }, expect: { a: 'base', b: 'base', c: 'base' } },
  {
    label: `x-user-uuid: ${GRAY_USER}`,
    headers: { 'x-user-uuid': GRAY_USER },
    expect: { a: 'gray', b: 'base', c: 'gray' },
  },
];

/** Tag of each service in a chain answer: { gateway: 'base', a: 'gray', … }. */
export function tagsOf(hops) {
  return Object.fromEntries((hops ?? []).map((h) => [h.service, h.tag]));
}

/** The three gray cases through the gateway; `ok` when every hop ran on the expected instance kind. */
export async function grayCases(demo, pathAndQuery = '/a/greet') {
  const out = [];
  for (const c of GRAY_CASES) {
    const answer = await demo.get(pathAndQuery, c.headers);
    const tags = tagsOf(answer.hops);
    const ok =
      answer.status === 200 && tags.gateway === 'base' && Object.entries(c.expect).every(([s, t]) => tags[s] === t);
    out.push({ ...c, answer, ok });
  }
  return out;
}

// --- formatting -------------------------------------------------------------------------------

/** `gateway 127.0.0.1:19000 → a [gray] 127.0.0.1:19012 → …` */
export function formatChain(hops) {
  if (!hops) return '(no chain)';
  return hops.map((h) => `${h.service}${h.tag === 'base' ? '' : ` [${h.tag}]`} ${h.addr}`).join(' → ');
}

function durationMs(span) {
  return Number(span.end - span.start) / 1e6;
}

/** The trace tree as lines: name, kind, service [tag] and address, duration. */
export function formatTree(tree, tagAt = () => 'base') {
  const rows = [];
  const walk = (n, prefix, last, depth) => {
    const s = n.span;
    const branch = depth === 0 ? '' : `${prefix}${last ? '└─ ' : '├─ '}`;
    const tag = tagAt(s.instance);
    const where =
      s.kind === 'CLIENT'
        ? `${s.service} → ${s.attributes['server.address']}:${s.attributes['server.port']}`
        : `${s.service}${tag && tag !== 'base' ? ` [${tag}]` : ''} ${s.attributes['rpc.system'] ? `${s.attributes['server.address']}:${s.attributes['server.port']}` : s.instance}`;
    const label =
      s.kind === 'SERVER' && !s.attributes['http.route']
        ? `${s.name} ${s.attributes['url.path'] ?? ''}`.trim()
        : s.name;
    rows.push([`${branch}${label}`, s.kind, where, `${durationMs(s).toFixed(1)} ms`]);
    const childPrefix = depth === 0 ? '' : `${prefix}${last ? '   ' : '│  '}`;
    n.children.forEach((c, i) => walk(c, childPrefix, i === n.children.length - 1, depth + 1));
  };
  tree.forEach((root) => walk(root, '', true, 0));
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => [...r[i]].length)));
  return rows.map((r) =>
    r.map((cell, i) => (i < 3 ? cell + ' '.repeat(widths[i] - [...cell].length) : cell.padStart(9))).join('  '),
  );
}
