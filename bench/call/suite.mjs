// Per-call suite: what instrumentation adds to one call of a tiny function, sync and async.
// Each variant is built from project/ with the real CLI into a temp folder and measured in its
// own child process (a fresh V8, so one variant's feedback cannot shape another's code).
// Rounds interleave the variants; the table shows medians over rounds.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeDir } from '../lib/instts.mjs';
import { insttsBundle } from '../lib/app-builds.mjs';
import { run } from '../lib/proc.mjs';
import { fmt, ratio, summarize } from '../lib/stats.mjs';
import { markdownTable, Notes, textTable } from '../lib/table.mjs';
import { target, targetLines, targetMarkdown } from '../lib/targets.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const project = path.join(here, 'project');
const measureScript = path.join(here, 'measure.mjs');

// OTel SDK settings for the trace variant: spans are made and ended, nothing leaves the process.
const OTEL_QUIET = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };

const VARIANTS = [
  { id: 'bare', label: 'bare function', build: [] },
  {
    id: 'fast-path',
    label: 'instrumented, nothing listening',
    build: ['rules/count.json'],
    env: { INSTTS_DISABLE_RULES: '*' },
    expect: { listening: 0, hookCalls: 0 },
  },
  // trace and govern bodies run the original inside a closure (so an action can wrap the call);
  // this row shows what that costs when the rule is switched off.
  {
    id: 'govern-off',
    label: 'govern rule switched off',
    build: ['rules/govern.json'],
    env: { INSTTS_DISABLE_RULES: '*' },
    expect: { listening: 0 },
  },
  {
    id: 'count',
    label: 'counting hook (onEnter)',
    build: ['rules/count.json'],
    expect: { listening: 2, hookCallsAtLeast: 1 },
  },
  { id: 'trace', label: 'trace span (exporter none)', build: ['rules/trace.json'], env: OTEL_QUIET },
  {
    id: 'govern',
    label: 'govern, one flow rule that passes',
    build: ['rules/govern.json'],
    env: { INSTTS_POLICY: path.join(project, 'policy.json') },
  },
  { id: 'opossum', label: 'opossum breaker (async API)', wrapper: 'opossum' },
  { id: 'cockatiel', label: 'cockatiel breaker (async API)', wrapper: 'cockatiel' },
];

async function buildVariants(outRoot, log) {
  const bundles = {};
  const byRules = new Map(); // variants that differ only in their environment share a build
  for (const v of VARIANTS) {
    if (v.wrapper) continue; // wraps the bare bundle
    const key = v.build.join(',');
    if (byRules.has(key)) {
      bundles[v.id] = byRules.get(key);
      continue;
    }
    const outfile = path.join(outRoot, v.id, 'subject.mjs');
    const built = await insttsBundle({
      project,
      entry: 'src/subject.ts',
      outfile,
      rules: v.build.map((rules) => path.join(project, rules)),
    });
    bundles[v.id] = built.ok ? { file: outfile } : { failed: built.reason };
    byRules.set(key, bundles[v.id]);
    log(`  build ${v.id.padEnd(10)} ${built.ok ? 'ok' : `n/a: ${built.reason}`}`);
  }
  for (const v of VARIANTS) if (v.wrapper) bundles[v.id] = bundles.bare;
  return bundles;
}

function check(v, m) {
  const e = v.expect;
  if (!e) return undefined;
  if (e.listening !== undefined && m.listening !== e.listening)
    return `expected ${e.listening} listening sites, found ${m.listening}`;
  if (e.hookCalls !== undefined && m.hookCalls !== e.hookCalls)
    return `the hook ran ${m.hookCalls} times, expected ${e.hookCalls}`;
  if (e.hookCallsAtLeast !== undefined && m.hookCalls < e.hookCallsAtLeast) return `the hook did not run`;
  return undefined;
}

