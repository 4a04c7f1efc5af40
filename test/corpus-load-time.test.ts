// The transparency corpus at load time: a program of test/corpus/ becomes a package
// (node_modules/corpus-program, compiled to JavaScript by esbuild, CommonJS or ES module), a
// one-line entry imports it, and both builds leave it out of the bundle (`external`): the plain
// program loads it as it is, the instrumented one gets every function of it hooked as Node loads
// it (the CommonJS compile hook, or module.register() for ES modules). Same stdout, same exit
// code, and the counting hook proves the package's functions ran instrumented.
//
// A subset, not the whole corpus: the rewrite itself is the build-time one (the corpus runs it on
// every form); what differs at load time is how a package's file reaches it and how its module
// system sees the result. So: both module systems, ES module top-level await and import order,
// CommonJS getter exports and sloppy mode, and the forms whose run-time identity the hooks touch
// (this/new.target/arguments, classes and private members, generators and async ordering,
// thrown values, try/finally, callback shapes, Function#toString).
//
// Environment: INSTTS_CORPUS_FILTER=<regex> selects program dirs.

import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './cli-helpers.js';
import {
  buildAndRunTwice,
  COUNT_HOOK,
  createLimiter,
  expectSameBehaviour,
  type Format,
  type TwoBuilds,
} from './transparency-helpers.js';

const CORPUS = path.join(ROOT, 'test', 'corpus');
const OUT = path.join(ROOT, 'test', '.out', 'corpus-load-time');
const PACKAGE = 'corpus-program';
const RUN_TIMEOUT_MS = 10_000;

const PROGRAMS = [
  '02-arity-dispatch',
  '05-function-tostring',
  '09-cjs-getter-exports',
  '10-this-binding',
  '11-new-target',
  '16-private-members',
  '18-class-shapes',
  '24-try-finally',
  '27-generators',
  '29-arguments-length',
  '45-import-order',
  '52-sloppy-mode-cjs',
  '53-async-ordering',
  '54-top-level-await-esm',
  '58-async-generators',
  '60-thrown-values',
  '69-callback-shape',
];

interface Case {
  program: string;
  format: Format;
}

function casesOf(program: string): Case[] {
  const formats: Format[] = program.endsWith('-esm') ? ['esm'] : program.endsWith('-cjs') ? ['cjs'] : ['esm', 'cjs'];
  return formats.map((format) => ({ program, format }));
}

const filter = process.env.INSTTS_CORPUS_FILTER ? new RegExp(process.env.INSTTS_CORPUS_FILTER) : undefined;
const cases = PROGRAMS.filter((p) => !filter || filter.test(p)).flatMap(casesOf);
const limit = createLimiter(2);
const results = new Map<string, Promise<TwoBuilds>>();

/** The program as a package of its own, an entry importing it, and a rule file hooking every function of it. */
async function makeProject({ program, format }: Case): Promise<{ dir: string; entry: string; rules: string }> {
  const dir = path.join(OUT, `${program}-${format}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const pkg = path.join(dir, 'node_modules', PACKAGE);
  fs.mkdirSync(pkg, { recursive: true });
  const source = path.join(CORPUS, program);
  const entryName = ['main.ts', 'main.js', 'main.mjs', 'main.cjs'].find((f) => fs.existsSync(path.join(source, f)))!;
  const tsconfig = fs.existsSync(path.join(source, 'tsconfig.json'))
    ? path.join(source, 'tsconfig.json')
    : path.join(CORPUS, 'tsconfig.json');
  await esbuild.build({
    entryPoints: [path.join(source, entryName)],
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    outfile: path.join(pkg, 'index.js'),
    tsconfig,
    logLevel: 'silent',
    packages: 'external',
  });
  fs.writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({
      name: PACKAGE,
      version: '1.0.0',
      type: format === 'esm' ? 'module' : 'commonjs',
      main: 'index.js',
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'corpus-load-time', private: true, type: 'module' }),
  );
  const entry = path.join(dir, 'main.ts');
  fs.writeFileSync(entry, `import '${PACKAGE}';\n`);
  const rules = path.join(dir, 'rules.json');
  fs.writeFileSync(
    rules,
    JSON.stringify({
      rules: [
        {
          id: 'every-package-function',
          where: { module: PACKAGE, function: '*', kind: 'any' },
          do: [{ hook: { module: COUNT_HOOK, onEnter: 'onEnter', onExit: 'onExit' } }],
        },
      ],
    }),
  );
  return { dir, entry, rules };
}

function resultFor(c: Case): Promise<TwoBuilds> {
  const key = `${c.program}/${c.format}`;
  let r = results.get(key);
  if (!r) {
    r = limit(async () => {
      const { dir, entry, rules } = await makeProject(c);
      return buildAndRunTwice({
        entry,
        cwd: dir,
        outDir: path.join(dir, 'out'),
        format: c.format,
        rules,
        requireShim: true,
        timeoutMs: RUN_TIMEOUT_MS,
        external: [PACKAGE],
      });
    });
    results.set(key, r);
  }
  return r;
}

beforeAll(() => {
  for (const c of cases) void resultFor(c);
});

describe('the transparency corpus as a package instrumented at load time: plain and instrumented behave the same', () => {
  it.concurrent.each(cases)('$program ($format)', async (c) => {
    const result = await resultFor(c);
    expectSameBehaviour(result, `test/corpus/${c.program} as a package (${c.format}, load time)`);
    expect(result.instBuild!.stderr, 'the package is not listed as instrumented at load time').toMatch(
      new RegExp(`^instts: at load time .*${PACKAGE}@1\\.0\\.0 \\(1 file, [1-9]\\d* join points?\\)`, 'm'),
    );
  });
});
