// Recursion-depth suite: how many frames of `depth(n) = n === 0 ? 0 : 1 + depth(n - 1)` fit on
// the default stack, plain (esbuild with instts' default options) and instrumented (hook
// listening, and switched off), cold (interpreted, `--no-opt`: the first deep call of a program)
// and warm (optimized, exception path included). Every injected local or saved register makes each frame bigger, so the ratio to
// plain is the prologue's frame cost. Each measurement runs in its own process.

import esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineBundleOptions } from '../lib/esbuild-baseline.mjs';
import { makeTempDir, removeDir } from '../lib/instts.mjs';
import { insttsBundle } from '../lib/app-builds.mjs';
import { run } from '../lib/proc.mjs';
import { fmt, ratio, summarize } from '../lib/stats.mjs';
import { markdownTable, Notes, textTable } from '../lib/table.mjs';
import { target, targetLines, targetMarkdown } from '../lib/targets.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const project = path.join(here, 'project');
const MODES = ['cold', 'warm'];
const VARIANTS = [
  { id: 'plain', label: 'plain esbuild bundle' },
  { id: 'off', label: 'instrumented, rule switched off', env: { INSTTS_DISABLE_RULES: '*' } },
  { id: 'on', label: 'instrumented, counting hook listening' },
];

async function build(outRoot) {
  const plain = path.join(outRoot, 'plain.mjs');
  await esbuild.build({
    ...baselineBundleOptions,
    entryPoints: [path.join(project, 'src', 'depth.ts')],
    outfile: plain,
  });
  const inst = path.join(outRoot, 'inst.mjs');
  const built = await insttsBundle({
    project,
    entry: 'src/depth.ts',
    outfile: inst,
    rules: path.join(project, 'rules', 'count.json'),
  });
  return {
    plain: { file: plain },
    off: built.ok ? { file: inst } : { failed: built.reason },
    on: built.ok ? { file: inst } : { failed: built.reason },
  };
}

export async function runDepthSuite({ rounds, log }) {
  log(`depth suite: ${VARIANTS.length} variants × ${MODES.length} modes, ${rounds} rounds`);
  const outRoot = makeTempDir('depth');
  try {
    const bundles = await build(outRoot);
    const samples = {};
    for (const v of VARIANTS)
      for (const m of MODES) samples[`${v.id}/${m}`] = { frames: [], failed: bundles[v.id].failed };
    for (let round = 0; round < rounds; round++) {
      for (const v of VARIANTS) {
        for (const m of MODES) {
          const s = samples[`${v.id}/${m}`];
          if (s.failed) continue;
          const result = await run(process.execPath, [...(m === 'cold' ? ['--no-opt'] : []), bundles[v.id].file, m], {
            cwd: here,
            env: { ...process.env, ...(v.env ?? {}) },
            allowFailure: true,
          });
          if (result.code !== 0) {
            s.failed = `exit ${result.code}`;
            continue;
          }
          const out = JSON.parse(result.stdout.trim().split('\n').pop());
          if (v.id === 'on' && out.hookCalls === 0) s.failed = 'the hook did not run';
          else if (v.id === 'off' && out.hookCalls !== 0) s.failed = 'the hook ran while switched off';
          else s.frames.push(out.frames);
        }
      }
      log(
        `  round ${round + 1}/${rounds} ${Object.entries(samples)
          .map(([k, s]) => `${k} ${s.frames.at(-1) ?? 'n/a'}`)
          .join('  ')}`,
      );
    }
    const results = {};
    for (const v of VARIANTS) {
      results[v.id] = { label: v.label };
      for (const m of MODES) {
        const s = samples[`${v.id}/${m}`];
        results[v.id][m] = s.failed ? { failed: s.failed } : summarize(s.frames);
      }
    }
    return { suite: 'depth', rounds, results, ...render({ results }) };
  } finally {
    removeDir(outRoot);
  }
}

/** Tables and targets from a result of this suite (also `run.mjs --render` on a saved result). */
export function render({ results }) {
  const notes = new Notes();
  const plain = results.plain;
  const rows = [['recursion depth (frames)', 'cold', '× plain', 'warm', '× plain']];
  const share = (id, m) =>
    results[id][m].failed || plain[m].failed ? NaN : ratio(results[id][m].median, plain[m].median);
  for (const [id, r] of Object.entries(results)) {
    const cells = (m) =>
      r[m].failed
        ? [notes.na(r[m].failed), '']
        : [String(r[m].median), id === 'plain' ? '1.00×' : fmt.ratio(share(id, m))];
    rows.push([r.label, ...cells('cold'), ...cells('warm')]);
  }
  const title =
    'Recursion depth: frames of a one-line recursive function on the default stack, median over rounds (cold = interpreted, warm = optimized after 20,000 short calls and one overflow)';
  const pct = { atMost: false, format: (x) => `${(x * 100).toFixed(0)} %` };
  const targets = [
    target('depth instrumented, hook off, cold, share of plain', share('off', 'cold'), 0.9, pct),
    target('depth instrumented, hook off, warm, share of plain', share('off', 'warm'), 0.9, pct),
    target('depth instrumented, hook listening, cold, share of plain', share('on', 'cold'), 0.9, pct),
    target('depth instrumented, hook listening, warm, share of plain', share('on', 'warm'), 0.9, pct),
  ];
  return {
    targets,
    text: `${title}\n${notes.after(textTable(rows))}\n\nTargets\n${targetLines(targets)}`,
    markdown: `**${title}**\n\n${notes.after(markdownTable(rows) + '\n')}\n\nTargets:\n\n${targetMarkdown(targets)}`,
  };
}
