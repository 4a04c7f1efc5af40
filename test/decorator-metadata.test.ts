// Decorator metadata as tsc emits it. TypeORM reads a column's type from `design:type` and
// dependency injection reads constructor types from `design:paramtypes`; what they get depends on
// what each type *is*: an enum or a string-literal alias is `String`, a number alias `Number`, an
// interface `Object`, and an import used only as such a type is dropped. A project built with
// `instts build` (bundled and `--no-bundle`, with a rule rewriting the decorated class) must print
// exactly what the same project compiled by tsc prints, whatever the decorated file imports.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, copyFixture, instts, runNode, tsc, type RunResult } from './cli-helpers.js';

const EXPECTED = [
  'Account.id: Number',
  'Account.prefs: Object',
  'Account.status: String',
  'Account.role: String',
  'Account.level: Number',
  'Account.createdAt: Date',
  'Account.nickname: Object',
  'Account.tags: Array',
  'Accounts(Repo, Object, String)',
  'Accounts.find(Number, String, Number): Promise',
];

describe('emitDecoratorMetadata: instts build emits what tsc emits', () => {
  let reference: RunResult;

  beforeAll(async () => {
    const dir = copyFixture('decorator-metadata', 'decorator-metadata', { as: 'tsc' });
    const compiled = await tsc(['-p', '.'], dir);
    expect(compiled.stdout + compiled.stderr).toBe('');
    reference = await runNode(['dist/main.js'], dir);
  }, 60_000);

  it('tsc: the reference', () => {
    expect(reference.code).toBe(0);
    expect(reference.stdout.split('\n').slice(0, EXPECTED.length)).toEqual(EXPECTED);
  });

  for (const mode of ['bundle', 'no-bundle'] as const) {
    it(`${mode}: the same metadata, no import of a type left behind`, async () => {
      const dir = copyFixture('decorator-metadata', 'decorator-metadata', { as: mode });
      const build = await instts(
        ['build', '--rules', 'rules.json', ...(mode === 'bundle' ? [] : ['--no-bundle'])],
        dir,
      );
      expect(build.stderr).not.toMatch(/error/);
      expect(build.code).toBe(0);
      if (mode === 'no-bundle') {
        const account = fs.readFileSync(path.join(dir, 'dist', 'account.js'), 'utf8');
        expect(account).toMatch(/^import \{ Level, Repo, Role \} from "\.\/types\.js";$/m);
      }
      const run = await runNode(['dist/main.js'], dir, 60_000, { OTEL_TRACES_EXPORTER: 'none' });
      expect(run.stderr).toBe('');
      expect([run.code, run.stdout]).toEqual([0, reference.stdout]);
    }, 60_000);
  }

  it('watch mode: an edit of an imported type changes the metadata of the file that did not change', async () => {
    const dir = copyFixture('decorator-metadata', 'decorator-metadata', { as: 'watch' });
    const child = spawn(process.execPath, [BIN, 'build', '-w', '--preserveWatchOutput'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const builds = async (n: number): Promise<void> => {
      const deadline = Date.now() + 50_000;
      while ((out.match(/Watching for file changes\./g) ?? []).length < n) {
        if (Date.now() > deadline) throw new Error(`no build ${n}: ${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const status = async (): Promise<string | undefined> =>
      (await runNode(['dist/main.js'], dir)).stdout.split('\n').find((l) => l.startsWith('Account.status'));
    try {
      await builds(1);
      expect(await status()).toBe('Account.status: String');
      const types = path.join(dir, 'src', 'types.ts');
      fs.writeFileSync(types, fs.readFileSync(types, 'utf8').replace("'active' | 'banned'", '1 | 2'));
      await builds(2);
      expect(await status()).toBe('Account.status: Number');
    } finally {
      child.kill();
    }
  }, 120_000);
});
