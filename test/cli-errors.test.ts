// Bad input end to end: each mistake gets one clear, located message, the right exit status,
// no stack trace, and leaves an earlier build's output exactly as it was.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, expectNoStackTrace, instts, lines, listFiles, SUMMARY, type RunResult } from './cli-helpers.js';

const EARLIER_OUTPUT = '// output of an earlier build\nconsole.log("earlier");\n';

interface Case {
  name: string;
  args: string[];
  code: number;
  stderr: (dir: string) => Array<string | RegExp>;
  stdout?: string[];
}

const CASES: Case[] = [
  {
    name: 'malformed rule JSON',
    args: ['--entry', 'src/index.ts', '--rules', 'rules/malformed.json'],
    code: 3,
    stderr: () => ['rules/malformed.json(6,7): error INSTTS1001: invalid JSON: comma expected'],
  },
  {
    name: 'an unknown field in a rule',
    args: ['--entry', 'src/index.ts', '--rules', 'rules/unknown-field.json'],
    code: 3,
    stderr: () => [
      "rules/unknown-field.json(5,39): error INSTTS1002: unknown property 'klass' in rules[0].where " +
        "(expected one of: module, version, file, class, function, kind, call, prelude); did you mean 'class'?",
    ],
  },
  {
    name: 'a bad glob',
    args: ['--entry', 'src/index.ts', '--rules', 'rules/bad-glob.json'],
    code: 3,
    stderr: () => [
      String.raw`rules/bad-glob.json(5,26): error INSTTS1003: rules[0].where.file: "src/[a-": unclosed '[' at character 5 (for a literal '[', write \\[ in the JSON string)`,
    ],
  },
  {
    name: 'a bad regular expression',
    args: ['--entry', 'src/index.ts', '--rules', 'rules/bad-regex.json'],
    code: 3,
    stderr: () => [
      'rules/bad-regex.json(5,30): error INSTTS1004: rules[0].where.function: "/gre(et/": invalid regular expression (Unterminated group)',
    ],
  },
  {
    name: 'a bad semver range',
    args: ['--entry', 'src/index.ts', '--rules', 'rules/bad-semver.json'],
    code: 3,
    stderr: () => [
      'rules/bad-semver.json(5,51): error INSTTS1005: rules[0].where.version: "^1.x.y.z": not a valid semver range',
    ],
  },
  {
    name: 'a missing hook module',
    args: ['--entry', 'src/index.ts', '--rules', 'rules/missing-hook.json'],
    code: 3,
    stderr: (dir) => [
      `rules/missing-hook.json(6,36): error INSTTS1006: rules[0].do[0].hook.module: hook module "../hooks/nope.ts" not found: ` +
        `no file ${path.join(dir, 'hooks', 'nope.ts')} (with or without .ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs, or index.* in it)`,
    ],
  },
  {
    name: 'a missing hook export',
    args: ['--entry', 'src/index.ts', '--rules', 'rules/missing-export.json'],
    code: 3,
    stderr: () => [
      `rules/missing-export.json(6,64): error INSTTS1007: rules[0].do[0].hook.onEnter: hook module "../hooks/h.ts" has no export 'before' (it exports: onEnter, onExit)`,
    ],
  },
  {
    name: 'a bad path expression in a trace name (pointing inside the string)',
    args: ['--entry', 'src/index.ts', '--rules', 'rules/trace.json'],
    code: 3,
    stderr: () => [
      "rules/trace.json(6,49): error INSTTS1012: rules[0].do[0].trace.name: expected ']', found the end of the path",
    ],
  },
  {
    name: 'a TS syntax error (reported once, by the type-check, in tsc words)',
    args: ['-p', 'syntax', '--entry', 'syntax/src/index.ts'],
    code: 1,
    stdout: ['syntax/src/index.ts(3,19): error TS1109: Expression expected.'],
    stderr: () => [SUMMARY],
  },
  {
    name: 'a TS syntax error in a file a rule may match',
    args: ['-p', 'syntax', '--entry', 'syntax/src/index.ts', '--rules', 'rules/ok.json'],
    code: 1,
    stdout: ['syntax/src/index.ts(3,19): error TS1109: Expression expected.'],
    stderr: () => [SUMMARY],
  },
  {
    name: 'a TS syntax error without the type-check (the front end reports it)',
    args: ['-p', 'syntax', '--entry', 'syntax/src/index.ts', '--rules', 'rules/ok.json', '--no-typecheck'],
    code: 1,
    stderr: () => ['syntax/src/index.ts(3,19): error TS1109: Expression expected.', SUMMARY],
  },
  {
    name: 'a missing tsconfig',
    args: ['-p', 'nope', '--entry', 'src/index.ts'],
    code: 3,
    stderr: () => ["error INSTTS2003: cannot find a tsconfig.json at 'nope' (the specified path does not exist)"],
  },
  {
    name: 'an entry that does not exist',
    args: ['--entry', 'src/nope.ts', '--rules', 'rules/ok.json'],
    code: 3,
    stderr: () => ["error INSTTS2005: entry point 'src/nope.ts' does not exist"],
  },
  {
    name: 'a bad --format',
    args: ['--entry', 'src/index.ts', '--format', 'umd'],
    code: 3,
    stderr: () => [
      "error: option '--format <format>' argument 'umd' is invalid. Allowed choices are esm, cjs.",
      '(run instts build --help for its options)',
    ],
  },
  {
    name: 'an unknown config-file field',
    args: ['-c', 'config/unknown-field.json'],
    code: 3,
    // the list of fields grows with the product: only its shape is fixed here
    stderr: () => [
      /^config\/unknown-field\.json\(3,3\): error INSTTS2002: unknown config field 'outdir' \(expected one of: entry, outDir, outfile, (\w+, )+dump\)$/,
    ],
  },
  {
    name: 'a config file whose $schema is not a string',
    args: ['-c', 'config/schema-not-string.json'],
    code: 3,
    stderr: () => ["config/schema-not-string.json(3,3): error INSTTS2002: '$schema' must be a string"],
  },
  {
    name: 'a malformed JSON config file',
    args: ['-c', 'config/malformed.json'],
    code: 3,
    stderr: () => ['config/malformed.json(3,19): error INSTTS2002: invalid JSON: property name expected'],
  },
  {
    name: 'an unknown esbuild --target',
    args: ['--entry', 'src/index.ts', '--target', 'node20,es1999'],
    code: 3,
    stderr: () => [
      `error INSTTS2007: invalid target 'node20,es1999': Invalid target "es1999" in "--target=node20,es1999"`,
    ],
  },
];

