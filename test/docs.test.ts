// What the README and the docs say about the CLI and rule files, checked against what instts
// does: the defaults named in the CLI reference, the messages quoted, the examples, the files named.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, InsttsError } from '../src/diagnostics.js';
import { loadRules } from '../src/rules/load.js';
import { ROOT, writeProject } from './cli-helpers.js';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-docs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes `files` (relative path → text) under a new folder of `tmp`. */
function project(name: string, files: Record<string, string>): string {
  return writeProject(path.join(tmp, name), files);
}

/** The messages of the InsttsError `run` rejects with, as the CLI prints them (paths relative to `cwd`). */
async function printedErrors(run: () => Promise<unknown>, cwd: string): Promise<string[]> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(InsttsError);
    return (error as InsttsError).diagnostics.map((d) =>
      formatDiagnostic({ ...d, file: d.file && path.relative(cwd, d.file) }),
    );
  }
  throw new Error('expected an InsttsError');
}

/** The row of the README's CLI table for an option. */
function optionRow(option: string): string {
  const row = README.split('\n').find((line) => line.startsWith(`| \`${option}`));
  if (row === undefined) throw new Error(`README.md has no row for ${option}`);
  return row;
}

describe('README: CLI reference', () => {
  it('--entry: names every default, in the order the build tries them (with --no-bundle: every source file)', () => {
    const row = optionRow('--entry <file>');
    const order = ['config `entry`', 'with `--no-bundle`, every source file', 'package.json `bin`/`main`'].map((part) =>
      row.indexOf(part),
    );
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('-c: names every config file name the build looks for', () => {
    expect(optionRow('-c, --config <file>')).toContain('`instts.config.{ts,mts,mjs,js,json}` beside the tsconfig');
  });
});

describe('README: rule files', () => {
  it('the unknown-property message it quotes is the one instts prints', async () => {
    const quoted = /`(rules\/a\.json\((\d+),(\d+)\): error INSTTS1002: unknown property[^`]*)`/.exec(
      README.replace(/\s*\n\s*/g, ' '),
    );
    expect(quoted, 'the quoted message').not.toBeNull();
    const [, message, line, column] = quoted!;
    // a rule file whose misspelt key sits where the quote says
    const lines = ['{', '  "rules": [', '    { "id": "a", "do": [{ "trace": {} }],'];
    while (lines.length < Number(line) - 1) lines.push('');
    lines.push(
      `${' '.repeat(Number(column) - 1 - '"where": { '.length)}"where": { "funcion": "handle" } }`,
      '  ]',
      '}',
    );
    const dir = project('unknown-property', { 'rules/a.json': lines.join('\n') });
    const printed = await printedErrors(() => loadRules([path.join(dir, 'rules/a.json')], { cwd: dir }), dir);
    expect(printed).toEqual([message]);
  });

  it('the rule file example works as placed: saved as rules/example.json, its paths name the project\u2019s files', async () => {
    const example =
      /```json\n(\{\n {2}"\$schema": "\.\.\/node_modules\/instts\/schema\/rules\.schema\.json",[\s\S]*?)\n```/.exec(
        README,
      );
    expect(example, 'the rule file example').not.toBeNull();
    const dir = project('rule-file-example', {
      'rules/example.json': example![1]!,
      'hooks/audit.ts': 'export function enter(): void {}\nexport function exit(): void {}\n',
      'hooks/outbound.ts': 'export function enter(): void {}\n',
      'src/telemetry-start.ts': 'export {};\n',
    });
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'instts'), 'dir');
    const file = path.join(dir, 'rules', 'example.json');
    const rules = await loadRules([file], { cwd: dir });
    expect(rules.map((r) => r.id)).toEqual(['orders', 'outbound', 'start']);
    expect(rules.flatMap((r) => r.hooks.map((h) => path.relative(dir, h.module)))).toEqual([
      path.join('hooks', 'audit.ts'),
      path.join('hooks', 'outbound.ts'),
    ]);
    const schema = (JSON.parse(example![1]!) as { $schema: string }).$schema;
    expect(fs.existsSync(path.resolve(path.dirname(file), schema)), schema).toBe(true);
  });
});

describe('docs: the files they name', () => {
  const docs = [
    'README.md',
    'CONTRIBUTING.md',
    'test/corpus/README.md',
    ...fs.readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).map((f) => path.join('docs', f)),
  ].filter((f) => f.endsWith('.md'));

  it('every file of this repository a doc names in code (`test/…`, `src/…`, …) exists', () => {
    const missing: string[] = [];
    for (const doc of docs) {
      const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
      for (const [, named] of text.matchAll(/`((?:test|src|docs|bench|scripts|schema)\/[\w./-]+\.[a-z]+)`/g)) {
        if (!fs.existsSync(path.join(ROOT, named!))) missing.push(`${doc}: ${named}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
