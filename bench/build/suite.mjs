// Build suite: generated projects of two sizes built by plain esbuild (the baseline), by
// `instts build` (a rule matching nothing / 10 % of functions matched; with and without the
// type-check) and by tsc (--noEmit, and emitting). Each command is a child process: wall time
// from spawn to exit, peak memory of its process tree.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.mjs';
import {
  insttsBin,
  looksTransient,
  makeTempProject,
  nodeModules,
  removeDir,
  RETRY_PAUSE_MS,
  sleep,
} from '../lib/instts.mjs';
import { runMeasured } from '../lib/proc.mjs';
import { fmt, ratio, summarize } from '../lib/stats.mjs';
import { markdownTable, Notes, textTable } from '../lib/table.mjs';
import { target, targetLines, targetMarkdown } from '../lib/targets.mjs';

const esbuildBundleScript = fileURLToPath(new URL('./esbuild-bundle.mjs', import.meta.url));
const rebuildScript = fileURLToPath(new URL('./rebuild.mjs', import.meta.url));

// Rebuild after a one-file change: esbuild's own context.rebuild() is the baseline.
const REBUILD_VARIANTS = [
  { id: 'esbuild', label: 'esbuild context.rebuild() (baseline)' },
  { id: 'instts', label: 'instts build -w, 10 % hooked, --no-typecheck' },
  { id: 'instts-tc', label: 'instts build -w, 10 % hooked, type-check' },
];

/** Per variant, the rebuild times of `rounds` one-file edits (bench/build/rebuild.mjs). */
async function measureRebuilds(dir, rounds, log) {
  const results = {};
  for (const v of REBUILD_VARIANTS) {
    const run = await runMeasured(
      process.execPath,
      [rebuildScript, v.id, dir, path.join(dir, 'bench-rules', 'ten.json'), 'src/m0/f1.ts', String(rounds)],
      { cwd: dir },
    );
    let ms = [];
    try {
      ms = JSON.parse(run.stdout.trim().split('\n').at(-1)).ms;
    } catch {
      results[v.id] = { label: v.label, failed: reason(run), ms: summarize([]) };
      log(`  rebuild ${v.id}: failed (${results[v.id].failed})`);
      continue;
    }
    results[v.id] = { label: v.label, ms: summarize(ms) };
    log(`  rebuild ${v.id.padEnd(10)} ${ms.map((m) => fmt.ms(m)).join(' ')}`);
  }
  return results;
}
const tscBin = path.join(nodeModules, 'typescript', 'bin', 'tsc');

const COUNT_HOOK = `// Counts calls; the build suite never runs the output, the hook only has to be bundled.
let calls = 0;
export function enter(): void {
  calls++;
}
export function count(): number {
  return calls;
}
`;

const hookAction = { hook: { module: './count.ts', onEnter: 'enter' } };
const RULES = {
  // No function has this name, so the pre-filter skips every file: the cost of having instts in
  // the pipeline when a rule set does not apply to this project.
  none: { rules: [{ id: 'bench-none', where: { function: 'noSuchFunctionAnywhere' }, do: [hookAction] }] },
  // Each part file has 15 join points; `load` (every file) and `top` (even-numbered files)
  // are 1.5 of them: 10 % of the project's functions, spread over every file.
  ten: {
    rules: [
      { id: 'bench-load', where: { function: 'load' }, do: [hookAction] },
      { id: 'bench-top', where: { file: 'src/**/f*[02468].ts', function: 'top' }, do: [hookAction] },
    ],
  },
  // Only to count the join points once (share matched by `ten`); never timed.
  all: { rules: [{ id: 'bench-all', where: { function: '*' }, do: [hookAction] }] },
};