describe('instts build: bad input', () => {
  let dir: string;
  const results = new Map<string, RunResult>();
  const outDirOf = (i: number) => `out-${i}`;

  beforeAll(async () => {
    dir = copyFixture('cli-errors', 'bad');
    await Promise.all(
      CASES.map(async (c, i) => {
        fs.mkdirSync(path.join(dir, outDirOf(i)));
        fs.writeFileSync(path.join(dir, outDirOf(i), 'index.js'), EARLIER_OUTPUT);
        results.set(c.name, await instts(['build', ...c.args, '--outDir', outDirOf(i)], dir));
      }),
    );
  });

  CASES.forEach((c, i) => {
    it(c.name, () => {
      const result = results.get(c.name)!;
      const stderr = lines(result.stderr);
      const expected = c.stderr(dir);
      expect(stderr, result.stderr).toHaveLength(expected.length);
      expected.forEach((line, n) =>
        typeof line === 'string' ? expect(stderr[n]).toBe(line) : expect(stderr[n]).toMatch(line),
      );
      expect(lines(result.stdout)).toEqual(c.stdout ?? []);
      expect(result.code).toBe(c.code);
      expectNoStackTrace(result);
      // nothing written: the earlier output is byte-identical and alone
      expect(listFiles(path.join(dir, outDirOf(i)))).toEqual(['index.js']);
      expect(fs.readFileSync(path.join(dir, outDirOf(i), 'index.js'), 'utf8')).toBe(EARLIER_OUTPUT);
    });
  });

  it('the failed builds left nothing else behind (no temporary files, no default dist/)', () => {
    expect(listFiles(dir).filter((f) => /\.tmp$|(^|\/)dist\//.test(f))).toEqual([]);
  });
});

describe('instts rules check', () => {
  let dir: string;
  beforeAll(() => {
    dir = copyFixture('cli-errors', 'bad', { as: 'rules-check' });
  });

  it('accepts valid files and counts files and rules', async () => {
    const one = await instts(['rules', 'check', 'rules/ok.json'], dir);
    expect([one.code, one.stdout, one.stderr]).toEqual([0, 'instts: 1 rule file valid, 1 rule\n', '']);
    const two = await instts(['rules', 'check', 'rules/ok.json', 'rules/trace-ok.json'], dir);
    expect([two.code, two.stdout, two.stderr]).toEqual([0, 'instts: 2 rule files valid, 2 rules\n', '']);
  });

  it('reports every problem of every file, in order, with exit status 3', async () => {
    const result = await instts(
      ['rules', 'check', 'rules/ok.json', 'rules/bad-regex.json', 'rules/missing-export.json', 'rules/bad-semver.json'],
      dir,
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      'rules/bad-regex.json(5,30): error INSTTS1004: rules[0].where.function: "/gre(et/": invalid regular expression (Unterminated group)',
      `rules/missing-export.json(6,64): error INSTTS1007: rules[0].do[0].hook.onEnter: hook module "../hooks/h.ts" has no export 'before' (it exports: onEnter, onExit)`,
      'rules/bad-semver.json(5,51): error INSTTS1005: rules[0].where.version: "^1.x.y.z": not a valid semver range',
    ]);
    expectNoStackTrace(result);
  });

  it('a malformed file and a missing file', async () => {
    const result = await instts(['rules', 'check', 'rules/malformed.json', 'rules/nope.json'], dir);
    expect(result.code).toBe(3);
    expect(lines(result.stderr)).toEqual([
      'rules/nope.json: error INSTTS1008: rule file not found: rules/nope.json',
      'rules/malformed.json(6,7): error INSTTS1001: invalid JSON: comma expected',
    ]);
    expectNoStackTrace(result);
  });

  it('without files it says what is missing', async () => {
    const result = await instts(['rules', 'check'], dir);
    expect(result.code).toBe(3);
    expect(lines(result.stderr)[0]).toBe("error: missing required argument 'files'");
    expectNoStackTrace(result);
  });
});
