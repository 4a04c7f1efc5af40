// `instts inspect` end to end: per rule, every match (file:line, Class.function, kind) and every
// near-miss with its reason; a rule that matches nothing is a warning, or an error with --strict.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, expectNoStackTrace, instts, lines, type RunResult } from './cli-helpers.js';

const TABLE = [
  'rule orders  (rules/rules.json:4)  project file src/**/*.ts function OrderService.* kind any',
  '  match  src/orders.ts:4   OrderService.place   sync',
  '  match  src/orders.ts:9   OrderService.total   async',
  '  match  src/orders.ts:19  OrderService.format  sync',
  '  skip   src/orders.ts:13  OrderService.label   getter: name it exactly in "function" to instrument it',
  '  skip   src/orders.ts:17  OrderService.format  overload signature',
  '  skip   src/orders.ts:18  OrderService.format  overload signature',
  '',
  'rule areas  (rules/rules.json:9)  project file src/shapes.ts function area kind any',
  '  match  src/shapes.ts:12  Square.area  sync',
  '  skip   src/shapes.ts:2   Shape.area   abstract method',
  '',
  'rule unused  (rules/rules.json:14)  project function NoSuchClass.* kind any',
  '  warning: matched nothing',
  '',
  '3 files parsed, 1 skipped by the pre-filter, 4 join points would be instrumented',
];
const UNUSED =
  "rules/rules.json(14,5): {category} INSTTS1011: rule 'unused' matched nothing in the files this build loaded";

interface Row {
  file: string;
  line: number;
  column: number;
  class?: string;
  function: string;
  kind: string;
  reason?: string;
}

describe('instts inspect', () => {
  let dir: string;
  const r: Record<string, RunResult> = {};

  beforeAll(async () => {
    dir = copyFixture('cli-inspect', 'basic');
    const args = ['inspect', '--rules', 'rules/rules.json'];
    const runs: Record<string, Promise<RunResult>> = {
      table: instts(args, dir),
      strict: instts([...args, '--strict'], dir),
      json: instts([...args, '--json'], dir),
    };
    await Promise.all(Object.entries(runs).map(async ([name, run]) => (r[name] = await run)));
  });

  it('lists matches and near-misses per rule (overloads, abstract methods, getters under *)', () => {
    expect(lines(r.table!.stdout)).toEqual(TABLE);
    expect(r.table!.code).toBe(0);
    expect(lines(r.table!.stderr)).toEqual([UNUSED.replace('{category}', 'warning')]);
    expectNoStackTrace(r.table!);
  });

  it('--strict: a rule that matches nothing is an error (exit 3)', () => {
    expect(lines(r.strict!.stdout)).toEqual(
      TABLE.map((l) => (l === '  warning: matched nothing' ? '  error: matched nothing' : l)),
    );
    expect(lines(r.strict!.stderr)).toEqual([UNUSED.replace('{category}', 'error')]);
    expect(r.strict!.code).toBe(3);
  });

  it('--json has the same content', () => {
    expect(r.json!.code).toBe(0);
    const report = JSON.parse(r.json!.stdout) as {
      rules: Array<{
        id: string;
        type: string;
        location: { file: string; line: number; column: number };
        selector: string;
        matches: Row[];
        nearMisses: Row[];
      }>;
      files: { loaded: number; parsed: number; skippedByPrefilter: number };
      joinPoints: number;
      warnings: string[];
    };
    expect(report.rules.map((rule) => [rule.id, rule.type, rule.location])).toEqual([
      ['orders', 'function', { file: 'rules/rules.json', line: 4, column: 5 }],
      ['areas', 'function', { file: 'rules/rules.json', line: 9, column: 5 }],
      ['unused', 'function', { file: 'rules/rules.json', line: 14, column: 5 }],
    ]);
    // every table line, rebuilt from the JSON
    const rebuilt: string[] = [];
    for (const rule of report.rules) {
      const all = [...rule.matches, ...rule.nearMisses];
      const name = (row: Row) => `${row.class ? `${row.class}.` : ''}${row.function}`;
      const width = Math.max(0, ...all.map((row) => `${row.file}:${row.line}`.length));
      const nameWidth = Math.max(0, ...all.map((row) => name(row).length));
      rebuilt.push(`rule ${rule.id}  (${rule.location.file}:${rule.location.line})  ${rule.selector}`);
      if (rule.matches.length === 0) rebuilt.push('  warning: matched nothing');
      for (const row of rule.matches)
        rebuilt.push(
          `  match  ${`${row.file}:${row.line}`.padEnd(width)}  ${name(row).padEnd(nameWidth)}  ${row.kind}`,
        );
      for (const row of rule.nearMisses)
        rebuilt.push(
          `  skip   ${`${row.file}:${row.line}`.padEnd(width)}  ${name(row).padEnd(nameWidth)}  ${row.reason}`,
        );
      rebuilt.push('');
    }
    rebuilt.push(
      `${report.files.parsed} files parsed, ${report.files.skippedByPrefilter} skipped by the pre-filter, ${report.joinPoints} join points would be instrumented`,
    );
    expect(rebuilt).toEqual(TABLE);
    expect(report.files).toEqual({ loaded: 4, parsed: 3, skippedByPrefilter: 1 });
    expect(report.rules[0]!.matches[0]).toEqual({
      file: 'src/orders.ts',
      line: 4,
      column: 3,
      class: 'OrderService',
      function: 'place',
      kind: 'sync',
    });
    expect(report.rules[1]!.nearMisses).toEqual([
      {
        file: 'src/shapes.ts',
        line: 2,
        column: 3,
        class: 'Shape',
        function: 'area',
        kind: 'sync',
        reason: 'abstract method',
      },
    ]);
    expect(report.warnings).toEqual(["rule 'unused' matched nothing in the files this build loaded"]);
  });

  it('writes nothing', () => {
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });
});

