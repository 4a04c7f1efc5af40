// tsc's compiler options on instts's command line: parsed as tsc parses them (its diagnostics and
// exit status for bad ones), applied over tsconfig.json's, and taking effect in the output and the
// type-check; an option the build cannot honour is named in a warning (an error under --strict).

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { instts, lines, listFiles, ROOT, SUMMARY, tsc, writeProject } from './cli-helpers.js';

function project(name: string, files: Record<string, string>): string {
  return writeProject(path.join(ROOT, 'test', '.out', 'cli-tsc-options', String(process.pid), name), files);
}

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'ES2020',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    skipLibCheck: true,
    types: [],
    outDir: 'dist',
    rootDir: 'src',
  },
  include: ['src'],
});
const PACKAGE = JSON.stringify({ name: 'tsc-options', private: true, type: 'module', main: 'dist/index.js' });
const CLASS_FIELDS =
  'class Counter {\n  #count = 1;\n  get count() {\n    return this.#count;\n  }\n}\nconsole.log(new Counter().count);\n';

/** The same project twice: one for tsc, one for instts. */
function pair(name: string, files: Record<string, string>): [string, string] {
  const all = { 'tsconfig.json': TSCONFIG, 'package.json': PACKAGE, ...files };
  return [project(`${name}-tsc`, all), project(name, all)];
}

