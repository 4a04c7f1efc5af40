// Successful builds end to end: bundle and per-file modes, formats, entry points, config files,
// the report and the dump, tsconfig paths, instrumented packages, and source maps. Every build
// runs once (all of them concurrently, in beforeAll); the tests then look at what they wrote and
// run it.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  copyFixture,
  expectNoStackTrace,
  instts,
  lines,
  listFiles,
  runNode,
  SUMMARY,
  tsc,
  type RunResult,
} from './cli-helpers.js';

const SUITE = 'cli-build';

const BASIC_OUTPUT = [
  'version: 1.0.0',
  '[enter orders] OrderService.place (sync)',
  '[exit orders] OrderService.place -> 2 x book',
  'place: 2 x book',
  'label: orders(2)',
  '[exit areas] Square.area -> 9',
  'area: 9',
  '[enter orders] OrderService.total (async)',
  '[exit orders] OrderService.total -> 6',
  'total: 6',
];
const UNUSED_WARNING =
  "rules/rules.json(14,5): warning INSTTS1011: rule 'unused' matched nothing in the files this build loaded";

const dirs: Record<string, string> = {};
const builds: Record<string, RunResult> = {};

beforeAll(async () => {
  dirs.basic = copyFixture(SUITE, 'basic');
  dirs.perfile = copyFixture(SUITE, 'perfile');
  dirs.configs = copyFixture(SUITE, 'configs', { linkInstts: true });
  dirs.paths = copyFixture(SUITE, 'paths');
  dirs.pkg = copyFixture(SUITE, 'pkg', { packages: { 'fake-pkg': 'fake-pkg' } });
  dirs.sourcemap = copyFixture(SUITE, 'sourcemap');
  // an earlier file in the output folder that the build must leave alone
  fs.mkdirSync(path.join(dirs.basic, 'out-cjs-dir'));
  fs.writeFileSync(path.join(dirs.basic, 'out-cjs-dir', 'package.json'), '{ "type": "commonjs" }\n');

  const basic = (...args: string[]) => instts(['build', '--rules', 'rules/rules.json', ...args], dirs.basic!);
  const runs: Record<string, Promise<RunResult>> = {
    // entry from package.json "main" (dist/index.js → src/index.ts), tsconfig outDir, type-check on
    basicDefault: basic('--report', 'reports/default.json'),
    // the same entry when --outDir moves the output elsewhere
    basicOutDir: basic('--outDir', 'out-esm', '--no-typecheck'),
    basicStrict: basic('--outDir', 'out-strict', '--no-typecheck', '--strict'),
    basicCjsOutfile: basic('--format', 'cjs', '--outfile', 'out-cjs/app.cjs', '--no-typecheck'),
    basicEsmOutfile: basic('--format', 'esm', '--outfile', 'out-esm-file/app.mjs', '--no-typecheck'),
    basicCjsOutDir: basic('--format', 'cjs', '--outDir', 'out-cjs-dir', '--no-typecheck'),
    basicReport: basic(
      '--outDir',
      'out-report',
      '--report',
      'reports/build.json',
      '--dump',
      'dumped',
      '--no-typecheck',
    ),
    perfile: instts(['build', '--no-bundle', '--rules', 'rules/rules.json', '--outDir', 'out'], dirs.perfile!),
    perfileTsc: tsc(['-p', '.', '--outDir', 'tsc-out'], dirs.perfile!),
    configTs: instts(['build', '--no-typecheck'], dirs.configs!),
    configMjs: instts(['build', '-c', 'alt/instts.config.mjs', '--no-typecheck'], dirs.configs!),
    configJson: instts(['build', '-c', 'alt/instts.config.json', '--no-typecheck'], dirs.configs!),
    configOverride: instts(
      ['build', '-c', 'alt/instts.config.mjs', '--outDir', 'out-override', '--no-typecheck'],
      dirs.configs!,
    ),
    paths: instts(
      ['build', '--rules', 'rules/rules.json', '--entry', 'src/app/main.ts', '--outDir', 'out'],
      dirs.paths!,
    ),
    // per-file output keeps the alias as written, as tsc does: the build says Node will not find it
    pathsPerFile: instts(
      ['build', '--no-bundle', '--rules', 'rules/rules.json', '--outDir', 'out-perfile', '--no-typecheck'],
      dirs.paths!,
    ),
    pathsPerFileStrict: instts(
      [
        'build',
        '--no-bundle',
        '--rules',
        'rules/rules.json',
        '--outDir',
        'out-perfile-strict',
        '--no-typecheck',
        '--strict',
      ],
      dirs.paths!,
    ),
    pkgInRange: instts(
      ['build', '--rules', 'rules/in-range.json', '--entry', 'src/index.ts', '--outDir', 'out-in'],
      dirs.pkg!,
    ),
    pkgEveryModule: instts(
      ['build', '--rules', 'rules/every-module.json', '--entry', 'src/index.ts', '--outDir', 'out-every'],
      dirs.pkg!,
    ),
    pkgOutOfRange: instts(
      [
        'build',
        '--rules',
        'rules/out-of-range.json',
        '--entry',
        'src/index.ts',
        '--outDir',
        'out-out',
        '--no-typecheck',
      ],
      dirs.pkg!,
    ),
    mapsBundle: instts(
      ['build', '--rules', 'rules/rules.json', '--entry', 'src/main.ts', '--outDir', 'out-bundle', '--no-typecheck'],
      dirs.sourcemap!,
    ),
    mapsPerFile: instts(
      ['build', '--no-bundle', '--rules', 'rules/rules.json', '--outDir', 'out-per-file', '--no-typecheck'],
      dirs.sourcemap!,
    ),
  };
  await Promise.all(Object.entries(runs).map(async ([name, run]) => (builds[name] = await run)));
});