function variants(dir) {
  const out = (id) => path.join(dir, 'out', id);
  const instts = (rules, typecheck, id) => [
    process.execPath,
    [
      insttsBin,
      'build',
      '-p',
      dir,
      '--rules',
      path.join(dir, 'bench-rules', `${rules}.json`),
      '--outDir',
      out(id),
      '--report',
      path.join(dir, 'out', `${id}.report.json`),
      ...(typecheck ? [] : ['--no-typecheck']),
    ],
  ];
  return [
    {
      id: 'esbuild',
      label: 'esbuild bundle (baseline)',
      cmd: [process.execPath, [esbuildBundleScript, dir, 'src/main.ts', out('esbuild')]],
    },
    {
      id: 'instts-none',
      label: 'instts, rule matching nothing, --no-typecheck',
      cmd: instts('none', false, 'instts-none'),
    },
    {
      id: 'instts-10',
      label: 'instts, 10 % of functions hooked, --no-typecheck',
      cmd: instts('ten', false, 'instts-10'),
    },
    {
      id: 'instts-none-tc',
      label: 'instts, rule matching nothing, type-check',
      cmd: instts('none', true, 'instts-none-tc'),
      typecheck: true,
    },
    {
      id: 'instts-10-tc',
      label: 'instts, 10 % hooked, type-check',
      cmd: instts('ten', true, 'instts-10-tc'),
      typecheck: true,
    },
    { id: 'tsc-noemit', label: 'tsc --noEmit', cmd: [process.execPath, [tscBin, '--noEmit', '-p', dir]] },
    { id: 'tsc', label: 'tsc (emit)', cmd: [process.execPath, [tscBin, '-p', dir, '--outDir', out('tsc')]] },
  ];
}

function writeRules(dir) {
  const rulesDir = path.join(dir, 'bench-rules');
  fs.mkdirSync(rulesDir, { recursive: true });
  fs.writeFileSync(path.join(rulesDir, 'count.ts'), COUNT_HOOK);
  for (const [name, rules] of Object.entries(RULES))
    fs.writeFileSync(path.join(rulesDir, `${name}.json`), JSON.stringify(rules, null, 2));
}

function reason(result) {
  const text = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = text.find((l) => /error/i.test(l)) ?? text[0] ?? `exit ${result.code}`;
  return line.length > 110 ? `${line.slice(0, 107)}…` : line;
}

async function measureSize(files, rounds, log) {
  const dir = makeTempProject(`build-${files}`);
  try {
    const generatedAt = performance.now();
    const { files: written } = generateProject(dir, files);
    writeRules(dir);
    log(`  generated ${written} files in ${dir} (${Math.round(performance.now() - generatedAt)} ms)`);
    const list = variants(dir);
    const samples = Object.fromEntries(list.map((v) => [v.id, { ms: [], peakRssMb: [], failed: undefined }]));

    // Untimed: fill the page cache (node_modules, the tools themselves; the sources were just written).
    await runMeasured(...list[0].cmd);

    for (let round = 0; round < rounds; round++) {
      // Rotate the order each round so drift and cache effects do not favour one variant.
      const order = list.map((_, i) => list[(i + round) % list.length]);
      for (const v of order) {
        const s = samples[v.id];
        if (s.failed) continue;
        fs.rmSync(path.join(dir, 'out', v.id), { recursive: true, force: true });
        let result = await runMeasured(...v.cmd, { cwd: dir });
        if (result.code !== 0 && looksTransient(`${result.stdout}\n${result.stderr}`)) {
          log(`  ${files} files  ${v.id}: failed, retrying in ${RETRY_PAUSE_MS / 1000} s (dist/ being rebuilt?)`);
          await sleep(RETRY_PAUSE_MS);
          fs.rmSync(path.join(dir, 'out', v.id), { recursive: true, force: true });
          result = await runMeasured(...v.cmd, { cwd: dir });
        }
        if (result.code !== 0) {
          s.failed = reason(result);
          log(`  ${files} files  ${v.id}: failed (${s.failed})`);
          continue;
        }
        s.ms.push(result.ms);
        s.peakRssMb.push(result.peakRssMb);
        log(
          `  ${files} files  round ${round + 1}/${rounds}  ${v.id.padEnd(15)} ${fmt.ms(result.ms).padStart(8)}  ${fmt.mb(result.peakRssMb).padStart(7)}`,
        );
      }
    }

    const report = (id) => {
      try {
        return JSON.parse(fs.readFileSync(path.join(dir, 'out', `${id}.report.json`), 'utf8'));
      } catch {
        return undefined;
      }
    };
    const matched = report('instts-10')?.joinPoints;
    // The share of functions the 10 % rule matched: its matches against every join point
    // (counted once with a rule matching all functions; not timed).
    const all = await runMeasured(
      process.execPath,
      [
        insttsBin,
        'build',
        '-p',
        dir,
        '--rules',
        path.join(dir, 'bench-rules', 'all.json'),
        '--outDir',
        path.join(dir, 'out', 'all'),
        '--report',
        path.join(dir, 'out', 'all.report.json'),
        '--no-typecheck',
        '--log-level',
        'error',
      ],
      { cwd: dir },
    );
    const total = all.code === 0 ? report('all')?.joinPoints : undefined;

    const rebuild = await measureRebuilds(dir, Math.max(rounds, 3), log);

    const results = {};
    for (const v of list) {
      const s = samples[v.id];
      results[v.id] = {
        label: v.label,
        ...(s.failed ? { failed: s.failed } : {}),
        ms: summarize(s.ms),
        peakRssMb: summarize(s.peakRssMb),
      };
    }
    return { files: written, parts: files, joinPoints: total, matchedJoinPoints: matched, variants: results, rebuild };
  } finally {
    removeDir(dir);
  }
}

