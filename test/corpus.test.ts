// The transparency corpus: every program under test/corpus/NN-*/ is built twice per output
// format, plain (esbuild alone) and with every function instrumented (instts + the counting
// hook), and both builds must print the same stdout and exit with the same code. The counting
// hook reports on stderr how many instrumented calls happened, which proves the instrumented
// build really ran instrumented code.
//
// Dirs ending in `-esm` run only as ES modules (top-level await), dirs ending in `-cjs` only as
// CommonJS (sloppy-mode code). A program dir with a tsconfig.json builds with it; the others
// use test/corpus/tsconfig.json.
//
// Environment: INSTTS_CORPUS_FILTER=<regex> selects program dirs; INSTTS_CORPUS_CONCURRENCY=<n>
// sets how many cases build and run at once (default: the number of CPUs, at least 2).

import esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { instts, ROOT, runNode, type RunResult } from './cli-helpers.js';

const CORPUS = path.join(ROOT, 'test', 'corpus');
const OUT = path.join(ROOT, 'test', '.out', 'corpus');
const RULES = path.join(CORPUS, 'every-function.rules.json');
const ENTRY_NAMES = ['main.ts', 'main.js', 'main.mjs', 'main.cjs'];
const RUN_TIMEOUT_MS = 10_000;
const COUNT_LINE = /instts-corpus-count enter=(\d+) exit=(\d+)/;

type Format = 'esm' | 'cjs';

interface Program {
  name: string;
  dir: string;
  entry: string;
  tsconfig?: string;
  formats: Format[];
}

interface CaseResult {
  plainBuildError?: string;
  instBuild?: RunResult;
  plain?: RunResult;
  inst?: RunResult;
}

function listPrograms(): Program[] {
  const filter = process.env.INSTTS_CORPUS_FILTER ? new RegExp(process.env.INSTTS_CORPUS_FILTER) : undefined;
  return fs
    .readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{2}-/.test(d.name) && (!filter || filter.test(d.name)))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(CORPUS, name);
      const entryName = ENTRY_NAMES.find((f) => fs.existsSync(path.join(dir, f)));
      if (!entryName) throw new Error(`test/corpus/${name} has no entry (${ENTRY_NAMES.join(', ')})`);
      const tsconfig = path.join(dir, 'tsconfig.json');
      const formats: Format[] = name.endsWith('-esm') ? ['esm'] : name.endsWith('-cjs') ? ['cjs'] : ['esm', 'cjs'];
      return { name, dir, entry: path.join(dir, entryName), tsconfig: fs.existsSync(tsconfig) ? tsconfig : undefined, formats };
    });
}

/** Runs `fn`s with at most `limit` in flight, in submission order. */
function createLimiter(limit: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    if (active >= limit || queue.length === 0) return;
    active++;
    queue.shift()!();
  };
  return <T>(fn: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        fn()
          .then(resolve, reject)
          .finally(() => {
            active--;
            next();
          });
      });
      next();
    });
}

async function runCase(program: Program, format: Format): Promise<CaseResult> {
  const outDir = path.join(OUT, program.name, format);
  const ext = format === 'esm' ? 'mjs' : 'cjs';
  const plainFile = path.join(outDir, `plain.${ext}`);
  const instFile = path.join(outDir, `inst.${ext}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  const result: CaseResult = {};
  try {
    await esbuild.build({
      entryPoints: [program.entry],
      bundle: true,
      platform: 'node',
      format,
      target: 'node20',
      outfile: plainFile,
      tsconfig: program.tsconfig,
      logLevel: 'silent',
    });
  } catch (e) {
    result.plainBuildError = (e as Error).message;
    return result;
  }

  const args = ['build', '--entry', program.entry, '--outfile', instFile, '--format', format, '--rules', RULES, '--no-typecheck'];
  if (program.tsconfig) args.push('-p', program.tsconfig);
  result.instBuild = await instts(args, program.dir);
  if (result.instBuild.code !== 0) return result;

  [result.plain, result.inst] = await Promise.all([
    runNode([plainFile], program.dir, RUN_TIMEOUT_MS),
    runNode([instFile], program.dir, RUN_TIMEOUT_MS),
  ]);
  return result;
}

const programs = listPrograms();
const concurrency = Math.max(1, Number(process.env.INSTTS_CORPUS_CONCURRENCY) || Math.max(2, os.availableParallelism()));
const limit = createLimiter(concurrency);
const results = new Map<string, Promise<CaseResult>>();

function resultFor(program: Program, format: Format): Promise<CaseResult> {
  const key = `${program.name}/${format}`;
  let r = results.get(key);
  if (!r) {
    r = limit(() => runCase(program, format));
    results.set(key, r);
  }
  return r;
}

const show = (r: RunResult | undefined) =>
  r ? `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}` : '(not run)';

beforeAll(() => {
  // Start every case now, in test order, so the pool stays busy whatever order vitest awaits them in.
  for (const p of programs) for (const f of p.formats) void resultFor(p, f);
});

describe('transparency corpus: plain and fully instrumented builds behave the same', () => {
  it('has a program for each of the 48 pitfall cases', () => {
    if (process.env.INSTTS_CORPUS_FILTER) return;
    expect(programs.length).toBeGreaterThanOrEqual(48);
    for (let n = 1; n <= 48; n++) {
      const prefix = String(n).padStart(2, '0') + '-';
      expect(programs.some((p) => p.name.startsWith(prefix)), `program ${prefix}*`).toBe(true);
    }
  });

  describe.each(programs)('$name', (program) => {
    it.concurrent.each(program.formats)('%s', async (format) => {
      const r = await resultFor(program, format);
      const where = `test/corpus/${program.name} (${format})`;

      expect(r.plainBuildError, `${where}: plain esbuild build failed`).toBeUndefined();
      expect(r.instBuild?.code, `${where}: instts build failed\n${show(r.instBuild)}`).toBe(0);

      const plain = r.plain!;
      const inst = r.inst!;
      // The corpus programs themselves must stay healthy: exit 0 and print something.
      expect(plain.code, `${where}: the plain program must exit 0\n${show(plain)}`).toBe(0);
      expect(plain.stdout.length, `${where}: the plain program printed nothing`).toBeGreaterThan(0);

      expect(inst.stdout, `${where}: stdout differs\ninstrumented run: ${show(inst)}`).toBe(plain.stdout);
      expect(inst.code, `${where}: exit code differs\n${show(inst)}`).toBe(plain.code);
      const count = COUNT_LINE.exec(inst.stderr);
      expect(count, `${where}: the instrumented run did not report its hook count\n${show(inst)}`).not.toBeNull();
      expect(Number(count![1]), `${where}: no instrumented function was entered`).toBeGreaterThan(0);
    });
  });
});
