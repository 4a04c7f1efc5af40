#!/usr/bin/env node
// `npm run demo`: the seed demo. Builds gateway (node:http) → A (express) → B (fastify) →
// C (koa + @koa/router) with `instts build --rules instts:http --rules instts:grpc` (B and C also
// serve gRPC), starts two A instances, A-gray, B, C and C-gray on loopback with
// fixtures/demo/policy.json, and shows one request's trace, flow control on A's /greet1a, the gray
// lane, and a route whose hops A → B → C are gRPC calls. Exit code 1 when an outcome is not as expected.

import path from 'node:path';
import {
  DEMO_DIR,
  POLICY_FILE,
  REFUSAL_BODY,
  ROOT,
  SERVICES,
  buildDemo,
  flowCase,
  grpcCase,
  formatChain,
  formatTree,
  grayCases,
  startDemo,
  traceOneRequest,
} from './demo-lib.mjs';

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (t) => (color ? `\x1b[1m${t}\x1b[0m` : t);
const dim = (t) => (color ? `\x1b[2m${t}\x1b[0m` : t);
const mark = (ok) => (ok ? (color ? '\x1b[32m✓\x1b[0m' : '✓') : color ? '\x1b[31m✗\x1b[0m' : '✗');
const heading = (t) => console.log(`\n${bold(`== ${t}`)}`);
const rel = (p) => path.relative(ROOT, p) || '.';

let demo;
let failures = 0;
const expect = (ok, text) => {
  if (!ok) failures++;
  console.log(`  ${mark(ok)} ${text}`);
};

