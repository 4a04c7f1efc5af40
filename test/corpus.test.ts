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

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './cli-helpers.js';
import {
  buildAndRunTwice,
  createLimiter,
  expectSameBehaviour,
  type Format,
  type TwoBuilds,
} from './transparency-helpers.js';

const CORPUS = path.join(ROOT, 'test', 'corpus');
const OUT = path.join(ROOT, 'test', '.out', 'corpus');
const RULES = path.join(CORPUS, 'every-function.rules.json');
const ENTRY_NAMES = ['main.ts', 'main.js', 'main.mjs', 'main.cjs'];
const RUN_TIMEOUT_MS = 10_000;

interface Program {
  name: string;
  dir: string;
  entry: string;
  tsconfig?: string;
  formats: Format[];
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
      return {
        name,
        dir,
        entry: path.join(dir, entryName),
        tsconfig: fs.existsSync(tsconfig) ? tsconfig : undefined,
        formats,
      };
    });
}

function runCase(program: Program, format: Format): Promise<TwoBuilds> {
  return buildAndRunTwice({
    entry: program.entry,
    cwd: program.dir,
    outDir: path.join(OUT, program.name, format),
    format,
    rules: RULES,
    tsconfig: program.tsconfig,
    timeoutMs: RUN_TIMEOUT_MS,
  });
}

const programs = listPrograms();
const concurrency = Math.max(
  1,
  Number(process.env.INSTTS_CORPUS_CONCURRENCY) || Math.max(2, os.availableParallelism()),
);
const limit = createLimiter(concurrency);
const results = new Map<string, Promise<TwoBuilds>>();

function resultFor(program: Program, format: Format): Promise<TwoBuilds> {
  const key = `${program.name}/${format}`;
  let r = results.get(key);
  if (!r) {
    r = limit(() => runCase(program, format));
    results.set(key, r);
  }
  return r;
}

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
      expect(
        programs.some((p) => p.name.startsWith(prefix)),
        `program ${prefix}*`,
      ).toBe(true);
    }
  });

  describe.each(programs)('$name', (program) => {
    it.concurrent.each(program.formats)('%s', async (format) => {
      const r = await resultFor(program, format);
      expectSameBehaviour(r, `test/corpus/${program.name} (${format})`);
    });
  });
});
