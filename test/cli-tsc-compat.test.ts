// tsc behaviours instts build keeps: tsconfig "noEmit": true writes nothing; a tsconfig that is
// not valid JSON is one located error (exit 3); --listEmittedFiles; --external (names and globs);
// an unresolvable package names --external in its error.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { instts, lines, listFiles, ROOT, runNode, SUMMARY, tsc, writeProject } from './cli-helpers.js';

function project(name: string, files: Record<string, string>): string {
  return writeProject(path.join(ROOT, 'test', '.out', 'cli-tsc-compat', String(process.pid), name), files);
}

const TSCONFIG = (extra: object = {}): string =>
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        types: [],
        outDir: 'dist',
        rootDir: 'src',
        ...extra,
      },
      include: ['src'],
    },
    null,
    2,
  );
const PACKAGE = JSON.stringify({ name: 'compat', private: true, type: 'module', main: 'dist/index.js' });

describe('instts build: tsc compatibility', () => {
  it('tsconfig "noEmit": true type-checks and writes nothing, as tsc does', async () => {
    const dir = project('noemit', {
      'tsconfig.json': TSCONFIG({ noEmit: true }),
      'package.json': PACKAGE,
      'src/index.ts': 'export const a: number = 1;\n',
    });
    const run = await instts(['build'], dir);
    expect(run.code).toBe(0);
    expect(lines(run.stderr).at(-1)).toMatch(/\(no emit\) in \d+ ms$/);
    expect(listFiles(dir)).toEqual(['package.json', 'src/index.ts', 'tsconfig.json']);
  });

  it('--noEmit of an incremental project with errors: 2, then 1 once its .tsbuildinfo is current, as tsc', async () => {
    const files = {
      'tsconfig.json': TSCONFIG({ incremental: true }),
      'package.json': PACKAGE,
      'src/index.ts': 'export const a: number = "not a number";\n',
    };
    const withTsc = project('noemit-incremental-tsc', files);
    const withInstts = project('noemit-incremental', files);
    const both = async (): Promise<Array<number | null>> =>
      (
        await Promise.all([
          tsc(['-p', '.', '--noEmit'], withTsc),
          instts(['build', '--noEmit', '--entry', 'src/index.ts'], withInstts),
        ])
      ).map((r) => r.code);
    const [first, second] = [await both(), await both()];
    const tscCodes = [first[0], second[0]];
    const insttsCodes = [first[1], second[1]];
    expect(tscCodes).toEqual([2, 1]);
    expect(insttsCodes).toEqual(tscCodes);
    // the .tsbuildinfo is written where tsc writes it, and nothing else
    expect(listFiles(withInstts)).toEqual(listFiles(withTsc));
  });

  it('tsconfig "newLine": "crlf" and "sourceRoot" reach the output, as tsc writes them', async () => {
    const dir = project('newline-sourceroot', {
      'tsconfig.json': TSCONFIG({ newLine: 'crlf', sourceRoot: '/src-root/', sourceMap: true }),
      'package.json': PACKAGE,
      'src/index.ts': 'const text = `a\nb`;\nconsole.log(JSON.stringify(text));\n',
    });
    const run = await instts(['build', '--no-typecheck'], dir);
    expect(run.code, run.stderr).toBe(0);
    const js = fs.readFileSync(path.join(dir, 'dist', 'index.js'), 'utf8');
    expect(js).toContain('\r\n');
    expect(js.replace(/\r\n/g, '')).not.toContain('\n');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'dist', 'index.js.map'), 'utf8')).sourceRoot).toBe('/src-root/');
    // a template literal reads CRLF as LF: the program prints what it printed
    expect((await runNode(['dist/index.js'], dir)).stdout).toBe('"a\\nb"\n');
  });

  it('a tsconfig that is not valid JSON: one located error in tsc\u2019s words, exit 3', async () => {
    const dir = project('broken-json', {
      'tsconfig.json': '{\n  "compilerOptions": { "strict": true, }\n  "include": ["src"]\n}\n',
      'package.json': PACKAGE,
      'src/index.ts': 'export const a = 1;\n',
    });
    const run = await instts(['build'], dir);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toEqual(["tsconfig.json(3,3): error TS1005: ',' expected."]);
  });

  it('--listEmittedFiles prints each written file as tsc does (TSFILE: path)', async () => {
    const dir = project('list-emitted', {
      'tsconfig.json': TSCONFIG(),
      'package.json': PACKAGE,
      'src/index.ts': 'console.log(1);\n',
    });
    const run = await instts(['build', '--listEmittedFiles'], dir);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      `TSFILE: ${path.join(dir, 'dist', 'index.js')}`,
      `TSFILE: ${path.join(dir, 'dist', 'index.js.map')}`,
    ]);
  });

  it('an unresolvable package fails the build with a hint to --external; --external (a name, a glob) leaves it to run time', async () => {
    const dir = project('externals', {
      'tsconfig.json': TSCONFIG(),
      'package.json': PACKAGE,
      'src/index.ts': [
        '// @ts-ignore: not installed here',
        "import { a } from 'not-installed-pkg';",
        '// @ts-ignore: not installed here',
        "import { b } from '@not-installed/scope-pkg/sub';",
        'console.log(a, b);',
        '',
      ].join('\n'),
    });
    const failed = await instts(['build'], dir);
    expect(failed.code).toBe(1);
    const errors = lines(failed.stderr).filter((l) => l.includes('error'));
    expect(errors).toEqual([
      `src/index.ts(2,19): error INSTTS3002: esbuild: Could not resolve "not-installed-pkg" (if 'not-installed-pkg' is installed where the program runs, or optional, leave it out of the bundle: --external not-installed-pkg, or "external": ["not-installed-pkg"] in instts.config)`,
      `src/index.ts(4,19): error INSTTS3002: esbuild: Could not resolve "@not-installed/scope-pkg/sub" (if '@not-installed/scope-pkg' is installed where the program runs, or optional, leave it out of the bundle: --external @not-installed/scope-pkg, or "external": ["@not-installed/scope-pkg"] in instts.config)`,
    ]);
    const built = await instts(
      [
        'build',
        '--external',
        'not-installed-pkg',
        '--external',
        '@not-installed/{scope-pkg,other}/**',
        '--report',
        'report.json',
      ],
      dir,
    );
    expect(built.code).toBe(0);
    const out = fs.readFileSync(path.join(dir, 'dist', 'index.js'), 'utf8');
    expect(out).toContain('from "not-installed-pkg"');
    expect(out).toContain('from "@not-installed/scope-pkg/sub"');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).externals).toEqual({
      configured: ['not-installed-pkg', '@not-installed/{scope-pkg,other}/**'],
      optional: [],
    });
  });

  it('"declaration": true in bundle mode writes tsc\u2019s .d.ts files beside the bundle; without the type-check it warns once', async () => {
    const files = {
      'tsconfig.json': TSCONFIG({ declaration: true }),
      'package.json': PACKAGE,
      'src/index.ts':
        "import { total } from './math.js';\nexport const sum: number = total([1, 2]);\nconsole.log(sum);\n",
      'src/math.ts':
        'export function total(values: readonly number[]) {\n  return values.reduce((a, b) => a + b, 0);\n}\n',
    };
    const dir = project('declaration', files);
    const run = await instts(['build'], dir);
    expect(run.code).toBe(0);
    expect(listFiles(path.join(dir, 'dist'))).toEqual(['index.d.ts', 'index.js', 'index.js.map', 'math.d.ts']);
    const reference = project('declaration-tsc', files);
    expect((await tsc(['-p', '.', '--emitDeclarationOnly'], reference)).code).toBe(0);
    for (const f of ['index.d.ts', 'math.d.ts']) {
      expect(fs.readFileSync(path.join(dir, 'dist', f), 'utf8')).toBe(
        fs.readFileSync(path.join(reference, 'dist', f), 'utf8'),
      );
    }

    const unchecked = project('declaration-unchecked', files);
    const warned = await instts(['build', '--no-typecheck'], unchecked);
    expect(warned.code).toBe(0);
    expect(lines(warned.stderr).filter((l) => l.includes('warning'))).toEqual([
      'tsconfig.json: warning INSTTS2007: "declaration": no .d.ts files written: declarations come from the type-check, which --no-typecheck turns off',
    ]);
  });

  const HOOK_CHECK_FILES = {
    'tsconfig.json': TSCONFIG(),
    'package.json': PACKAGE,
    'src/index.ts':
      'export function total(values: number[]): number {\n  return values.length;\n}\nconsole.log(total([1]));\n',
    'rules/rules.json': JSON.stringify({
      rules: [
        { id: 'total', where: { function: 'total' }, do: [{ hook: { module: '../hooks/h.ts', onExit: 'onExit' } }] },
      ],
    }),
    'hooks/h.ts':
      "export function onExit(ctx: { result: unknown }): void {\n  const n: number = 'not a number';\n  console.log(n, ctx.result);\n}\n",
  };
  const HOOK_ERROR = "hooks/h.ts(2,9): error TS2322: Type 'string' is not assignable to type 'number'.\n";

  it('a hook module outside tsconfig include is type-checked with the project\u2019s options', async () => {
    const dir = project('hook-check', HOOK_CHECK_FILES);
    const run = await instts(['build', '--rules', 'rules/rules.json', '--pretty', 'false'], dir);
    expect(run.stdout).toBe(HOOK_ERROR);
    expect(run.code).toBe(2);
  });

  it('TypeScript 7 (the project\u2019s tsc runs alongside): a hook module outside include is checked too, once', async () => {
    const dir = project('hook-check-native', HOOK_CHECK_FILES);
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(
      path.join(ROOT, 'node_modules', 'typescript-7.0'),
      path.join(dir, 'node_modules', 'typescript'),
      'dir',
    );
    const [run, noEmit] = await Promise.all([
      instts(['build', '--rules', 'rules/rules.json', '--pretty', 'false', '--log-level', 'verbose'], dir),
      instts(['build', '--rules', 'rules/rules.json', '--pretty', 'false', '--noEmit'], dir),
    ]);
    expect(run.stderr).toContain('checked by its tsc --noEmit');
    expect(run.stdout).toBe(HOOK_ERROR);
    expect(run.code).toBe(2);
    expect([noEmit.stdout, noEmit.code]).toEqual([HOOK_ERROR, 1]);
    // inside the project, the hook is the project's check to report: not twice
    const inside = project('hook-check-native-inside', {
      ...HOOK_CHECK_FILES,
      'tsconfig.json': TSCONFIG({ rootDir: '.' }).replace(
        '"include": [\n    "src"\n  ]',
        '"include": ["src", "hooks"]',
      ),
    });
    fs.mkdirSync(path.join(inside, 'node_modules'));
    fs.symlinkSync(
      path.join(ROOT, 'node_modules', 'typescript-7.0'),
      path.join(inside, 'node_modules', 'typescript'),
      'dir',
    );
    const once = await instts(['build', '--rules', 'rules/rules.json', '--pretty', 'false', '--noEmit'], inside);
    expect([once.stdout, once.code]).toEqual([HOOK_ERROR, 1]);
  });

  it('--listFiles prints the program\u2019s files as tsc --listFiles does; --inlineSourceMap; --extendedDiagnostics prints the phases', async () => {
    const dir = project('flags', {
      'tsconfig.json': TSCONFIG(),
      'package.json': PACKAGE,
      'src/index.ts': 'console.log(1);\n',
    });
    const [listed, reference, inline] = await Promise.all([
      instts(['build', '--listFiles', '--outDir', 'out-list'], dir),
      tsc(['-p', '.', '--listFiles', '--outDir', 'out-tsc'], dir),
      instts(['build', '--inlineSourceMap', '--extendedDiagnostics', '--outDir', 'out-inline'], dir),
    ]);
    expect(listed.stdout).toBe(reference.stdout);
    expect(listed.stdout).toContain(path.join(dir, 'src', 'index.ts'));
    expect(listFiles(path.join(dir, 'out-inline'))).toEqual(['index.js']);
    expect(fs.readFileSync(path.join(dir, 'out-inline', 'index.js'), 'utf8')).toMatch(
      /\/\/# sourceMappingURL=data:application\/json;base64,/,
    );
    expect(lines(inline.stdout).map((l) => l.slice(0, l.indexOf(':') + 1))).toEqual([
      'Files loaded:',
      'Files parsed:',
      'Join points:',
      'TypeScript:',
      'Type-check time:',
      'Type-check wait:',
      'esbuild time:',
      'Match time:',
      'Rewrite time:',
      'Write time:',
      'Total time:',
    ]);
  });

  it('an import of a missing package guarded by try/catch is left to run time with one note, and the program runs', async () => {
    const dir = project('guarded', {
      'tsconfig.json': TSCONFIG(),
      'package.json': PACKAGE,
      'src/index.ts': [
        'let found = true;',
        'try {',
        '  // @ts-ignore: not installed here',
        "  await import('not-installed-guarded');",
        '} catch {',
        '  found = false;',
        '}',
        "console.log(found ? 'present' : 'absent');",
        '',
      ].join('\n'),
    });
    const run = await instts(['build'], dir);
    expect(run.code).toBe(0);
    expect(lines(run.stderr)[0]).toBe(
      'instts: not installed and optional, so left out of the bundle (loaded at run time if present): not-installed-guarded (import guarded by try/catch in src/index.ts)',
    );
    const program = await runNode(['dist/index.js'], dir);
    expect([program.code, program.stdout]).toEqual([0, 'absent\n']);
  });

  it('"declaration": true with TypeScript 7: its tsc writes the .d.ts files (through the build\u2019s all-or-nothing write)', async () => {
    const files = {
      'tsconfig.json': TSCONFIG({ declaration: true }),
      'package.json': PACKAGE,
      'src/index.ts': "import { total } from './math.js';\nexport const sum: number = total([1, 2]);\n",
      'src/math.ts':
        'export function total(values: readonly number[]) {\n  return values.reduce((a, b) => a + b, 0);\n}\n',
    };
    const dir = project('declaration-ts7', files);
    const reference = project('declaration-ts7-tsc', files);
    for (const d of [dir, reference]) {
      fs.mkdirSync(path.join(d, 'node_modules'));
      fs.symlinkSync(
        path.join(ROOT, 'node_modules', 'typescript-7.0'),
        path.join(d, 'node_modules', 'typescript'),
        'dir',
      );
    }
    const run = await instts(['build'], dir);
    expect(run.code).toBe(0);
    expect(listFiles(path.join(dir, 'dist'))).toEqual(['index.d.ts', 'index.js', 'index.js.map', 'math.d.ts']);
    const tsc7 = await runNode(
      [path.join(reference, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--emitDeclarationOnly'],
      reference,
    );
    expect(tsc7.code).toBe(0);
    for (const f of ['index.d.ts', 'math.d.ts']) {
      expect(fs.readFileSync(path.join(dir, 'dist', f), 'utf8')).toBe(
        fs.readFileSync(path.join(reference, 'dist', f), 'utf8'),
      );
    }
  });

  it('--strict is instts\u2019s (rule warnings are errors), not tsc\u2019s; with tsconfig "strict" off, one note says where tsc\u2019s goes', async () => {
    const files = {
      'tsconfig.json': TSCONFIG({ strict: false }),
      'package.json': PACKAGE,
      'src/index.ts': 'export function f(x) {\n  return x;\n}\nconsole.log(f(1));\n',
    };
    const loose = project('strict-flag', files);
    const strictTs = project('strict-flag-tsconfig', { ...files, 'tsconfig.json': TSCONFIG({ strict: true }) });
    const [tscRun, run, inTsconfig, help] = await Promise.all([
      tsc(['-p', '.', '--strict', '--noEmit'], loose),
      instts(['build', '-p', '.', '--strict'], loose),
      instts(['build', '-p', '.', '--strict'], strictTs),
      instts(['build', '--help'], loose),
    ]);
    // tsc's --strict turns on noImplicitAny; instts's keeps its own meaning, and says so
    expect(tscRun.code).toBe(2);
    expect(tscRun.stdout).toContain('error TS7006');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toEqual([
      'instts: note: --strict makes instts\'s rule warnings errors; it is not tsc\'s --strict, and tsconfig.json has "strict": false, so TypeScript\'s strict checks stay off (set "strict": true in tsconfig.json for them)',
      expect.stringMatching(SUMMARY),
    ]);
    // "strict": true in tsconfig is where tsc's strict goes: the type-check reports what tsc does
    expect(inTsconfig.code).toBe(2);
    expect(inTsconfig.stdout).toContain('error TS7006');
    expect(inTsconfig.stderr).not.toContain('note: --strict');
    // the help names both meanings and does not send --strict or --target to tsconfig.json
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('(not tsc\'s --strict: that is "strict" in tsconfig.json)');
    expect(text).toContain("--strict is instts's own option, not tsc's");
    expect(text).not.toMatch(/\(--strict, --target, \.\.\.\) as flags: put them in tsconfig\.json/);
  });
});