export async function runBuildSuite({ quick, rounds, sizes: requested, log }) {
  const sizes = requested ?? (quick ? [100, 500] : [1000, 10000]);
  log(
    `build suite: projects of ${sizes.join(' and ')} files${quick ? ' (--quick; the full run uses 1,000 and 10,000)' : ''}, ${rounds} rounds`,
  );
  const bySize = [];
  for (const files of sizes) bySize.push(await measureSize(files, rounds, log));
  return { suite: 'build', sizes, rounds, results: bySize, ...render({ results: bySize }) };
}

/** Tables and targets from a result of this suite (also `run.mjs --render` on a saved result). */
export function render({ results: bySize }) {
  const out = [];
  const md = [];
  for (const size of bySize) {
    const v = size.variants;
    const base = v.esbuild.ms.median;
    const tscNoEmit = v['tsc-noemit'].ms.median;
    const notes = new Notes();
    const rows = [['build', 'median', 'noise', '× esbuild', '× tsc --noEmit', 'peak RSS']];
    for (const [id, r] of Object.entries(v)) {
      if (r.failed) {
        rows.push([r.label, notes.na(r.failed), '', '', '', '']);
        continue;
      }
      rows.push([
        r.label,
        fmt.ms(r.ms.median),
        fmt.pct(r.ms.spread),
        id === 'esbuild' ? '1.00×' : fmt.ratio(ratio(r.ms.median, base)),
        id.endsWith('-tc') || id === 'tsc-noemit' ? fmt.ratio(ratio(r.ms.median, tscNoEmit)) : '',
        fmt.mb(r.peakRssMb.median),
      ]);
    }
    const share =
      size.joinPoints && size.matchedJoinPoints
        ? ` — the 10 % rule matched ${size.matchedJoinPoints.toLocaleString('en-US')} of ${size.joinPoints.toLocaleString('en-US')} join points (${((100 * size.matchedJoinPoints) / size.joinPoints).toFixed(1)} %)`
        : '';
    const title = `Build, ${size.files.toLocaleString('en-US')} files${share}`;
    out.push(`${title}\n${notes.after(textTable(rows))}`);
    md.push(`**${title}**\n\n${notes.after(markdownTable(rows) + '\n')}`);
    if (size.rebuild) {
      const rb = size.rebuild;
      const rebuildBase = rb.esbuild?.failed ? NaN : rb.esbuild?.ms.median;
      const rebuildRows = [['rebuild after a one-file edit', 'median', 'noise', '× esbuild rebuild']];
      for (const [id, r] of Object.entries(rb)) {
        if (r.failed) rebuildRows.push([r.label, `n/a (${r.failed})`, '', '']);
        else
          rebuildRows.push([
            r.label,
            fmt.ms(r.ms.median),
            fmt.pct(r.ms.spread),
            id === 'esbuild' ? '1.00×' : fmt.ratio(ratio(r.ms.median, rebuildBase)),
          ]);
      }
      const rebuildTitle = `Rebuild latency, ${size.files.toLocaleString('en-US')} files (instts: edit to "Watching for file changes.", less the 250 ms wait after a change)`;
      out.push(`${rebuildTitle}\n${textTable(rebuildRows)}`);
      md.push(`**${rebuildTitle}**\n\n${markdownTable(rebuildRows)}`);
    }
  }
  if (bySize.length === 2) {
    const [small, large] = bySize;
    const fileRatio = large.files / small.files;
    const rows = [
      [
        'build',
        `${small.files.toLocaleString('en-US')} files`,
        `${large.files.toLocaleString('en-US')} files`,
        'time ratio',
        `growth (÷ ${fileRatio.toFixed(1)})`,
        'peak RSS ratio',
      ],
    ];
    for (const id of Object.keys(small.variants)) {
      const a = small.variants[id];
      const b = large.variants[id];
      if (a.failed || b.failed) {
        rows.push([
          a.label,
          a.failed ? 'n/a' : fmt.ms(a.ms.median),
          b.failed ? 'n/a' : fmt.ms(b.ms.median),
          '',
          '',
          '',
        ]);
        continue;
      }
      const timeRatio = ratio(b.ms.median, a.ms.median);
      rows.push([
        a.label,
        fmt.ms(a.ms.median),
        fmt.ms(b.ms.median),
        fmt.ratio(timeRatio),
        fmt.ratio(timeRatio / fileRatio),
        fmt.ratio(ratio(b.peakRssMb.median, a.peakRssMb.median)),
      ]);
    }
    const title = `Build growth: time(large) / time(small), then divided by the file ratio (1.00× = linear, below = sub-linear)`;
    out.push(`${title}\n${textTable(rows)}`);
    md.push(`**${title}**\n\n${markdownTable(rows)}`);
  }
  const targets = buildTargets(bySize);
  out.push(`Targets (the ${bySize.at(-1).files.toLocaleString('en-US')}-file project)\n${targetLines(targets)}`);
  md.push(`Targets (the ${bySize.at(-1).files.toLocaleString('en-US')}-file project):\n\n${targetMarkdown(targets)}`);
  return { targets, text: out.join('\n\n'), markdown: md.join('\n\n') };
}

