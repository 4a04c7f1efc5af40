// Type errors end to end: printed exactly as tsc prints them, with tsc's exit statuses:
// 2 with output written, 1 with nothing written under noEmitOnError, and --noEmit writes nothing.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  copyFixture,
  expectNoStackTrace,
  instts,
  lines,
  listFiles,
  ROOT,
  runNode,
  SUMMARY,
  tsc,
  type RunResult,
} from './cli-helpers.js';

const EARLIER_OUTPUT = '// output of an earlier build\n';

describe('instts build: type errors', () => {
  let dir: string;
  let rel: string; // the fixture, relative to the repository root
  const r: Record<string, RunResult> = {};

  beforeAll(async () => {
    dir = copyFixture('cli-typecheck', 'typeerr');
    rel = path.relative(ROOT, dir);
    for (const out of ['out-strict', 'out-noemit']) {
      fs.mkdirSync(path.join(dir, out));
      fs.writeFileSync(path.join(dir, out, 'index.js'), EARLIER_OUTPUT);
    }
    const rules = ['--rules', 'rules/rules.json'];
    const runs: Record<string, Promise<RunResult>> = {
      tsc: tsc(['-p', '.', '--noEmit', '--pretty', 'false'], dir),
      tscPretty: tsc(['-p', '.', '--noEmit', '--pretty', 'true'], dir),
      tscFromRoot: tsc(['-p', rel, '--noEmit', '--pretty', 'false'], ROOT),
      plain: instts(['build', ...rules, '--outDir', 'out-plain', '--report', 'report.json'], dir),
      strict: instts(['build', '-p', 'tsconfig.strict-emit.json', ...rules, '--outDir', 'out-strict'], dir),
      noEmit: instts(['build', ...rules, '--outDir', 'out-noemit', '--noEmit'], dir),
      pretty: instts(['build', ...rules, '--outDir', 'out-pretty', '--pretty'], dir),
      noTypecheck: instts(['build', ...rules, '--outDir', 'out-unchecked', '--no-typecheck'], dir),
      fromRoot: instts(['build', '-p', rel, '--rules', `${rel}/rules/rules.json`, '--noEmit'], ROOT),
    };
    await Promise.all(Object.entries(runs).map(async ([name, run]) => (r[name] = await run)));
  });

  it('the fixture has two type errors (tsc says so)', () => {
    expect(lines(r.tsc!.stdout)).toEqual([
      "src/index.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      "src/math.ts(4,3): error TS2322: Type 'string' is not assignable to type 'number'.",
    ]);
    expect(r.tsc!.code).toBe(2);
  });

  it('prints them exactly as tsc does, writes the output and exits 2', async () => {
    const run = r.plain!;
    expect(run.stdout).toBe(r.tsc!.stdout);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(lines(run.stderr)[0]).toMatch(SUMMARY);
    expect(lines(run.stderr)[0]).toMatch(/ → out-plain in \d+ ms$/);
    expectNoStackTrace(run);
    expect(listFiles(path.join(dir, 'out-plain'))).toEqual(['index.js', 'index.js.map']);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect([report.exitStatus, report.typecheck]).toEqual([2, { errors: 2 }]);
    const program = await runNode(['out-plain/index.js'], dir);
    expect([program.code, program.stdout, program.stderr]).toEqual([0, 'total returned 6.00\nitems: 6.00\n', '']);
  });

  it('with noEmitOnError: exits 1 and writes nothing', () => {
    const run = r.strict!;
    expect(run.stdout).toBe(r.tsc!.stdout);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(lines(run.stderr)[0]).toMatch(SUMMARY);
    expect(lines(run.stderr)[0]).toMatch(/\(nothing written\) in \d+ ms$/);
    expect(listFiles(path.join(dir, 'out-strict'))).toEqual(['index.js']);
    expect(fs.readFileSync(path.join(dir, 'out-strict', 'index.js'), 'utf8')).toBe(EARLIER_OUTPUT);
  });

  it('--noEmit writes nothing and exits 2, like tsc --noEmit', () => {
    const run = r.noEmit!;
    expect(run.stdout).toBe(r.tsc!.stdout);
    expect(run.code).toBe(r.tsc!.code);
    expect(lines(run.stderr)[0]).toMatch(/\(no emit\) in \d+ ms$/);
    expect(listFiles(path.join(dir, 'out-noemit'))).toEqual(['index.js']);
    expect(fs.readFileSync(path.join(dir, 'out-noemit', 'index.js'), 'utf8')).toBe(EARLIER_OUTPUT);
  });

  it('--pretty prints code frames and the summary, byte for byte as tsc --pretty', () => {
    const run = r.pretty!;
    expect(run.stdout).toBe(r.tscPretty!.stdout);
    expect(run.stdout).toContain("\u001b[7m3\u001b[0m const label: number = 'items';");
    expect(run.stdout).toContain('Found 2 errors in 2 files.');
    expect(run.code).toBe(2);
  });

  it('--no-typecheck skips the type-check: no errors, exit 0', () => {
    const run = r.noTypecheck!;
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(lines(run.stderr)[0]).toMatch(/ → out-unchecked in \d+ ms$/);
    expect(listFiles(path.join(dir, 'out-unchecked'))).toEqual(['index.js', 'index.js.map']);
  });

  it('paths in diagnostics are relative to the working directory, as with tsc', () => {
    expect(r.tscFromRoot!.stdout).toContain(`${rel}/src/math.ts(4,3)`);
    expect(r.fromRoot!.stdout).toBe(r.tscFromRoot!.stdout);
    expect(r.fromRoot!.code).toBe(2);
  });
});
