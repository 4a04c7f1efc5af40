// One client app against its own private server, in three builds, rounds alternating their
// order: the database and messaging suites' measurement.
//   bare   — bundled by plain esbuild, nothing instrumented (the baseline);
//   instts — `instts build --rules <rules>` run with tracing (exporter none) and a policy with one
//            flow rule on the client's resource that never blocks;
//   quiet  — the same instts build with nothing listening (OTEL_SDK_DISABLED=true, no policy).
// The app prints `RESULT {"usPerCall":…,"cpuUsPerCall":…}`: wall and CPU time of its process per call.

import fs from 'node:fs';
import path from 'node:path';
import { runForResult } from './proc.mjs';
import { fmt, ratio, summarize } from './stats.mjs';
import { appsDir, buildBareAndInstts } from './app-builds.mjs';

const runOnce = (file, env, counts) =>
  runForResult(file, {
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_SERVICE_NAME: 'bench',
    CALLS: String(counts.calls),
    WARMUP: String(counts.warmup),
    ...env,
  });

/**
 * `client`: { id, app (bench/apps/<app>.ts), rules, start() → server, env(server), resource(server),
 * variants: [bare, instts, quiet] each { id, label } }; `counts`: { calls, warmup } per run.
 * Returns [variant id, { label, baseline, usPerCall, cpuUsPerCall }] pairs (summaries over rounds).
 */
export async function runClientVariants(client, dir, { counts, rounds, log }) {
  const source = path.join(appsDir, `${client.app}.ts`);
  const [bare, instrumented, quiet] = client.variants;
  const files = {
    [bare.id]: path.join(dir, 'bare', `${client.app}.mjs`),
    [instrumented.id]: path.join(dir, 'instts', `${client.app}.mjs`),
  };
  // the same instrumented build, with nothing listening
  files[quiet.id] = files[instrumented.id];
  await buildBareAndInstts({
    source: source,
    bareFile: files[bare.id],
    insttsFile: files[instrumented.id],
    rules: client.rules,
  });
  const server = await client.start();
  try {
    const policy = path.join(dir, `policy-pass-${client.id}.json`);
    fs.writeFileSync(
      policy,
      JSON.stringify({ version: 1, flow: [{ resource: client.resource(server), threshold: 1e9 }] }),
    );
    const env = {
      [bare.id]: client.env(server),
      [instrumented.id]: { ...client.env(server), INSTTS_POLICY: policy },
      // tracing off and no policy: the rules' sites switch themselves off
      [quiet.id]: { ...client.env(server), OTEL_SDK_DISABLED: 'true' },
    };
    const samples = Object.fromEntries(client.variants.map((v) => [v.id, { wall: [], cpu: [] }]));
    for (let round = 0; round < rounds; round++) {
      for (const v of round % 2 === 0 ? client.variants : [...client.variants].reverse()) {
        const r = runOnce(files[v.id], env[v.id], counts);
        samples[v.id].wall.push(r.usPerCall);
        samples[v.id].cpu.push(r.cpuUsPerCall);
        log(
          `  round ${round + 1}/${rounds}  ${v.id.padEnd(12)} ${r.usPerCall.toFixed(1)} µs/call  ${r.cpuUsPerCall.toFixed(1)} µs CPU/call`,
        );
      }
    }
    return client.variants.map((v) => [
      v.id,
      {
        label: v.label,
        baseline: bare.id,
        usPerCall: summarize(samples[v.id].wall),
        cpuUsPerCall: summarize(samples[v.id].cpu),
      },
    ]);
  } finally {
    await server.stop();
  }
}

/**
 * The table rows of {@link runClientVariants}' results: wall and CPU time per `unit`, each as a
 * ratio to its baseline (results saved before `baseline` was recorded have `bare`).
 */
export function clientRows(results, unit) {
  const rows = [['build', `wall/${unit}`, '× bare', 'noise', `CPU/${unit}`, '× bare', 'noise']];
  for (const [id, r] of Object.entries(results)) {
    const base = results[r.baseline ?? 'bare'] ?? results[id];
    const isBase = base === r;
    rows.push([
      r.label,
      `${r.usPerCall.median.toFixed(1)} µs`,
      isBase ? '1.00×' : fmt.ratio(ratio(r.usPerCall.median, base.usPerCall.median)),
      fmt.pct(r.usPerCall.spread),
      `${r.cpuUsPerCall.median.toFixed(1)} µs`,
      isBase ? '1.00×' : fmt.ratio(ratio(r.cpuUsPerCall.median, base.cpuUsPerCall.median)),
      fmt.pct(r.cpuUsPerCall.spread),
    ]);
  }
  return rows;
}