async function shutdown(code) {
  try {
    await demo?.stop();
  } finally {
    process.exit(code);
  }
}
// Ctrl-C reaches the services too (one process group), so what the demo is doing then fails
// (connections refused): after an interrupt that is no failure to report.
let interrupted = false;
const interrupt = (signal, code) => {
  interrupted = true;
  console.error(`\ndemo interrupted (${signal}): stopping the services`);
  void shutdown(code);
};
process.once('SIGINT', () => interrupt('SIGINT', 130));
process.once('SIGTERM', () => interrupt('SIGTERM', 143));
const fail = (error) => {
  if (interrupted) return;
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

async function main() {
  const began = Date.now();
  console.log(
    bold(
      'instts demo: gateway (node:http) → A (express) → B (fastify) → C (koa + @koa/router), B and C also over gRPC, gray copies of A and C',
    ),
  );

  heading('Build: one instts build, every service an entry');
  const build = await buildDemo();
  console.log(`  ${rel(DEMO_DIR)}$ ${build.command}`);
  console.log(`  ${build.summary}`);

  heading(`Start: ${rel(POLICY_FILE)} for every instance, traces to an OTLP/HTTP endpoint of the demo`);
  demo = await startDemo({ outDir: build.outDir });
  if (!demo.fixedPorts)
    console.log(
      `  ${dim(`(some of the ports 19000… are taken: every instance got a free port, written into the copy ${demo.policyFile})`)}`,
    );
  const frameworks = Object.fromEntries(SERVICES.map((s) => [s.name, s.framework]));
  for (const p of demo.processes) {
    const grpcAddress = demo.grpc[p.service]?.[p.tag];
    const grpcColumn = grpcAddress === undefined ? ''.padEnd(22) : `grpc ${grpcAddress.padEnd(17)}`;
    console.log(
      `  ${p.service.padEnd(8)} ${p.tag.padEnd(5)} http://${p.address.padEnd(16)} ${grpcColumn} ${dim(frameworks[p.service])}`,
    );
  }
  console.log(`  ${dim(`OTLP/HTTP (JSON) endpoint: ${demo.otlp.url}/v1/traces`)}`);

  heading('1. One request, one trace: GET /a/greet through the gateway');
  const traced = await traceOneRequest(demo);
  console.log(`  answer   ${formatChain(traced.answer.hops)}`);
  console.log(`  trace    ${traced.traceId} ${dim(`(the demo sent traceparent ${traced.traceparent})`)}`);
  for (const line of formatTree(traced.tree, demo.tagAt)) console.log(`    ${line}`);
  for (const c of traced.checks) expect(c.ok, c.text);

  heading("2. Flow control: QPS 1 on A's GET:/greet1a, per instance (flow rule a-greet1a-qps)");
  console.log(
    `  5 requests per second for 3 s to GET /a/greet1a; the gateway alternates between A's two baseline instances`,
  );
  const flow = await flowCase(demo, { rps: 5, seconds: 3 });
  console.log(
    `  ${flow.total} sent: ${flow.passed} passed (200), ${flow.refused} refused (429)${flow.other ? `, ${flow.other} other` : ''}`,
  );
  console.log(`  statuses in order: ${flow.statuses.join(' ')}`);
  for (const body of flow.refusalBodies) console.log(`  429 body: ${JSON.stringify(body)}`);
  for (const [instance, n] of Object.entries(flow.perA).sort())
    console.log(`  a ${instance}: ${n.passed} passed, ${n.refused} refused`);
  console.log(
    `  B received ${flow.atB} in ${flow.seconds} s (counted from B's SERVER spans): ${flow.bRate.toFixed(1)} per second — 1 per second through each A instance`,
  );
  expect(
    flow.other === 0 && flow.refused > 0 && flow.refusalBodies.length === 1 && flow.refusalBodies[0] === REFUSAL_BODY,
    `beyond the limit: 429 "${REFUSAL_BODY}"`,
  );
  expect(
    Object.values(flow.perA).every((n) => n.passed >= 1 && n.passed <= flow.seconds + 1),
    'each A instance let about one request per second through',
  );
  expect(flow.atB <= 2 * flow.seconds + 2, 'with two A instances, B saw at most about 2 requests per second');

  heading('3. Gray lane "gray-users": x-user-uuid == 123456789 → A-gray → B (no gray copy) → C-gray');
  const gray = await grayCases(demo);
  const width = Math.max(...gray.map((g) => g.label.length));
  for (const g of gray) {
    const expected = g.expect.a === 'gray' ? 'A-gray, B, C-gray' : 'all baseline';
    console.log(
      `  ${mark(g.ok)} ${g.label.padEnd(width)}  ${formatChain(g.answer.hops)}  ${dim(`(expected: ${expected})`)}`,
    );
    if (!g.ok) failures++;
  }

  heading(
    '4. gRPC hops: GET /a/greet-grpc, gateway → A over HTTP, A → B → C over gRPC (demo.Greeter/Greet, fixtures/demo/src/greeter.proto)',
  );
  const grpc = await grpcCase(demo);
  console.log(`  answer   ${formatChain(grpc.answer.hops)}`);
  console.log(`  trace    ${grpc.traceId}`);
  for (const line of formatTree(grpc.tree, demo.tagAt)) console.log(`    ${line}`);
  for (const c of grpc.checks) expect(c.ok, c.text);
  for (const g of grpc.lanes) {
    const expected = g.expect.a === 'gray' ? 'A-gray, B, C-gray over gRPC' : 'all baseline';
    console.log(
      `  ${mark(g.ok)} ${g.label.padEnd(width)}  ${formatChain(g.answer.hops)}  ${dim(`(expected: ${expected})`)}`,
    );
    if (!g.ok) failures++;
  }

  await demo.stop();
  console.log(
    `\nStopped all ${demo.processes.length} processes (${((Date.now() - began) / 1000).toFixed(1)} s). The services in ${rel(path.join(DEMO_DIR, 'src'))} hold business code only;`,
  );
  console.log(
    'tracing, lane routing and the 429 came from `instts build --rules instts:http --rules instts:grpc` and the policy file.',
  );
  if (failures > 0) console.log(`\n${mark(false)} ${failures} outcome(s) not as expected`);
  return failures > 0 ? 1 : 0;
}

main().then((code) => (interrupted ? undefined : shutdown(code)), fail);
