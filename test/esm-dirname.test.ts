// ES module output has no `__dirname`/`__filename`: a CommonJS package bundled into it that reads
// them as it loads (TypeORM's app-root-path does) throws a ReferenceError when the program starts.
// The build says so, naming the package and the ways out; reads only inside a function, or after a
// `typeof` check, are not reported.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, instts, runNode } from './cli-helpers.js';

const PACKAGES = { 'pkgs/root-path': 'root-path', 'pkgs/lazy-path': 'lazy-path', 'pkgs/guarded-path': 'guarded-path' };
const WARNING =
  'warning INSTTS3002: bundled CommonJS code reads __dirname or __filename as it loads, which ES module output does not define: ' +
  'root-path (node_modules/root-path/index.js); the program throws a ReferenceError when it loads that code. ' +
  'Leave the package out of the bundle (--external root-path), build with --format cjs, or use --no-bundle';

describe('ES module bundles and CommonJS code reading __dirname', () => {
  it('the build warns, naming the package, and the program indeed throws', async () => {
    const dir = copyFixture('esm-dirname', 'esm-dirname', { as: 'esm', packages: PACKAGES });
    const build = await instts(['build', '--no-typecheck'], dir);
    expect(build.code).toBe(0);
    expect(build.stderr.split('\n').filter((l) => l.includes('__dirname'))).toEqual([WARNING]);
    const run = await runNode(['dist/main.js'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ReferenceError: __dirname is not defined/);
  }, 60_000);

  it('--strict: the warning is an error and nothing is written', async () => {
    const dir = copyFixture('esm-dirname', 'esm-dirname', { as: 'strict', packages: PACKAGES });
    const build = await instts(['build', '--no-typecheck', '--strict'], dir);
    expect(build.code).toBe(1);
    expect(build.stderr.split('\n').filter((l) => l.includes('__dirname'))).toEqual([
      WARNING.replace('warning INSTTS3002', 'error INSTTS3002'),
    ]);
    expect(fs.existsSync(path.join(dir, 'dist', 'main.js'))).toBe(false);
  }, 60_000);

  it('each way out the warning names runs the program, without the warning', async () => {
    const dir = copyFixture('esm-dirname', 'esm-dirname', { as: 'ways', packages: PACKAGES });
    for (const args of [
      ['--external', 'root-path'],
      ['--format', 'cjs', '--outfile', 'dist/main.cjs'],
    ]) {
      const build = await instts(['build', '--no-typecheck', ...args], dir);
      expect(build.code).toBe(0);
      expect(build.stderr).not.toMatch(/__dirname/);
      const cjs = args.includes('cjs');
      const run = await runNode([cjs ? 'dist/main.cjs' : 'dist/main.js'], dir);
      // bundled into CommonJS output, root-path's __dirname is the bundle's folder
      const expected = cjs
        ? 'root: dist, lazy: function, guarded: true'
        : 'root: root-path, lazy: function, guarded: no __dirname';
      expect([run.code, run.stdout]).toEqual([0, `${expected}\n`]);
    }
  }, 60_000);
});