function buildTargets(bySize) {
  const large = bySize.at(-1).variants;
  const ms = (id) => (large[id].failed ? NaN : large[id].ms.median);
  const x = { format: (r) => `${r.toFixed(2)}×` };
  const targets = [
    target('instts, no rule matches / esbuild', ratio(ms('instts-none'), ms('esbuild')), 1.15, x),
    target('instts, 10 % matched / esbuild', ratio(ms('instts-10'), ms('esbuild')), 1.5, x),
    target('instts with type-check (no match) / tsc --noEmit', ratio(ms('instts-none-tc'), ms('tsc-noemit')), 1.1, x),
    target('instts with type-check (10 % matched) / tsc --noEmit', ratio(ms('instts-10-tc'), ms('tsc-noemit')), 1.1, x),
  ];
  if (bySize.length === 2) {
    // "Close to linear": the time per file at the large size at most 10 % above the small one's.
    const [small] = bySize;
    const fileRatio = bySize[1].files / small.files;
    for (const id of ['instts-none', 'instts-10', 'instts-10-tc']) {
      const a = small.variants[id];
      const growth = a.failed || large[id].failed ? NaN : ratio(large[id].ms.median, a.ms.median) / fileRatio;
      targets.push(
        target(
          `growth ${small.files.toLocaleString('en-US')} → ${bySize[1].files.toLocaleString('en-US')} files, ${a.label} (time ratio ÷ file ratio)`,
          growth,
          1.1,
          x,
        ),
      );
    }
  }
  return targets;
}
