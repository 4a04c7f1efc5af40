// Issue 17.11: `instts build --help` names each default once; `--log-level verbose` says what a
// user debugging a build wants (TypeScript, tsconfig, files per phase, cache hits); a package.json
// `main` outside outDir gets a message that says what was tried, not "no main".

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoStackTrace, instts } from './cli-helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-cli-verbose-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function project(name: string, pkg: object): string {
  const root = path.join(dir, name);
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name, private: true, type: 'module', ...pkg }));
  fs.writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        rootDir: 'src',
        outDir: 'dist',
        types: [],
      },
      include: ['src'],
    }),
  );
  fs.writeFileSync(
    path.join(root, 'src', 'index.ts'),
    'export function greet(name: string) {\n  return `hello ${name}`;\n}\nconsole.log(greet("x"));\n',
  );
  fs.writeFileSync(path.join(root, 'hook.ts'), 'export function onEnter(): void {}\n');
  fs.writeFileSync(
    path.join(root, 'rules.json'),
    JSON.stringify({
      rules: [
        { id: 'greet', where: { function: 'greet' }, do: [{ hook: { module: './hook.ts', onEnter: 'onEnter' } }] },
      ],
    }),
  );
  return root;
}

describe('instts build --help', () => {
  it('prints each default once', async () => {
    const help = await instts(['build', '--help'], dir);
    expect(help.code).toBe(0);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain(
      'entry point; repeatable (default: config "entry", else with --no-bundle every source file, else package.json bin/main) --outDir',
    );
    expect(text).not.toContain('(default: [])');
  });
});

describe('the config file names', () => {
  it('--help names every one the build looks for, and a build finds each of them', async () => {
    const help = await instts(['build', '--help'], dir);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'instts config file (default: instts.config.{ts,mts,mjs,js,json} beside tsconfig)',
    );
    const configs: Record<string, string> = {
      ts: "export default { outDir: 'out-ts' };\n",
      mts: "export default { outDir: 'out-mts' };\n",
      mjs: "export default { outDir: 'out-mjs' };\n",
      js: "export default { outDir: 'out-js' };\n",
      json: '{ "outDir": "out-json" }\n',
    };
    const runs = await Promise.all(
      Object.entries(configs).map(async ([ext, text]) => {
        const root = project(`config-${ext}`, { main: 'dist/index.js' });
        fs.writeFileSync(path.join(root, `instts.config.${ext}`), text);
        const r = await instts(['build', '--no-typecheck'], root);
        return {
          ext,
          code: r.code,
          stderr: r.stderr,
          written: fs.existsSync(path.join(root, `out-${ext}`, 'index.js')),
        };
      }),
    );
    for (const r of runs) expect(r, r.stderr).toMatchObject({ ext: r.ext, code: 0, written: true });
  });
});

describe('--log-level verbose', () => {
  it('names the TypeScript, the tsconfig, the entries, files per phase and cache hits', async () => {
    const root = project('verbose', { main: 'dist/index.js' });
    const r = await instts(['build', '--rules', 'rules.json', '--no-typecheck', '--log-level', 'verbose'], root);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^instts: TypeScript \d+\.\d+\.\d+ \(instts's own\) parses the sources for matching$/),
    );
    expect(lines).toContain('instts: type-check: off (--no-typecheck)');
    expect(lines).toContain('instts: tsconfig: tsconfig.json; rootDir src; 1 source file');
    expect(lines).toContain('instts: entry points: src/index.ts');
    expect(lines).toContain('instts: rules: 1 rule from rules.json');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^instts: files: \d+ loaded, \d+ skipped by the pre-filter \(no rule can match\), \d+ parsed, 1 rewritten, 1 join point$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^instts: caches: \d+ files? from the rewrite cache, 0 from the watch-mode load cache$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^instts: phases: .*match \d+ ms.*rewrite \d+ ms/));
  });

  it('info (the default) prints none of it', async () => {
    const root = project('info', { main: 'dist/index.js' });
    const r = await instts(['build', '--rules', 'rules.json', '--no-typecheck'], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('instts: tsconfig:');
    expect(r.stderr).not.toContain('instts: phases:');
  });
});

describe('the summary line', () => {
  it('lists the program’s rules, and built-in rules only where they matched', async () => {
    const root = project('summary', { main: 'dist/index.js' });
    const r = await instts(['build', '--rules', 'rules.json', '--rules', 'instts:all', '--no-typecheck'], root);
    expect(r.code, r.stderr).toBe(0);
    const summary = r.stderr.split('\n').find((l) => l.includes('join point instrumented'));
    // instts:all brings dozens of rules for libraries this program does not use: one count for them
    expect(summary).toMatch(/1 join point instrumented \(greet: 1; \d+ other built-in rules: 0\) → dist in \d+ ms$/);
  });
});

describe('package.json main outside outDir', () => {
  it('says which field, that it lies outside outDir, and which files were tried', async () => {
    const root = project('main-outside', { main: 'lib/index.js' });
    const r = await instts(['build', '--rules', 'rules.json', '--no-typecheck'], root);
    expectNoStackTrace(r);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`error INSTTS`);
    expect(r.stderr).toContain(
      `no entry point: package.json "main" is 'lib/index.js', and no source was found for it (it is outside the output folder 'dist', so it maps to no file under rootDir 'src'); tried 'lib/index.js', 'lib/index.ts'`,
    );
    expect(r.stderr).toContain('Pass --entry <file> or set "entry" in instts.config');
    expect(r.stderr).not.toContain('give package.json a "main"');
  });

  it('without main or bin, the message says to add one', async () => {
    const root = project('no-main', {});
    const r = await instts(['build', '--rules', 'rules.json', '--no-typecheck'], root);
    expect(r.stderr).toContain(
      'no entry point: pass --entry <file>, set "entry" in instts.config, or give package.json a "main" or "bin"',
    );
  });
});