describe('instts build: tsc compiler options on the command line', () => {
  it('--noEmitOnError with a type error writes nothing and exits 1, as tsc', async () => {
    const [withTsc, withInstts] = pair('no-emit-on-error', { 'src/index.ts': 'export const a: number = "x";\n' });
    const [tscRun, run] = await Promise.all([
      tsc(['-p', '.', '--noEmitOnError'], withTsc),
      instts(['build', '-p', '.', '--noEmitOnError'], withInstts),
    ]);
    expect(tscRun.code).toBe(1);
    expect(run.code).toBe(tscRun.code);
    expect(run.stdout).toBe(tscRun.stdout);
    expect(listFiles(withInstts)).toEqual(listFiles(withTsc));
    expect(listFiles(withInstts)).not.toContain('dist/index.js');
  });

  it('--outDir, --target and --sourceMap false change the output as they change tsc’s', async () => {
    const [withTsc, withInstts] = pair('emit', { 'src/index.ts': CLASS_FIELDS });
    const args = ['--outDir', 'build', '--target', 'es2022', '--sourceMap', 'false'];
    const [tscRun, run, plain] = await Promise.all([
      tsc(['-p', '.', ...args], withTsc),
      instts(['build', '-p', '.', ...args], withInstts),
      instts(['build', '-p', '.', '--outDir', 'plain'], withInstts),
    ]);
    expect(tscRun.code).toBe(0);
    expect(run.code, run.stderr).toBe(0);
    expect(listFiles(withTsc)).toContain('build/index.js');
    expect(listFiles(withInstts).filter((f) => f.startsWith('build/'))).toEqual(['build/index.js']);
    // es2022 keeps private fields, as tsc's output does; tsconfig's es2020 lowers them
    expect(fs.readFileSync(path.join(withTsc, 'build', 'index.js'), 'utf8')).toContain('#count');
    expect(fs.readFileSync(path.join(withInstts, 'build', 'index.js'), 'utf8')).toContain('#count');
    expect(plain.code, plain.stderr).toBe(0);
    expect(fs.readFileSync(path.join(withInstts, 'plain', 'index.js'), 'utf8')).not.toContain('#count');
    expect(fs.existsSync(path.join(withInstts, 'plain', 'index.js.map'))).toBe(true);
  });

  it('a type-check option (--noImplicitAny) reaches the type-check: tsc’s diagnostics and exit status', async () => {
    const [withTsc, withInstts] = pair('type-check', { 'src/index.ts': 'export function f(x) {\n  return x;\n}\n' });
    const [tscRun, run] = await Promise.all([
      tsc(['-p', '.', '--noImplicitAny', '--noEmit'], withTsc),
      instts(['build', '-p', '.', '--noImplicitAny', '--noEmit'], withInstts),
    ]);
    expect(tscRun.stdout).toContain('error TS7006');
    expect(run.stdout).toBe(tscRun.stdout);
    expect(run.code).toBe(tscRun.code);
  });

  it('a bad value and an unknown option: tsc’s diagnostic and exit status, nothing written', async () => {
    const [withTsc, withInstts] = pair('bad-options', { 'src/index.ts': 'console.log(1);\n' });
    for (const args of [['--target', 'es1999'], ['--frobnicate'], ['--noEmitOnErr'], ['--outDir']]) {
      const [tscRun, run] = await Promise.all([
        tsc(['-p', '.', ...args], withTsc),
        instts(['build', '-p', '.', ...args], withInstts),
      ]);
      expect(tscRun.code, args.join(' ')).toBe(1);
      expect(run.code, args.join(' ')).toBe(1);
      expect(lines(run.stderr), args.join(' ')).toEqual(lines(tscRun.stdout));
      expect(lines(run.stderr)[0]).toMatch(/^error TS(6046|5023|5025|6044): /);
    }
    expect(listFiles(withInstts)).toEqual(['package.json', 'src/index.ts', 'tsconfig.json']);
  });

  it('a response file (@file) holds tsc’s options and instts’s, read as tsc reads it', async () => {
    const args = '--outDir build\n--target "es2022"   --sourceMap false\n--rules instts:http\n';
    const [withTsc, withInstts] = pair('response-file', {
      'src/index.ts': CLASS_FIELDS,
      'args.txt': args.replace('--rules instts:http\n', ''),
      'all.txt': `@args.txt\n--rules instts:http\n`,
    });
    const [tscRun, run] = await Promise.all([
      tsc(['-p', '.', '@args.txt'], withTsc),
      instts(['build', '-p', '.', '@all.txt', '--log-level', 'verbose'], withInstts),
    ]);
    expect(tscRun.code).toBe(0);
    expect(run.code, run.stderr).toBe(0);
    expect(listFiles(withTsc)).toContain('build/index.js');
    expect(listFiles(withInstts).filter((f) => f.startsWith('build/'))).toEqual(['build/index.js']);
    expect(fs.readFileSync(path.join(withInstts, 'build', 'index.js'), 'utf8')).toContain('#count');
    // the instts option in the nested file took effect: the built-in HTTP rules were loaded
    expect(run.stderr).toMatch(/rules: \d+ rules from .*node-http\/rules\.json/);
  });

  it('a response file that cannot be read, or has an open quote: tsc’s diagnostic and exit status, nothing written', async () => {
    const [withTsc, withInstts] = pair('bad-response-file', {
      'src/index.ts': 'console.log(1);\n',
      'open.txt': '--outDir "build\n',
    });
    for (const arg of ['@missing.txt', '@open.txt']) {
      const [tscRun, run] = await Promise.all([
        tsc(['-p', '.', arg], withTsc),
        instts(['build', '-p', '.', arg], withInstts),
      ]);
      expect(tscRun.code, arg).toBe(1);
      expect(run.code, arg).toBe(1);
      expect(lines(run.stderr), arg).toEqual(lines(tscRun.stdout));
    }
    expect(listFiles(withInstts)).toEqual(['open.txt', 'package.json', 'src/index.ts', 'tsconfig.json']);
    // files that name each other end with an error (tsc's parser overflows its stack there)
    fs.writeFileSync(path.join(withInstts, 'loop.txt'), '@loop.txt\n');
    const loop = await instts(['build', '-p', '.', '@loop.txt'], withInstts);
    expect(loop.code).toBe(1);
    expect(lines(loop.stderr)).toEqual([
      "error INSTTS2007: more than 100 response files: 'loop.txt' is read again and again (response files that name each other?)",
    ]);
  });

  it('a misspelt instts option is still named by instts, with the option meant (exit 3)', async () => {
    const dir = project('misspelt-own', {
      'tsconfig.json': TSCONFIG,
      'package.json': PACKAGE,
      'src/index.ts': 'console.log(1);\n',
    });
    const run = await instts(['build', '--rule', 'instts:http'], dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/unknown option '--rule'[\s\S]*--rules/);
    expect(listFiles(dir)).toEqual(['package.json', 'src/index.ts', 'tsconfig.json']);
  });

  it('an option the build cannot honour is named in a warning; under --strict it fails the build', async () => {
    const dir = project('not-honoured', {
      'tsconfig.json': TSCONFIG,
      'package.json': PACKAGE,
      'src/index.ts': 'console.log(1);\n',
    });
    const warned = await instts(['build', '--importHelpers'], dir);
    expect(warned.code, warned.stderr).toBe(0);
    expect(lines(warned.stderr)).toEqual([
      'warning INSTTS2008: --importHelpers is not honoured by this build: esbuild writes the helpers it needs into the output, never imports them from tslib',
      expect.stringMatching(SUMMARY),
    ]);
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    const strict = await instts(['build', '--importHelpers', '--strict'], dir);
    expect(strict.code).toBe(1);
    expect(lines(strict.stderr).filter((l) => l.includes('INSTTS2008'))).toEqual([
      'error INSTTS2008: --importHelpers is not honoured by this build: esbuild writes the helpers it needs into the output, never imports them from tslib',
    ]);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('instts inspect applies them too, and rejects an unknown one as tsc does', async () => {
    const dir = project('inspect', {
      'tsconfig.json': TSCONFIG,
      'package.json': PACKAGE,
      'src/index.ts': 'export function handle() {\n  return 1;\n}\nhandle();\n',
      'rules/rules.json': JSON.stringify({
        rules: [{ id: 'r', where: { function: 'handle' }, do: [{ trace: {} }] }],
      }),
    });
    const [ok, bad] = await Promise.all([
      instts(['inspect', '--rules', 'rules/rules.json', '--target', 'es2022', '--noImplicitAny'], dir),
      instts(['inspect', '--rules', 'rules/rules.json', '--frobnicate'], dir),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('match  src/index.ts:1');
    expect(bad.code).toBe(1);
    expect(lines(bad.stderr)).toEqual(["error TS5023: Unknown compiler option '--frobnicate'."]);
  });
});
