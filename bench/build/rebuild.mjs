// Rebuild latency after a one-file change, for the build suite.
// Usage: node rebuild.mjs <esbuild|instts|instts-tc> <projectDir> <rulesFile> <fileToEdit> <rounds>
// Prints {"ms":[...]} on stdout.
//
// esbuild: a context built once, then per round the file is edited and ctx.rebuild() timed.
// instts: `instts build -w --preserveWatchOutput` in a child process; per round the file is edited
// and the time until the next "Watching for file changes." line is taken, minus the 250 ms tsc's
// watch (and instts's) waits after a change before building.

import esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineBundleOptions } from '../lib/esbuild-baseline.mjs';

const DEBOUNCE_MS = 250;
const [mode, projectDir, rulesArg, fileToEdit, roundsText] = process.argv.slice(2);
const rulesFile = path.resolve(rulesArg);
const dir = path.resolve(projectDir);
const file = path.resolve(dir, fileToEdit);
const rounds = Number(roundsText);
const original = fs.readFileSync(file, 'utf8');
const edit = (round) =>
  fs.writeFileSync(file, `${original}\nexport const rebuildRound${round}x${process.pid} = ${round};\n`);
const ms = [];

try {
  if (mode === 'esbuild') {
    const ctx = await esbuild.context({
      ...baselineBundleOptions,
      absWorkingDir: dir,
      entryPoints: ['src/main.ts'],
      outdir: path.join(dir, 'out', 'rebuild-esbuild'),
      tsconfig: path.join(dir, 'tsconfig.json'),
    });
    await ctx.rebuild();
    for (let round = 0; round < rounds; round++) {
      edit(round);
      const started = performance.now();
      await ctx.rebuild();
      ms.push(performance.now() - started);
    }
    await ctx.dispose();
  } else {
    const bin = fileURLToPath(new URL('../../bin/instts.js', import.meta.url));
    const args = [
      bin,
      'build',
      '-w',
      '--preserveWatchOutput',
      '--pretty',
      'false',
      '-p',
      dir,
      '--rules',
      rulesFile,
      '--outDir',
      path.join(dir, 'out', `rebuild-${mode}`),
    ];
    if (mode === 'instts') args.push('--no-typecheck');
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
    child.once('exit', (code) => {
      if (waiting) {
        console.error(`instts build -w exited with ${code}`);
        process.exit(1);
      }
    });
    let out = '';
    let waiting;
    child.stdout.on('data', (chunk) => {
      out += chunk.toString();
      if (waiting && /Watching for file changes\.\n/.test(out)) {
        out = '';
        const resolve = waiting;
        waiting = undefined;
        resolve(performance.now());
      }
    });
    const nextBuild = () =>
      new Promise((resolve, reject) => {
        waiting = resolve;
        setTimeout(() => reject(new Error('no rebuild within 120 s')), 120_000).unref();
      });
    await nextBuild();
    for (let round = 0; round < rounds; round++) {
      const done = nextBuild();
      edit(round);
      const started = performance.now();
      const ended = await done;
      ms.push(ended - started - DEBOUNCE_MS);
    }
    child.kill();
  }
} finally {
  fs.writeFileSync(file, original);
}
console.log(JSON.stringify({ ms }));
