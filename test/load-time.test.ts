// Rules on packages the output does not contain (`--no-bundle`, externals): the build instruments
// them, the output puts the copies in place as Node loads the originals (plain `node dist/main.js`),
// and anything that cannot apply says so — at build time, in `inspect`, and at start.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, instts, ROOT, runNode } from './cli-helpers.js';
import { loadTimeOutputs, matchesExternal, type LoadTimeFile } from '../src/emit/load-time.js';
import { packageFileKey } from '../src/runtime/load-time/manifest.js';

const HOOK_LINE = /^hook: express lib\/router\/index\.js handle \/hello$/m;

async function build(args: string[]): Promise<{ dir: string; stderr: string }> {
  const dir = copyFixture('load-time', 'loadtime', { as: `loadtime-${args.join('-').replace(/[^\w-]/g, '_')}` });
  const result = await instts(
    ['build', '--rules', 'rules.json', '--no-typecheck', '--entry', 'src/main.ts', ...args],
    dir,
  );
  expect(result.code, result.stderr).toBe(0);
  return { dir, stderr: result.stderr };
}

describe('a rule on express when express is not bundled', () => {
  it('--no-bundle: the build says it applies at load time, and plain node runs the hook', async () => {
    const { dir, stderr } = await build(['--no-bundle']);
    expect(stderr).toMatch(
      /^instts: at load time \(packages outside the output\): express@4\.\d+\.\d+ \(1 file, 1 join point\)$/m,
    );
    const run = await runNode(['dist/main.js'], dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(HOOK_LINE);
    expect(run.stdout).toMatch(/^answer: hello$/m);
    // The project's own output is never in the manifest: nothing is rewritten twice.
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'dist/__instts__/load-time.json'), 'utf8')) as {
      files: Record<string, unknown>;
    };
    expect(Object.keys(manifest.files)).toEqual(['express/lib/router/index.js']);
  });

  it('bundle mode with express external: the same hook, from the same plain start', async () => {
    const { dir, stderr } = await build(['--config', 'external.json']);
    expect(stderr).toMatch(
      /^instts: at load time \(packages outside the bundle\): express@4\.\d+\.\d+ \(1 file, 1 join point\)$/m,
    );
    expect(fs.readFileSync(path.join(dir, 'dist/main.js'), 'utf8')).toMatch(/^import "\.\/__instts__\/load-time\.js";/);
    const run = await runNode(['dist/main.js'], dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(HOOK_LINE);
  });

  it('a rule on a package that is not installed is a warning naming why; inspect says the same and --strict fails', async () => {
    const { stderr } = await build(['--no-bundle']);
    expect(stderr).toMatch(
      /warning INSTTS\d+: rule 'not-installed' matched nothing in the files this build loaded \(not applied: no-such-package-instts is not installed/,
    );
    const dir = copyFixture('load-time', 'loadtime', { as: 'inspect' });
    const inspect = await instts(
      ['inspect', '--rules', 'rules.json', '--no-bundle', '--entry', 'src/main.ts', '--strict'],
      dir,
    );
    expect(inspect.stdout).toMatch(/^at load time {2}express@4\.\d+\.\d+ {2}1 file, 1 join point$/m);
    expect(inspect.stdout).toMatch(/^not applied {3}not-installed: no-such-package-instts is not installed/m);
    expect(inspect.stdout).toMatch(/match {2}express\/lib\/router\/index\.js:\d+ {2}proto\.handle/);
    expect(inspect.code).toBe(3);
  });

  it('a rule whose version range misses the installed package says why, with or without bundling, and in inspect', async () => {
    const dir = copyFixture('load-time', 'loadtime', { as: 'version-mismatch' });
    const args = ['--rules', 'old-express.json', '--entry', 'src/main.ts'];
    const [perFile, bundled, inspect] = await Promise.all([
      instts(['build', ...args, '--no-bundle', '--no-typecheck', '--outDir', 'out-per-file'], dir),
      instts(['build', ...args, '--no-typecheck', '--outDir', 'out-bundle'], dir),
      instts(['inspect', ...args, '--no-bundle'], dir),
    ]);
    const why =
      /warning INSTTS\d+: rule 'express-3' matched nothing in the files this build loaded \(not applied: express@4\.\d+\.\d+ is installed, the rule wants 3\.x\)$/m;
    expect(perFile.code, perFile.stderr).toBe(0);
    expect(perFile.stderr).toMatch(why);
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(bundled.stderr).toMatch(why);
    expect(inspect.stdout).toMatch(
      /^not applied {3}express-3: express@4\.\d+\.\d+ is installed, the rule wants 3\.x$/m,
    );
    expect(inspect.stderr).toMatch(why);
  });

  it('an installed file that is not the one the build saw loads unchanged, with one line on stderr', async () => {
    const { dir } = await build(['--no-bundle']);
    const manifestFile = path.join(dir, 'dist/__instts__/load-time.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
      files: Record<string, Array<{ sha256: string }>>;
    };
    manifest.files['express/lib/router/index.js']![0]!.sha256 = '0'.repeat(64);
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const run = await runNode(['dist/main.js'], dir);
    expect(run.stderr).toBe(
      'instts: express/lib/router/index.js is not the file this build instrumented (its content differs): loaded uninstrumented; rebuild against the installed packages\n',
    );
    expect(run.stdout).not.toMatch(HOOK_LINE);
    expect(run.stdout).toMatch(/^answer: hello$/m);
  });

  it('a Node that cannot require() ES modules: one line on stderr, the program runs with express uninstrumented', async () => {
    // ES module output: the CommonJS copy of express would require() the ES module runtime, which
    // Node before 20.19 (and any Node started with this flag) cannot do.
    const { dir } = await build(['--no-bundle']);
    const run = await runNode(['--no-experimental-require-module', 'dist/main.js'], dir);
    expect(run.stderr).toMatch(
      /^instts: this Node \(20\.\d+\.\d+\) cannot require\(\) ES modules \(20\.19\+ and 22\.12\+ can by default\): CommonJS packages outside the output run uninstrumented \(run on Node 20\.19\+ or 22\.12\+, or build CommonJS output\)\n$/,
    );
    expect(run.stdout).not.toMatch(HOOK_LINE);
    expect(run.stdout).toMatch(/^answer: hello$/m);
  });

  it('ES module package files need the load hook before the imports are linked: without --import one line says so, with it the hook runs', async () => {
    const dir = copyFixture('load-time', 'loadtime', { as: 'loadtime-esm-package' });
    fs.writeFileSync(
      path.join(dir, 'src', 'main.ts'),
      "import Router from '@koa/router';\nconst router = new Router();\nrouter.get('/x', () => {});\nconsole.log(`routes: ${router.stack.length}`);\n",
    );
    fs.writeFileSync(
      path.join(dir, 'router-hooks.mjs'),
      'export function enter(ctx) {\n  console.log(`hook: ${ctx.site.module} ${ctx.site.class}.${ctx.site.function} ${ctx.args[0]}`);\n}\n',
    );
    const layer = { module: '@koa/router', file: 'dist/index.mjs', class: 'Layer', function: 'constructor' };
    fs.writeFileSync(
      path.join(dir, 'router-rules.json'),
      JSON.stringify({
        rules: [
          { id: 'router-layer', where: layer, do: [{ hook: { module: './router-hooks.mjs', onEnter: 'enter' } }] },
        ],
      }),
    );
    const build = await instts(
      ['build', '--rules', 'router-rules.json', '--no-typecheck', '--entry', 'src/main.ts', '--no-bundle'],
      dir,
    );
    expect(build.code, build.stderr).toBe(0);
    const plain = await runNode(['dist/main.js'], dir);
    expect(plain.stderr).toBe(
      "instts: this build instruments ES module files of @koa/router as they load, which needs its load hook registered before the program's imports are linked, and the process was started without --import: those the program imports statically run uninstrumented (start with node --import ./dist/__instts__/load-time.js <entry>, as the build said)\n",
    );
    expect(plain.stdout).not.toMatch(/^hook:/m);
    expect(plain.stdout).toMatch(/^routes: 1$/m);
    const preloaded = await runNode(['--import', './dist/__instts__/load-time.js', 'dist/main.js'], dir);
    expect(preloaded.stderr).toBe('');
    expect(preloaded.stdout).toMatch(/^hook: @koa\/router Layer\.constructor \/x$/m);
  });

  it('a missing manifest or copy: one line on stderr, the program runs uninstrumented', async () => {
    const { dir } = await build(['--no-bundle']);
    const packages = path.join(dir, 'dist/__instts__/packages');
    fs.rmSync(packages, { recursive: true });
    const noCopy = await runNode(['dist/main.js'], dir);
    expect(noCopy.stderr).toMatch(
      /^instts: cannot read the instrumented copy of express\/lib\/router\/index\.js \(.*\): loaded uninstrumented\n$/,
    );
    expect(noCopy.stdout).toMatch(/^answer: hello$/m);
    fs.rmSync(path.join(dir, 'dist/__instts__/load-time.json'));
    const noManifest = await runNode(['dist/main.js'], dir);
    expect(noManifest.stderr).toMatch(
      /^instts: cannot read .*load-time\.json .*: packages outside the build run uninstrumented\n$/,
    );
    expect(noManifest.stdout).toMatch(/^answer: hello$/m);
  });

  it('a second build takes the package rewrites from the cache, with the same output; no writable cache is no cache', async () => {
    const first = await build(['--no-bundle', '--report', 'first.json']);
    const copy = (dir: string): string => {
      const folder = path.join(dir, 'dist/__instts__/packages/express/lib/router');
      // Hook bundles are named after their source path, which differs between the two copies.
      return fs
        .readFileSync(path.join(folder, fs.readdirSync(folder)[0]!), 'utf8')
        .replace(/hooks-[0-9a-f]{8}\.js/g, 'hooks.js');
    };
    const again = await instts(
      [
        'build',
        '--rules',
        'rules.json',
        '--no-typecheck',
        '--entry',
        'src/main.ts',
        '--no-bundle',
        '--report',
        'second.json',
      ],
      first.dir,
    );
    expect(again.code, again.stderr).toBe(0);
    const report = (name: string) =>
      JSON.parse(fs.readFileSync(path.join(first.dir, name), 'utf8')) as {
        files: { fromCache: number };
        joinPoints: number;
      };
    expect(report('second.json').files.fromCache).toBeGreaterThan(0);
    expect(report('second.json').joinPoints).toBe(report('first.json').joinPoints);
    expect(copy(first.dir)).toContain('__INSTTS_LOAD_TIME_SUPPORT__/runtime.js');

    // A project whose node_modules cannot hold a cache (.cache is a file): the build works the same.
    const readOnly = copyFixture('load-time', 'loadtime', { as: 'no-cache' });
    fs.mkdirSync(path.join(readOnly, 'node_modules'));
    fs.symlinkSync(path.join(ROOT, 'node_modules', 'express'), path.join(readOnly, 'node_modules', 'express'), 'dir');
    fs.writeFileSync(path.join(readOnly, 'node_modules', '.cache'), 'not a folder');
    const uncached = await instts(
      ['build', '--rules', 'rules.json', '--no-typecheck', '--entry', 'src/main.ts', '--no-bundle'],
      readOnly,
    );
    expect(uncached.code, uncached.stderr).toBe(0);
    expect(copy(readOnly)).toBe(copy(first.dir));
    expect((await runNode(['dist/main.js'], readOnly)).stdout).toMatch(HOOK_LINE);
  });
});

