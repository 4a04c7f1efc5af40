// One client app against its own private server, in three builds, rounds alternating their
// order: the database and messaging suites' measurement.
//   bare   — bundled by plain esbuild, nothing instrumented (the baseline);
//   instts — `instts build --rules <rules>` run with tracing (exporter none) and a policy with one
//            flow rule on the client's resource that never blocks;
//   quiet  — the same instts build with nothing listening (OTEL_SDK_DISABLED=true, no policy).
// The app prints `RESULT {"usPerCall":…,"cpuUsPerCall":…}`: wall and CPU time of its process per call.

import esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineBundleOptions } from './esbuild-baseline.mjs';
import { insttsBuild } from './instts.mjs';
import { summarize } from './stats.mjs';

const appsDir = fileURLToPath(new URL('../apps/', import.meta.url));

function runOnce(file, env, counts) {
  const result = spawnSync(process.execPath, [file], {
    encoding: 'utf8',
    timeout: 300_000,
    env: {
      ...process.env,
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_SERVICE_NAME: 'bench',
      CALLS: String(counts.calls),
      WARMUP: String(counts.warmup),
      ...env,
    },
  });
  const m = /RESULT (\{.*\})/.exec(result.stdout ?? '');
  if (m === null) throw new Error(`no result (exit ${result.status}): ${(result.stderr ?? '').slice(-500)}`);
  return JSON.parse(m[1]);
}

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
  await esbuild.build({
    ...baselineBundleOptions,
    entryPoints: [source],
    outfile: files[bare.id],
    absWorkingDir: appsDir,
  });
  const built = await insttsBuild(
    [
      '-p',
      appsDir,
      '--entry',
      source,
      '--outfile',
      files[instrumented.id],
      '--format',
      'esm',
      '--no-typecheck',
      '--log-level',
      'error',
      '--rules',
      client.rules,
    ],
    { cwd: appsDir },
  );
  if (!built.ok) throw new Error(`instts build failed: ${built.reason}`);
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