describe('instts inspect: what it takes', () => {
  it('without an entry point fails as the build does (INSTTS2006, exit 3), instead of inspecting nothing', async () => {
    const dir = copyFixture('cli-inspect', 'basic', { as: 'no-entry' });
    const pkg = path.join(dir, 'package.json');
    const { main: _main, ...rest } = JSON.parse(fs.readFileSync(pkg, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(pkg, JSON.stringify(rest));
    const [inspect, build] = await Promise.all([
      instts(['inspect', '--rules', 'rules/rules.json'], dir),
      instts(['build', '--rules', 'rules/rules.json', '--no-typecheck'], dir),
    ]);
    const noEntry =
      'error INSTTS2006: no entry point: pass --entry <file>, set "entry" in instts.config, or give package.json a "main" or "bin"';
    expect(lines(build.stderr)).toEqual([noEntry]);
    expect(inspect.stdout).toBe('');
    expect(lines(inspect.stderr)).toEqual([noEntry]);
    expect(inspect.code).toBe(3);
    expectNoStackTrace(inspect);
  });

  it('offers only the options it honours: the build-only ones are neither listed nor accepted', async () => {
    const dir = copyFixture('cli-inspect', 'basic', { as: 'build-only-options' });
    const help = await instts(['inspect', '--help'], dir);
    expect(help.code).toBe(0);
    const listed = help.stdout.slice(0, help.stdout.indexOf('\n\n', help.stdout.indexOf('Options:')));
    for (const flag of ['--entry', '--rules', '--no-bundle', '--external', '--json', '--strict']) {
      expect(listed).toContain(flag);
    }
    const buildOnly: string[][] = [
      ['--report', 'r.json'],
      ['--dump', 'dumped'],
      ['-d'],
      ['--declaration'],
      ['--listEmittedFiles'],
      ['--extendedDiagnostics'],
      ['--diagnostics'],
      ['--typecheck'],
      ['--no-typecheck'],
    ];
    for (const [flag] of buildOnly) expect(listed).not.toMatch(new RegExp(`(^|[ ,])${flag}\\b`, 'm'));
    const runs = await Promise.all(
      buildOnly.map((args) => instts(['inspect', '--rules', 'rules/rules.json', ...args], dir)),
    );
    runs.forEach((run, i) => {
      expect(run.code, buildOnly[i]!.join(' ')).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`error: unknown option '${buildOnly[i]![0]}'`);
    });
    expect(fs.existsSync(path.join(dir, 'r.json'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'dumped'))).toBe(false);
  });
});