export async function runCallSuite({ quick, rounds, log }) {
  const timeMs = quick ? 400 : 1500;
  log(
    `call suite: ${VARIANTS.length} variants, ${rounds} rounds, tinybench ${timeMs} ms per task${quick ? ' (--quick)' : ''}`,
  );
  const outRoot = makeTempDir('call');
  try {
    const bundles = await buildVariants(outRoot, log);
    const samples = Object.fromEntries(
      VARIANTS.map((v) => [v.id, { sync: [], async: [], failed: bundles[v.id].failed, sites: undefined }]),
    );
    for (let round = 0; round < rounds; round++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
      for (const v of order) {
        const s = samples[v.id];
        if (s.failed) continue;
        const env = { ...process.env, ...(v.env ?? {}) };
        const result = await run(
          process.execPath,
          [measureScript, bundles[v.id].file, v.wrapper ?? 'plain', String(timeMs)],
          { cwd: here, env, allowFailure: true },
        );
        if (result.code !== 0) {
          s.failed = (
            result.stderr
              .trim()
              .split('\n')
              .find((l) => /Error/.test(l)) ?? `exit ${result.code}`
          ).slice(0, 110);
          log(`  ${v.id}: failed (${s.failed})`);
          continue;
        }
        const m = JSON.parse(result.stdout.trim().split('\n').pop());
        const problem = check(v, m);
        if (problem) {
          s.failed = problem;
          log(`  ${v.id}: ${problem}`);
          continue;
        }
        s.sync.push(m.sync.nsPerCall);
        s.async.push(m.async.nsPerCall);
        s.sites = `${m.listening}/${m.sites}`;
        log(
          `  round ${round + 1}/${rounds}  ${v.id.padEnd(10)} sync ${fmt.ns(m.sync.nsPerCall).padStart(9)}  async ${fmt.ns(m.async.nsPerCall).padStart(9)}  sites listening ${s.sites}`,
        );
      }
    }
    const results = {};
    for (const v of VARIANTS) {
      const s = samples[v.id];
      results[v.id] = {
        label: v.label,
        ...(s.failed ? { failed: s.failed } : {}),
        sitesListening: s.sites,
        syncNs: summarize(s.sync),
        asyncNs: summarize(s.async),
      };
    }
    return { suite: 'call', rounds, tinybenchTimeMs: timeMs, results, ...render({ results: results }) };
  } finally {
    removeDir(outRoot);
  }
}

/** Tables and targets from a result of this suite (also `run.mjs --render` on a saved result). */
export function render({ results }) {
  const notes = new Notes();
  const bare = results.bare;
  const rows = [['per call', 'sync', 'Δ bare', '× bare', 'noise', 'async', 'Δ bare', '× bare', 'noise']];
  for (const [id, r] of Object.entries(results)) {
    if (r.failed) {
      rows.push([r.label, notes.na(r.failed), '', '', '', '', '', '', '']);
      continue;
    }
    const cells = (key) => {
      const m = r[key].median;
      const b = bare[key].median;
      return id === 'bare'
        ? [fmt.ns(m), '', '1.00×', fmt.pct(r[key].spread)]
        : [fmt.ns(m), fmt.signedNs(m - b), fmt.ratio(ratio(m, b)), fmt.pct(r[key].spread)];
    };
    rows.push([r.label, ...cells('syncNs'), ...cells('asyncNs')]);
  }
  const title =
    'Per call: median ns per call over rounds (Δ = difference to the bare function); opossum and cockatiel only have an async API, so their sync row awaits each call';
  const delta = (id, key) => (results[id].failed || bare.failed ? NaN : results[id][key].median - bare[key].median);
  const ns = { format: fmt.ns };
  const targets = [
    target('hook off (nothing listening) over bare, sync', delta('fast-path', 'syncNs'), 2, ns),
    target('hook off (nothing listening) over bare, async', delta('fast-path', 'asyncNs'), 2, ns),
    target('governance pass path (flow rule passes) over bare, sync', delta('govern', 'syncNs'), 300, ns),
    target('governance pass path (flow rule passes) over bare, async', delta('govern', 'asyncNs'), 300, ns),
  ];
  return {
    targets,
    text: `${title}\n${notes.after(textTable(rows))}\n\nTargets\n${targetLines(targets)}`,
    markdown: `**${title}**\n\n${notes.after(markdownTable(rows) + '\n')}\n\nTargets:\n\n${targetMarkdown(targets)}`,
  };
}
