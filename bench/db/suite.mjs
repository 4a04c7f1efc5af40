// Database suite: one simple indexed query per round trip with node-postgres against a private
// PostgreSQL on 127.0.0.1 (bench/apps/pg-query.ts), in two builds:
//   bare   — bundled by plain esbuild, nothing instrumented (the baseline);
//   instts — `instts build --rules instts:db`: a CLIENT span per query (exporter none, query text
//            sanitized) and one flow rule on the pg resource that never blocks.
// Per query: wall time and CPU time of the client process.

import esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineBundleOptions } from '../lib/esbuild-baseline.mjs';
import { insttsBuild, makeTempProject, removeDir } from '../lib/instts.mjs';
import { startPostgres } from '../lib/postgres.mjs';
import { fmt, ratio, summarize } from '../lib/stats.mjs';
import { markdownTable, textTable } from '../lib/table.mjs';
import { target, targetLines, targetMarkdown } from '../lib/targets.mjs';

const appsDir = fileURLToPath(new URL('../apps/', import.meta.url));
const SOURCE = path.join(appsDir, 'pg-query.ts');
const VARIANTS = [
  { id: 'bare', label: 'bare pg (esbuild bundle)' },
  { id: 'instts', label: 'instts:db, tracing + flow rule' },
];

function runOnce(file, env, quick) {
  const result = spawnSync(process.execPath, [file], {
    encoding: 'utf8',
    timeout: 300_000,
    env: {
      ...process.env,
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_SERVICE_NAME: 'bench',
      CALLS: quick ? '5000' : '20000',
      WARMUP: quick ? '1000' : '5000',
      ...env,
    },
  });
  const m = /RESULT (\{.*\})/.exec(result.stdout ?? '');
  if (m === null) throw new Error(`no result (exit ${result.status}): ${(result.stderr ?? '').slice(-500)}`);
  return JSON.parse(m[1]);
}

export async function runDbSuite({ quick, rounds, log }) {
  const dir = makeTempProject('db');
  let db;
  try {
    const files = { bare: path.join(dir, 'bare', 'pg-query.mjs'), instts: path.join(dir, 'instts', 'pg-query.mjs') };
    await esbuild.build({ ...baselineBundleOptions, entryPoints: [SOURCE], outfile: files.bare, absWorkingDir: appsDir });
    const built = await insttsBuild(
      ['-p', appsDir, '--entry', SOURCE, '--outfile', files.instts, '--format', 'esm', '--no-typecheck', '--log-level', 'error', '--rules', 'instts:db'],
      { cwd: appsDir },
    );
    if (!built.ok) throw new Error(`instts build failed: ${built.reason}`);
    db = await startPostgres();
    const policy = path.join(dir, 'policy-pass.json');
    fs.writeFileSync(policy, JSON.stringify({ version: 1, flow: [{ resource: `pg:127.0.0.1:${db.port}/postgres`, threshold: 1e9 }] }));
    const env = { bare: { PG_URL: db.url }, instts: { PG_URL: db.url, INSTTS_POLICY: policy } };
    const samples = { bare: { wall: [], cpu: [] }, instts: { wall: [], cpu: [] } };
    for (let round = 0; round < rounds; round++) {
      for (const v of round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
        const r = runOnce(files[v.id], env[v.id], quick);
        samples[v.id].wall.push(r.usPerCall);
        samples[v.id].cpu.push(r.cpuUsPerCall);
        log(`  round ${round + 1}/${rounds}  ${v.id.padEnd(7)} ${r.usPerCall.toFixed(1)} µs/query  ${r.cpuUsPerCall.toFixed(1)} µs CPU/query`);
      }
    }
    const results = Object.fromEntries(
      VARIANTS.map((v) => [v.id, { label: v.label, usPerCall: summarize(samples[v.id].wall), cpuUsPerCall: summarize(samples[v.id].cpu) }]),
    );
    return { suite: 'db', rounds, results, ...render({ results }) };
  } finally {
    await db?.stop();
    removeDir(dir);
  }
}

export function render({ results }) {
  const rows = [['build', 'wall/query', '× bare', 'noise', 'CPU/query', '× bare', 'noise']];
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
  const title = 'Database: node-postgres, one indexed SELECT per round trip on loopback (one client, one query at a time); median over rounds';
  const targets = [
    target('pg query, instts (tracing + flow rule) wall time / bare', ratio(results.instts.usPerCall.median, results.bare.usPerCall.median), 1.05, {
      format: (r) => `${r.toFixed(3)}×`,
    }),
  ];
  return {
    targets,
    text: `${title}\n${textTable(rows)}\n\nTargets\n${targetLines(targets)}`,
    markdown: `**${title}**\n\n${markdownTable(rows)}\n\nTargets:\n\n${targetMarkdown(targets)}`,
  };
}
