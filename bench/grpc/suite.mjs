// gRPC suite: unary @grpc/grpc-js calls, client and server in one process on 127.0.0.1
// (bench/apps/grpc-unary.ts), in two builds (the second also run with nothing listening):
//   bare   — bundled by plain esbuild, nothing instrumented (the baseline);
//   instts — `instts build --rules instts:grpc`: CLIENT and SERVER spans (exporter none), context
//            in the metadata, and one flow rule on the method that never blocks;
//   and the instts build with OTEL_SDK_DISABLED=true and no policy: its sites switch themselves off.
// Per call: wall time and CPU time of the process (both sides of the call together).

import fs from 'node:fs';
import path from 'node:path';
import { makeTempProject, removeDir } from '../lib/instts.mjs';
import { fmt, ratio, summarize } from '../lib/stats.mjs';
import { markdownTable, textTable } from '../lib/table.mjs';
import { target, targetLines, targetMarkdown } from '../lib/targets.mjs';
import { runForResult } from '../lib/proc.mjs';
import { appsDir, buildBareAndInstts } from '../lib/app-builds.mjs';
const SOURCE = path.join(appsDir, 'grpc-unary.ts');
const PROTO_FILE = path.join(appsDir, 'grpc-unary.proto');
const RESOURCE = '/bench.Greeter/Hello';
const VARIANTS = [
  { id: 'bare', label: 'bare (esbuild bundle)' },
  { id: 'instts', label: 'instts:grpc, tracing + flow rule' },
  { id: 'quiet', label: 'instts:grpc, nothing listening' },
];

const runOnce = (file, env, quick) =>
  runForResult(
    file,
    {
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_SERVICE_NAME: 'bench',
      PROTO_FILE,
      CALLS: quick ? '5000' : '20000',
      WARMUP: quick ? '2000' : '5000',
      ...env,
    },
    { timeoutMs: 120_000 },
  );

export async function runGrpcSuite({ quick, rounds, log }) {
  const dir = makeTempProject('grpc');
  try {
    const policy = path.join(dir, 'policy-pass.json');
    fs.writeFileSync(policy, JSON.stringify({ version: 1, flow: [{ resource: RESOURCE, threshold: 1e9 }] }));
    const files = {
      bare: path.join(dir, 'bare', 'grpc-unary.mjs'),
      instts: path.join(dir, 'instts', 'grpc-unary.mjs'),
    };
    files.quiet = files.instts;
    await buildBareAndInstts({ source: SOURCE, bareFile: files.bare, insttsFile: files.instts, rules: 'instts:grpc' });
    const env = { bare: {}, instts: { INSTTS_POLICY: policy }, quiet: { OTEL_SDK_DISABLED: 'true' } };
    const samples = Object.fromEntries(VARIANTS.map((v) => [v.id, { wall: [], cpu: [] }]));
    for (let round = 0; round < rounds; round++) {
      for (const v of round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
        const r = runOnce(files[v.id], env[v.id], quick);
        samples[v.id].wall.push(r.usPerCall);
        samples[v.id].cpu.push(r.cpuUsPerCall);
        log(
          `  round ${round + 1}/${rounds}  ${v.id.padEnd(7)} ${r.usPerCall.toFixed(1)} µs/call  ${r.cpuUsPerCall.toFixed(1)} µs CPU/call`,
        );
      }
    }
    const results = Object.fromEntries(
      VARIANTS.map((v) => [
        v.id,
        { label: v.label, usPerCall: summarize(samples[v.id].wall), cpuUsPerCall: summarize(samples[v.id].cpu) },
      ]),
    );
    return { suite: 'grpc', rounds, results, ...render({ results }) };
  } finally {
    removeDir(dir);
  }
}

export function render({ results }) {
  const rows = [['build', 'wall/call', '× bare', 'noise', 'CPU/call', '× bare', 'noise']];
  for (const [id, r] of Object.entries(results)) {
    rows.push([
      r.label,
      `${r.usPerCall.median.toFixed(1)} µs`,
      id === 'bare' ? '1.00×' : fmt.ratio(ratio(r.usPerCall.median, results.bare.usPerCall.median)),
      fmt.pct(r.usPerCall.spread),
      `${r.cpuUsPerCall.median.toFixed(1)} µs`,
      id === 'bare' ? '1.00×' : fmt.ratio(ratio(r.cpuUsPerCall.median, results.bare.cpuUsPerCall.median)),
      fmt.pct(r.cpuUsPerCall.spread),
    ]);
  }
  const title =
    'gRPC: unary @grpc/grpc-js call, client and server in one process (16 calls in flight, loopback); median over rounds';
  const targets = [];
  // nothing listening: added CPU per call (both sides) over bare, as the HTTP and database suites
  if (results.quiet !== undefined && results.bare !== undefined)
    targets.push(
      target(
        'instts nothing listening: added CPU per call over bare',
        results.quiet.cpuUsPerCall.median - results.bare.cpuUsPerCall.median,
        1,
        { format: (us) => `${us >= 0 ? '+' : ''}${us.toFixed(1)} µs` },
      ),
    );
  return {
    targets,
    text: `${title}\n${textTable(rows)}\n\nTargets\n${targetLines(targets)}`,
    markdown: `**${title}**\n\n${markdownTable(rows)}\n\nTargets:\n\n${targetMarkdown(targets)}`,
  };
}