describe('what the build and the output agree on', () => {
  it('a package file is named by its folder under the last node_modules, so build and run agree without reading package.json', () => {
    expect(packageFileKey('/app/node_modules/express/lib/router/index.js')).toBe('express/lib/router/index.js');
    expect(packageFileKey('/app/node_modules/@koa/router/dist/index.mjs')).toBe('@koa/router/dist/index.mjs');
    expect(packageFileKey('/app/node_modules/.pnpm/express@4.22.3/node_modules/express/lib/router/index.js')).toBe(
      'express/lib/router/index.js',
    );
    expect(packageFileKey('/app/node_modules/express5/lib/application.js')).toBe('express5/lib/application.js');
    expect(packageFileKey('/app/dist/main.js')).toBeUndefined();
  });

  it('external patterns match as esbuild matches them', () => {
    expect(matchesExternal('express', ['express'])).toBe(true);
    expect(matchesExternal('express/lib/router', ['express'])).toBe(true);
    expect(matchesExternal('express5', ['express'])).toBe(false);
    expect(matchesExternal('@aws-sdk/client-s3', ['@aws-sdk/*'])).toBe(true);
    expect(matchesExternal('@aws/other', ['@aws-sdk/*'])).toBe(false);
  });
});

describe('the load-time manifest', () => {
  it('is the same bytes whatever order the files were found in (reproducible builds)', () => {
    const file = (key: string, original: string, format: LoadTimeFile['format'] = 'commonjs'): LoadTimeFile =>
      ({
        file: `/p/node_modules/${key}`,
        key,
        format,
        original,
        code: `/* instrumented */ ${original}`,
      }) as LoadTimeFile;
    const files = [
      file('express/lib/router/route.js', 'a'),
      file('express/lib/router/index.js', 'b'),
      file('koa/dist/koa.mjs', 'c', 'module'),
      file('express/lib/router/route.js', 'a2'),
    ];
    const text = (list: LoadTimeFile[]): string[] =>
      loadTimeOutputs('/out/__instts__', list).map((o) => `${o.path}\n${String(o.contents)}`);
    const forward = text(files);
    expect(text([...files].reverse())).toEqual(forward);
    expect(text([files[2]!, files[0]!, files[3]!, files[1]!])).toEqual(forward);
    const manifest = JSON.parse(forward.at(-1)!.split('\n').slice(1).join('\n')) as {
      files: Record<string, unknown[]>;
    };
    expect(Object.keys(manifest.files)).toEqual([
      'express/lib/router/index.js',
      'express/lib/router/route.js',
      'koa/dist/koa.mjs',
    ]);
  });
});