/** The build succeeded: exit 0, nothing on stdout, `warnings` then the summary on stderr. */
function expectSuccess(name: string, warnings: string[] = []): void {
  const run = builds[name]!;
  expect(run.code, `${name}\n${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stdout).toBe('');
  const err = lines(run.stderr);
  expect(err.slice(0, -1)).toEqual(warnings);
  expect(err[err.length - 1]).toMatch(SUMMARY);
  expectNoStackTrace(run);
}

async function runProgram(dir: string, file: string, nodeArgs: string[] = []): Promise<string[]> {
  const run = await runNode([...nodeArgs, file], dir);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return lines(run.stdout);
}

describe('bundle mode', () => {
  it('takes the entry from package.json "main" and writes to tsconfig outDir', async () => {
    expectSuccess('basicDefault', [UNUSED_WARNING]);
    expect(lines(builds.basicDefault!.stderr).at(-1)).toMatch(
      /4 join points instrumented \(orders: 3, areas: 1, unused: 0\) → dist in \d+ ms$/,
    );
    expect(listFiles(path.join(dirs.basic!, 'dist'))).toEqual(['index.js', 'index.js.map']);
    expect(await runProgram(dirs.basic!, 'dist/index.js')).toEqual(BASIC_OUTPUT);
    const report = JSON.parse(fs.readFileSync(path.join(dirs.basic!, 'reports', 'default.json'), 'utf8'));
    expect(report.typecheck).toEqual({ errors: 0 });
    expect(Object.keys(report.phasesMs)).toEqual(expect.arrayContaining(['typecheck', 'esbuild', 'total']));
  });

  it('--outDir still maps package.json "main" back to the source', async () => {
    expectSuccess('basicOutDir', [UNUSED_WARNING]);
    expect(listFiles(path.join(dirs.basic!, 'out-esm'))).toEqual(['index.js', 'index.js.map']);
    expect(await runProgram(dirs.basic!, 'out-esm/index.js')).toEqual(BASIC_OUTPUT);
  });

  it('--strict: the rule that matched nothing is an error; the build writes nothing and exits 1', () => {
    const run = builds.basicStrict!;
    expect(run.code).toBe(1);
    expect(lines(run.stderr)[0]).toBe(UNUSED_WARNING.replace(': warning ', ': error '));
    expect(run.stderr).not.toContain(': warning INSTTS1011');
    expect(fs.existsSync(path.join(dirs.basic!, 'out-strict'))).toBe(false);
    expectNoStackTrace(run);
  });

  it('--outfile, cjs', async () => {
    expectSuccess('basicCjsOutfile', [UNUSED_WARNING]);
    expect(listFiles(path.join(dirs.basic!, 'out-cjs'))).toEqual(['app.cjs', 'app.cjs.map']);
    const code = fs.readFileSync(path.join(dirs.basic!, 'out-cjs', 'app.cjs'), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(code).toMatch(/\/\/# sourceMappingURL=app\.cjs\.map\s*$/);
    expect(await runProgram(dirs.basic!, 'out-cjs/app.cjs')).toEqual(BASIC_OUTPUT);
  });

  it('--outfile, esm', async () => {
    expectSuccess('basicEsmOutfile', [UNUSED_WARNING]);
    expect(listFiles(path.join(dirs.basic!, 'out-esm-file'))).toEqual(['app.mjs', 'app.mjs.map']);
    expect(await runProgram(dirs.basic!, 'out-esm-file/app.mjs')).toEqual(BASIC_OUTPUT);
  });

  it('--outDir, cjs, leaving other files of the folder alone', async () => {
    expectSuccess('basicCjsOutDir', [UNUSED_WARNING]);
    expect(listFiles(path.join(dirs.basic!, 'out-cjs-dir'))).toEqual(['index.js', 'index.js.map', 'package.json']);
    expect(await runProgram(dirs.basic!, 'out-cjs-dir/index.js')).toEqual(BASIC_OUTPUT);
  });

  it('--report writes files, pre-filter skips, matches per rule and phases', () => {
    expectSuccess('basicReport', [UNUSED_WARNING]);
    const report = JSON.parse(fs.readFileSync(path.join(dirs.basic!, 'reports', 'build.json'), 'utf8'));
    expect(report).toMatchObject({
      tool: 'instts',
      mode: 'bundle',
      exitStatus: 0,
      // index, orders, shapes, version; version.ts names nothing any rule looks for
      files: { loaded: 4, parsed: 3, skippedByPrefilter: 1 },
      joinPoints: 4,
      bundleErrors: 0,
    });
    expect(
      report.rules.map((r: { id: string; type: string; line: number; matches: number; nearMisses: number }) => [
        r.id,
        r.type,
        r.line,
        r.matches,
        r.nearMisses,
      ]),
    ).toEqual([
      ['orders', 'function', 4, 3, 3],
      ['areas', 'function', 9, 1, 1],
      ['unused', 'function', 14, 0, 0],
    ]);
    expect(report.rules[0].file).toBe(path.join(dirs.basic!, 'rules', 'rules.json'));
    expect(Object.keys(report.phasesMs)).toEqual(
      expect.arrayContaining(['esbuild', 'front', 'inject', 'write', 'total']),
    );
    expect(Object.keys(report.phasesMs)).not.toContain('typecheck');
    for (const ms of Object.values(report.phasesMs)) expect(ms).toBeGreaterThanOrEqual(0);
    expect(report.typecheck).toBeUndefined(); // --no-typecheck
    expect([...report.outputs].sort()).toEqual(['out-report/index.js', 'out-report/index.js.map']);
  });

  it('--dump writes every rewritten file as handed to esbuild', () => {
    expect(listFiles(path.join(dirs.basic!, 'dumped'))).toEqual(['src/orders.ts', 'src/shapes.ts']);
    const orders = fs.readFileSync(path.join(dirs.basic!, 'dumped', 'src', 'orders.ts'), 'utf8');
    const original = fs.readFileSync(path.join(dirs.basic!, 'src', 'orders.ts'), 'utf8');
    expect(orders).toContain('"file":"src/orders.ts","line":4,"class":"OrderService","function":"place","kind":"sync"');
    expect(orders).not.toBe(original);
    // the rewrite keeps every original line where it was
    expect(orders.split('\n')).toHaveLength(original.split('\n').length);
  });

  it('resolves tsconfig "paths" aliases (and the type-check agrees)', async () => {
    expectSuccess('paths');
    expect(lines(builds.paths!.stderr).at(-1)).toMatch(/1 join point instrumented \(square: 1\)/);
    expect(await runProgram(dirs.paths!, 'out/main.js')).toEqual(['hooked src/lib/math.ts square -> 49', 'square: 49']);
  });
});

describe('tsconfig "paths" in per-file output', () => {
  const WARNING =
    /^src\/app\/main\.ts: (warning|error) INSTTS3004: "@lib\/math\.js" resolves through tsconfig "paths" \("@lib\/\*"\), and per-file output keeps it as written, as tsc does: Node will not find it from out-perfile(-strict)?\/app\/main\.js \(there is no package "@lib\/math\.js" in node_modules\), so the program stops at start with ERR_MODULE_NOT_FOUND\. Map it where the program runs .* or build without --no-bundle, which resolves the aliases$/;

  it('keeps the alias as tsc does, and warns that Node will not resolve it there', async () => {
    const run = builds.pathsPerFile!;
    expect(run.code, run.stderr).toBe(0);
    const err = lines(run.stderr);
    expect(err).toHaveLength(2);
    expect(err[0]).toMatch(WARNING);
    expect(err[1]).toMatch(SUMMARY);
    expect(fs.readFileSync(path.join(dirs.paths!, 'out-perfile/app/main.js'), 'utf8')).toContain('"@lib/math.js"');
    // what the warning says is what happens
    const start = await runNode(['out-perfile/app/main.js'], dirs.paths!);
    expect(start.code).not.toBe(0);
    expect(start.stderr).toContain('ERR_MODULE_NOT_FOUND');
  });

  it('--strict makes it an error and writes nothing', () => {
    const run = builds.pathsPerFileStrict!;
    expect(run.code).toBe(1);
    expect(lines(run.stderr).filter((l) => l.includes('INSTTS3004'))).toEqual([expect.stringMatching(WARNING)]);
    expect(fs.existsSync(path.join(dirs.paths!, 'out-perfile-strict'))).toBe(false);
  });
});

describe('packages in node_modules', () => {
  it('instruments a CommonJS package whose version is in the range', async () => {
    expectSuccess('pkgInRange');
    expect(await runProgram(dirs.pkg!, 'out-in/index.js')).toEqual([
      'hooked fake-pkg/index.js compute -> 40',
      'compute: 40',
    ]);
  });

  it('module "*" reaches package files too', async () => {
    expectSuccess('pkgEveryModule');
    expect(await runProgram(dirs.pkg!, 'out-every/index.js')).toEqual([
      'hooked fake-pkg/index.js compute -> 40',
      'compute: 40',
    ]);
  });

  it('leaves it alone when the range excludes its version', async () => {
    expectSuccess('pkgOutOfRange', [
      "rules/out-of-range.json(3,5): warning INSTTS1011: rule 'fake-compute-v2' matched nothing in the files this build loaded (not applied: fake-pkg@1.2.3 is installed, the rule wants ^2.0.0)",
    ]);
    expect(await runProgram(dirs.pkg!, 'out-out/index.js')).toEqual(['compute: 40']);
    expect(fs.readFileSync(path.join(dirs.pkg!, 'out-out', 'index.js'), 'utf8')).not.toContain('__instts$');
  });
});

describe('per-file mode (--no-bundle)', () => {
  it('lays the output out like tsc: rootDir → outDir, .d.ts when tsconfig asks', () => {
    expectSuccess('perfile');
    expect(builds.perfileTsc!.code).toBe(0);
    const ours = listFiles(path.join(dirs.perfile!, 'out'));
    const theirs = listFiles(path.join(dirs.perfile!, 'tsc-out'));
    expect(theirs).toEqual([
      'lib/inventory.d.ts',
      'lib/inventory.js',
      'lib/util.d.ts',
      'lib/util.js',
      'main.d.ts',
      'main.js',
    ]);
    expect(ours.filter((f) => !f.startsWith('__instts__/') && !f.endsWith('.map'))).toEqual(theirs);
    for (const dts of theirs.filter((f) => f.endsWith('.d.ts'))) {
      expect(fs.readFileSync(path.join(dirs.perfile!, 'out', dts), 'utf8')).toBe(
        fs.readFileSync(path.join(dirs.perfile!, 'tsc-out', dts), 'utf8'),
      );
    }
    // declarations follow --outDir, not tsconfig's outDir
    expect(fs.existsSync(path.join(dirs.perfile!, 'lib'))).toBe(false);
  });

  it('emits the runtime and the hook modules under __instts__/', () => {
    const support = listFiles(path.join(dirs.perfile!, 'out', '__instts__'));
    expect(support).toHaveLength(4);
    expect(support).toEqual(expect.arrayContaining(['runtime.js', 'runtime.js.map']));
    expect(support.filter((f) => /^hooks\/calls-[0-9a-f]{8}\.js(\.map)?$/.test(f))).toHaveLength(2);
    const inventory = fs.readFileSync(path.join(dirs.perfile!, 'out', 'lib', 'inventory.js'), 'utf8');
    expect(inventory).toContain('from "../__instts__/runtime.js"');
    expect(fs.readFileSync(path.join(dirs.perfile!, 'out', 'lib', 'util.js'), 'utf8')).not.toContain('__instts');
  });

  it('the instrumented output runs with node', async () => {
    expect(await runProgram(dirs.perfile!, 'out/main.js')).toEqual([
      'hook: Inventory.count(apple) = 0',
      'hook: Inventory.add(apple, 3) = undefined',
      'hook: Inventory.count(apple) = 3',
      'stock: 3',
      'double: 42',
    ]);
  });
});

describe('config files', () => {
  it('instts.config.ts with defineConfig from "instts", found beside tsconfig', async () => {
    expectSuccess('configTs');
    expect(listFiles(path.join(dirs.configs!, 'out-ts'))).toEqual(['index.js', 'index.js.map']);
    expect(await runProgram(dirs.configs!, 'out-ts/index.js')).toEqual(['ts config hook: add(2, 3)', 'sum: 5']);
    // the temporary compiled config is gone
    expect(fs.readdirSync(dirs.configs!).filter((f) => f.startsWith('.instts.config'))).toEqual([]);
  });

  it('instts.config.mjs with inline rules (-c)', async () => {
    expectSuccess('configMjs');
    expect(await runProgram(dirs.configs!, 'out-mjs/index.js')).toEqual(['mjs config hook: add(2, 3)', 'sum: 5']);
  });

  it('instts.config.json with outfile (-c)', async () => {
    expectSuccess('configJson');
    expect(listFiles(path.join(dirs.configs!, 'out-json'))).toEqual(['app.mjs', 'app.mjs.map']);
    expect(await runProgram(dirs.configs!, 'out-json/app.mjs')).toEqual(['json config hook: add(2, 3)', 'sum: 5']);
  });

  it('a command-line flag wins over the config file', async () => {
    expectSuccess('configOverride');
    expect(await runProgram(dirs.configs!, 'out-override/index.js')).toEqual(['mjs config hook: add(2, 3)', 'sum: 5']);
  });
});

describe('source maps', () => {
  const frames = (dir: string) => [
    `    at Parser.parse (${path.join(dir, 'src', 'parser.ts')}:12:13)`,
    `    at <anonymous> (${path.join(dir, 'src', 'main.ts')}:4:16)`,
  ];

  it('bundle: an error thrown in an instrumented method points at the .ts line', async () => {
    expectSuccess('mapsBundle');
    expect(fs.readFileSync(path.join(dirs.sourcemap!, 'out-bundle', 'main.js'), 'utf8')).toContain(
      '"class": "Parser", "function": "parse"',
    );
    const out = await runProgram(dirs.sourcemap!, 'out-bundle/main.js', ['--enable-source-maps']);
    expect(out[0]).toBe('Error: unterminated object in "{oops"');
    expect(out.slice(1, 3)).toEqual(frames(dirs.sourcemap!));
  });

  it('per-file: the same', async () => {
    expectSuccess('mapsPerFile');
    const out = await runProgram(dirs.sourcemap!, 'out-per-file/main.js', ['--enable-source-maps']);
    expect(out[0]).toBe('Error: unterminated object in "{oops"');
    expect(out.slice(1, 3)).toEqual(frames(dirs.sourcemap!));
  });
});
