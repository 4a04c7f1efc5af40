// Issue 17.4: CR, U+2028 and U+2029 end lines for JavaScript engines and esbuild, not only `\n`.
// The instrumented build's stack positions (source maps) and esbuild's warning positions for a
// rewritten file must be those of the plain esbuild build of the same source.

import esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { instts, runNode } from './cli-helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-line-terminators-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HOOK = 'export function onEnter(): void {}\nexport function onExit(): void {}\n';
const RULES = {
  rules: [
    {
      id: 'every',
      where: { module: '.', function: '*' },
      do: [{ hook: { module: './hook.ts', onEnter: 'onEnter', onExit: 'onExit' } }],
    },
  ],
};

/** A program whose lines end with `eol` (the first line ends with `\n`): `fail` throws on its fourth line. */
function program(eol: string): string {
  return [
    '// line 1',
    'export function fail(label: string) {',
    '  const text = `${label}`;',
    '  if (text.length > 0) throw new Error(text);',
    '  return text;',
    '}',
    'export function compare(x: number) {',
    '  return x === -0;',
    '}',
    'try { fail("boom"); } catch (e) { console.log((e as Error).stack!.split("\\n").slice(0, 2).join(" | ")); }',
    'console.log(compare(1));',
  ].join(eol);
}

const CASES: Array<[string, string]> = [
  ['CR', '\r'],
  ['U+2028', '\u2028'],
  ['U+2029', '\u2029'],
  ['mixed CR LF and U+2028', '\r\n'],
];

describe('source maps and warning positions after CR, U+2028, U+2029', () => {
  it.each(CASES)('%s', async (label, eol) => {
    const caseDir = path.join(dir, label.replace(/\W+/g, '-'));
    fs.mkdirSync(caseDir, { recursive: true });
    let text = program(eol);
    if (label.startsWith('mixed')) text = text.replace('\r\n  return text;', '\u2028  return text;');
    fs.writeFileSync(path.join(caseDir, 'main.ts'), text);
    fs.writeFileSync(path.join(caseDir, 'hook.ts'), HOOK);
    fs.writeFileSync(path.join(caseDir, 'rules.json'), JSON.stringify(RULES));
    fs.writeFileSync(path.join(caseDir, 'package.json'), '{ "type": "module" }');

    const plain = await esbuild.build({
      entryPoints: [path.join(caseDir, 'main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      sourcemap: 'linked',
      outfile: path.join(caseDir, 'plain.mjs'),
      logLevel: 'silent',
      absWorkingDir: caseDir,
    });
    const warning = plain.warnings.find((w) => /-0/.test(w.text))!;
    expect(warning, 'esbuild warns about `=== -0`').toBeDefined();

    const built = await instts(
      [
        'build',
        '--entry',
        'main.ts',
        '--outfile',
        'inst.mjs',
        '--rules',
        'rules.json',
        '--no-typecheck',
        '--pretty',
        'false',
      ],
      caseDir,
    );
    expect(built.code, built.stderr).toBe(0);
    // The warning names the line and column of the file as written (columns count characters; here ASCII).
    expect(built.stderr).toContain(`main.ts(${warning.location!.line},${warning.location!.column + 1})`);

    const [plainRun, instRun] = await Promise.all([
      runNode(['--enable-source-maps', 'plain.mjs'], caseDir),
      runNode(['--enable-source-maps', 'inst.mjs'], caseDir),
    ]);
    expect(plainRun.code).toBe(0);
    expect(plainRun.stdout).toContain('main.ts:4:');
    expect(instRun.stdout).toBe(plainRun.stdout);
  });
});
