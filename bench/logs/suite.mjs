// Logs suite: what `instts:logs` costs a pino or winston record written outside any span (start-up,
// background work: the hooks return after one check), in two builds of bench/apps/log-records.ts:
//   bare   — bundled by plain esbuild, nothing instrumented (the baseline);
//   instts — `instts build --rules instts:logs`.
// Per record: wall time, pino and winston apart.

import path from 'node:path';
import { makeTempProject, removeDir } from '../lib/instts.mjs';
import { fmt, ratio, summarize } from '../lib/stats.mjs';
import { markdownTable, textTable } from '../lib/table.mjs';
import { target, targetLines, targetMarkdown } from '../lib/targets.mjs';
import { runForResult } from '../lib/proc.mjs';
import { appsDir, buildBareAndInstts } from '../lib/app-builds.mjs';
const SOURCE = path.join(appsDir, 'log-records.ts');
const VARIANTS = [
  { id: 'bare', label: 'bare (esbuild bundle)' },
  { id: 'instts', label: 'instts:logs, no active span' },
];

const runOnce = (file, quick) =>
  runForResult(file, {
    OTEL_TRACES_EXPORTER: 'none',
    RECORDS: quick ? '50000' : '200000',
    WARMUP: quick ? '20000' : '50000',
  });

export async function runLogsSuite({ quick, rounds, log }) {
  const dir = makeTempProject('logs');
  try {
    const files = {
      bare: path.join(dir, 'bare', 'log-records.mjs'),
      instts: path.join(dir, 'instts', 'log-records.mjs'),
    };
    await buildBareAndInstts({ source: SOURCE, bareFile: files.bare, insttsFile: files.instts, rules: 'instts:logs' });
    const samples = { bare: { pino: [], winston: [] }, instts: { pino: [], winston: [] } };
    for (let round = 0; round < rounds; round++) {
      for (const v of round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
        const r = runOnce(files[v.id], quick);
        samples[v.id].pino.push(r.pinoNs);
        samples[v.id].winston.push(r.winstonNs);
        log(
          `  round ${round + 1}/${rounds}  ${v.id.padEnd(7)} pino ${r.pinoNs.toFixed(0)} ns/record  winston ${r.winstonNs.toFixed(0)} ns/record`,
        );
      }
    }
    const results = Object.fromEntries(
      VARIANTS.map((v) => [
        v.id,
        { label: v.label, pinoNs: summarize(samples[v.id].pino), winstonNs: summarize(samples[v.id].winston) },
      ]),
    );
    return { suite: 'logs', rounds, results, ...render({ results }) };
  } finally {
    removeDir(dir);
  }
}

export function render({ results }) {
  const rows = [['build', 'pino/record', '× bare', 'noise', 'winston/record', '× bare', 'noise']];
  for (const [id, r] of Object.entries(results)) {
    rows.push([
      r.label,
      `${r.pinoNs.median.toFixed(0)} ns`,
      id === 'bare' ? '1.00×' : fmt.ratio(ratio(r.pinoNs.median, results.bare.pinoNs.median)),
      fmt.pct(r.pinoNs.spread),
      `${r.winstonNs.median.toFixed(0)} ns`,
      id === 'bare' ? '1.00×' : fmt.ratio(ratio(r.winstonNs.median, results.bare.winstonNs.median)),
      fmt.pct(r.winstonNs.spread),
    ]);
  }
  const title = 'Logs: one record to a sink that drops it, outside any span; median over rounds';
  const format = (r) => `${r.toFixed(3)}×`;
  const targets = [
    target(
      'pino record outside a span, instts:logs / bare',
      ratio(results.instts.pinoNs.median, results.bare.pinoNs.median),
      1.05,
      { format },
    ),
    target(
      'winston record outside a span, instts:logs / bare',
      ratio(results.instts.winstonNs.median, results.bare.winstonNs.median),
      1.05,
      { format },
    ),
  ];
  return {
    targets,
    text: `${title}\n${textTable(rows)}\n\nTargets\n${targetLines(targets)}`,
    markdown: `**${title}**\n\n${markdownTable(rows)}\n\nTargets:\n\n${targetMarkdown(targets)}`,
  };
}
