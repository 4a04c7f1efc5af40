// Start-up suite: time to first request of the express 4 hello-world app (bench/apps/express.ts)
// built `--no-bundle` (tsc's layout, express loaded from node_modules), from spawning `node
// dist/express.js` to the first answer on 127.0.0.1:
//   plain        — esbuild per file, nothing instrumented (the baseline);
//   instrumented — `instts build --no-bundle --rules instts:http`: express and node:http get
//                  their hooks at load time (docs/adr/0006-load-time-instrumentation.md);
//                  tracing on with exporter none, as in the HTTP suite.
// Cold is the first start after the build; warm the median of the starts after it. instts
// keeps no run-time cache (nothing is rewritten at run time), so cold and warm differ only by
// what the OS and Node have cached: the row shows that there is no first-start penalty.

import esbuild from 'esbuild';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { insttsBuild, makeTempProject, removeDir } from '../lib/instts.mjs';
import { startServer } from '../lib/proc.mjs';
import { fmt, ratio, summarize } from '../lib/stats.mjs';
import { markdownTable, Notes, textTable } from '../lib/table.mjs';
import { target, targetLines, targetMarkdown } from '../lib/targets.mjs';

const appsDir = fileURLToPath(new URL('../apps/', import.meta.url));
const ENV = {
  OTEL_TRACES_EXPORTER: 'none',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_LOGS_EXPORTER: 'none',
  OTEL_SERVICE_NAME: 'bench',
};

function firstAnswer(port) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
  });
}

/**
 * CPU time a process has used, in ms: the sum of its threads' run time from
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds). /proc/<pid>/stat counts in ticks of 10 ms,
 * too coarse for a start of about 300 ms; schedstat misses only threads that already ended
 * (Node keeps its worker and platform threads for the process's life).
 */
function cpuMs(pid) {
  try {
    let ns = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // the thread ended between the listing and the read
      }
    }
    return ns / 1e6;
  } catch {
    return NaN;
  }
}

/**
 * Milliseconds from spawning `node file` to the end of its first 200 answer, and the CPU time the
 * server used until then (much less disturbed by other work on a shared machine than wall time).
 */
async function timeToFirstRequest(file, cwd) {
  const started = performance.now();
  const server = await startServer(process.execPath, [file], { cwd, env: { ...process.env, ...ENV } });
  try {
    await firstAnswer(server.port);
    return { wall: performance.now() - started, cpu: cpuMs(server.pid) };
  } finally {
    await server.stop();
  }
}

export async function runStartupSuite({ quick, rounds, log }) {
  const started = performance.now();
  const project = makeTempProject('startup');
  try {
    fs.copyFileSync(path.join(appsDir, 'express.ts'), path.join(project, 'express.ts'));
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ type: 'module' }));
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          skipLibCheck: true,
          esModuleInterop: true,
          types: ['node'],
        },
        include: ['*.ts'],
      }),
    );
    const plainDir = path.join(project, 'plain');
    await esbuild.build({
      entryPoints: [path.join(project, 'express.ts')],
      bundle: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outdir: plainDir,
      logLevel: 'silent',
    });
    const built = await insttsBuild(
      ['--no-bundle', '--rules', 'instts:http', '--no-typecheck', '--entry', 'express.ts', '--outDir', 'inst'],
      { cwd: project },
    );
    const variants = {
      plain: path.join(plainDir, 'express.js'),
      instrumented: path.join(project, 'inst', 'express.js'),
    };
    const results = {
      plain: { cold: NaN, warm: [], cpu: [] },
      instrumented: { cold: NaN, warm: [], cpu: [] },
      failed: built.ok ? undefined : built.reason,
    };
    const starts = quick ? Math.max(rounds, 5) : Math.max(rounds, 10);
    for (let i = 0; i <= starts; i++) {
      for (const [id, file] of Object.entries(variants)) {
        if (id === 'instrumented' && !built.ok) continue;
        const { wall, cpu } = await timeToFirstRequest(file, project);
        if (i === 0) results[id].cold = wall;
        else {
          results[id].warm.push(wall);
          results[id].cpu.push(cpu);
        }
      }
      log(`bench: startup round ${i}/${starts}`);
    }
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const summary = {
      plain: { cold: results.plain.cold, warm: summarize(results.plain.warm), cpu: summarize(results.plain.cpu) },
      instrumented: {
        cold: results.instrumented.cold,
        warm: summarize(results.instrumented.warm),
        cpu: summarize(results.instrumented.cpu),
      },
      failed: results.failed,
    };
    return { suite: 'startup', starts, seconds, results: summary, ...render({ results: summary }) };
  } finally {
    removeDir(project);
  }
}

/** Table and target from a result of this suite (also `run.mjs --render` on a saved result). */
export function render({ results }) {
  const notes = new Notes();
  const base = results.plain.warm.median;
  const baseCpu = results.plain.cpu?.median;
  const rows = [
    [
      'express 4, --no-bundle',
      'cold (first start)',
      'warm (median)',
      'noise',
      'warm vs plain',
      'CPU to first answer',
      'CPU vs plain',
    ],
  ];
  rows.push([
    'plain (esbuild per file)',
    fmt.ms(results.plain.cold),
    fmt.ms(base),
    fmt.pct(results.plain.warm.spread),
    '1.00×',
    fmt.ms(baseCpu),
    '1.00×',
  ]);
  const inst = results.instrumented;
  rows.push(
    results.failed
      ? ['instts:http at load time', notes.na(results.failed), '', '', '', '', '']
      : [
          'instts:http at load time',
          fmt.ms(inst.cold),
          fmt.ms(inst.warm.median),
          fmt.pct(inst.warm.spread),
          fmt.ratio(ratio(inst.warm.median, base)),
          fmt.ms(inst.cpu?.median),
          fmt.ratio(ratio(inst.cpu?.median, baseCpu)),
        ],
  );
  const targets = [
    target('time to first request, instrumented warm vs plain', ratio(inst.warm.median, base), 1.2, {
      format: fmt.ratio,
    }),
  ];
  const title =
    'Start-up: time from `node dist/express.js` to the first answer (express loaded from node_modules; instrumented = hooks put in place at load time, tracing on, exporter none)';
  return {
    text: `${title}\n${notes.after(textTable(rows))}\n\nTargets\n${targetLines(targets)}`,
    markdown: `**${title}**\n\n${notes.after(markdownTable(rows) + '\n')}\n\nTargets:\n\n${targetMarkdown(targets)}`,
  };
}
