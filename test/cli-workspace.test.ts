// A workspace (npm workspaces shape: packages/shared linked into node_modules/@demo/shared,
// packages/app referencing it in tsconfig `references`). `instts build -b` builds the reference
// first with the project's tsc -b (same diagnostics and exit status as tsc -b when it fails), and
// the workspace package, loaded by esbuild from its real path outside node_modules, is named by
// its package.json: a rule on `module: "@demo/shared"` with a version range matches it.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, instts, lines, runNode, tsc } from './cli-helpers.js';

function workspace(as: string): { root: string; app: string } {
  const root = copyFixture('cli-workspace', 'workspace', { as });
  fs.mkdirSync(path.join(root, 'node_modules', '@demo'), { recursive: true });
  fs.symlinkSync(
    path.join('..', '..', 'packages', 'shared'),
    path.join(root, 'node_modules', '@demo', 'shared'),
    'dir',
  );
  return { root, app: path.join(root, 'packages', 'app') };
}

describe('workspaces and project references', () => {
  it('-b builds the referenced project, then the app; the module rule matches the workspace package', async () => {
    const { root, app } = workspace('ok');
    const run = await instts(['build', '-b', '--rules', 'rules.json'], app);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
    expect(lines(run.stderr).at(-1)).toMatch(/1 join point instrumented \(shared-greet: 1\)/);
    expect(fs.existsSync(path.join(root, 'packages', 'shared', 'dist', 'index.d.ts'))).toBe(true);
    const program = await runNode(['dist/main.js'], app);
    expect([program.code, program.stdout]).toEqual([0, 'greet returned hello workspace\nhello workspace\n']);
  });

  it('a failing reference: tsc -b\u2019s diagnostics and exit status for it, and the app is not built', async () => {
    const { root, app } = workspace('broken');
    fs.writeFileSync(
      path.join(root, 'packages', 'shared', 'src', 'index.ts'),
      'export function greet(name: string): number {\n  return `hello ${name}`;\n}\n',
    );
    const reference = await tsc(['-b', '../shared', '--pretty', 'false'], app);
    // start from the same state: nothing built
    fs.rmSync(path.join(root, 'packages', 'shared', 'dist'), { recursive: true, force: true });
    const run = await instts(['build', '-b', '--rules', 'rules.json', '--pretty', 'false'], app);
    expect(reference.code).not.toBe(0);
    expect(reference.stdout).toMatch(/error TS2322/);
    expect(run.stdout).toBe(reference.stdout);
    expect(run.code).toBe(reference.code);
    expect(fs.existsSync(path.join(app, 'dist'))).toBe(false);
  });
});
