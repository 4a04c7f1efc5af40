// Issue 17.8: an ES module bundle gets a module-level `require` (createRequire) only when bundled
// CommonJS calls `require()` (esbuild's `__require` helper is in the bundle); the line is put in
// front of the file and the source map still points at the right lines.

import esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { instts, runNode } from './cli-helpers.js';
import { REQUIRE_SHIM } from './transparency-helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-require-banner-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HOOK = 'export function onEnter(): void {}\n';
const RULES = {
  rules: [
    { id: 'every', where: { module: '.', function: '*' }, do: [{ hook: { module: './hook.ts', onEnter: 'onEnter' } }] },
  ],
};
const MAIN_WITH_CJS = [
  "import dep from './dep.cjs';",
  'export function fail(label: string) {',
  '  throw new Error(label + dep.sep);',
  '}',
  'try { fail("boom"); } catch (e) { console.log((e as Error).stack!.split("\\n").slice(0, 2).join(" | ")); }',
].join('\n');

function project(name: string, main: string, files: Record<string, string> = {}): string {
  const root = path.join(dir, name);
  fs.mkdirSync(root, { recursive: true });
  for (const [file, text] of Object.entries({
    'main.ts': main,
    'hook.ts': HOOK,
    'rules.json': JSON.stringify(RULES),
    'package.json': '{ "type": "module" }',
    ...files,
  })) {
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('ESM bundles: the require line', () => {
  it('is added where bundled CommonJS requires, with the source map shifted to match', async () => {
    const root = project('with-cjs', MAIN_WITH_CJS, {
      'dep.cjs': "module.exports = { sep: require('node:path').sep };\n",
    });
    await esbuild.build({
      entryPoints: [path.join(root, 'main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      sourcemap: 'linked',
      outfile: path.join(root, 'plain.mjs'),
      logLevel: 'silent',
      banner: { js: REQUIRE_SHIM },
    });
    const built = await instts(
      ['build', '--entry', 'main.ts', '--outfile', 'inst.mjs', '--rules', 'rules.json', '--no-typecheck'],
      root,
    );
    expect(built.code, built.stderr).toBe(0);
    expect(fs.readFileSync(path.join(root, 'inst.mjs'), 'utf8').split('\n')[0]).toContain(
      '__insttsCreateRequire(import.meta.url)',
    );
    const [plain, inst] = await Promise.all([
      runNode(['--enable-source-maps', 'plain.mjs'], root),
      runNode(['--enable-source-maps', 'inst.mjs'], root),
    ]);
    expect(plain.stdout).toContain('main.ts:3:9');
    expect(inst.stdout).toBe(plain.stdout);
  });

  it('is left out when nothing needs it', async () => {
    const root = project('without-cjs', 'export function f() {\n  return typeof globalThis;\n}\nconsole.log(f());\n');
    const built = await instts(
      ['build', '--entry', 'main.ts', '--outfile', 'inst.mjs', '--rules', 'rules.json', '--no-typecheck'],
      root,
    );
    expect(built.code, built.stderr).toBe(0);
    expect(fs.readFileSync(path.join(root, 'inst.mjs'), 'utf8')).not.toContain('createRequire');
  });
});
