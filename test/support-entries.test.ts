// The ES module support build with its shared code in one chunk: each support file keeps its
// exports (default and names that are not identifiers too), modules loaded by dynamic import
// stay apart, and a hook module is evaluated only when something imports it.

import esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import {
  isDroppedCommonImport,
  supportEntriesPlugin,
  supportEntry,
  surveySupport,
} from '../src/emit/support-entries.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-support-entries-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(file: string, text: string): string {
  const at = path.join(dir, 'src', file);
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.writeFileSync(at, text);
  return at;
}

test('shared code in one chunk; entries keep their exports; a hook module runs when imported', async () => {
  write('shared-a.mjs', 'export const calls = [];\n');
  write('shared-b.mjs', "import { calls } from './shared-a.mjs';\nexport function note(what) { calls.push(what); }\n");
  write('shared-c.mjs', "globalThis.__insttsSharedCLoaded = true;\nexport const c = 'c';\n");
  write('later.mjs', "export const later = 'later';\n");
  const runtime = write(
    'runtime.mjs',
    "import { calls } from './shared-a.mjs';\nexport function site(name) { calls.push(name); return calls.length; }\nexport { calls };\n",
  );
  const hookA = write(
    'hook-a.mjs',
    "import { note } from './shared-b.mjs';\nglobalThis.__insttsHookALoaded = (globalThis.__insttsHookALoaded ?? 0) + 1;\n" +
      "export function onEnter() { note('enter'); }\nconst odd = 'odd';\nexport { odd as 'odd-name' };\nexport default 42;\n" +
      "export const loadLater = () => import('./later.mjs');\n",
  );
  const hookB = write(
    'hook-b.mjs',
    "import { c } from './shared-c.mjs';\nimport { note } from './shared-b.mjs';\nexport function onB() { note(c); }\n",
  );
  const out = path.join(dir, 'out');
  const support = new Map([
    [runtime, path.join(out, 'runtime.js')],
    [hookA, path.join(out, 'hooks', 'hook-a.js')],
    [hookB, path.join(out, 'hooks', 'hook-b.js')],
  ]);
  const options: esbuild.BuildOptions = {
    entryPoints: [...support].map(([input, output]) => ({
      in: input,
      out: path.relative(out, output).replace(/\.js$/, ''),
    })),
    bundle: true,
    format: 'esm',
    platform: 'node',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outdir: out,
    absWorkingDir: dir,
    logLevel: 'silent',
  };
  const survey = await esbuild.build({ ...options, write: false, metafile: true });
  const found = surveySupport(survey.metafile, dir, [...support.keys()]);
  expect(found.shared.map((p) => path.basename(p)).sort()).toEqual(['shared-a.mjs', 'shared-b.mjs']);
  expect(found.exports.get(hookA)?.sort()).toEqual(['default', 'loadLater', 'odd-name', 'onEnter']);

  await esbuild.build({
    ...options,
    entryPoints: [...support].map(([input, output]) => ({
      in: supportEntry(input),
      out: path.relative(out, output).replace(/\.js$/, ''),
    })),
    plugins: [supportEntriesPlugin(found, path.join(dir, 'src'))],
  });
  fs.writeFileSync(path.join(out, 'package.json'), '{"type":"module"}\n');
  // One chunk for the shared modules, one for what is imported dynamically.
  const chunks = fs.readdirSync(path.join(out, 'chunks'));
  expect(chunks).toHaveLength(2);
  expect(chunks.filter((c) => fs.readFileSync(path.join(out, 'chunks', c), 'utf8').includes('"later"'))).toHaveLength(
    1,
  );

  const rt = (await import(pathToFileURL(support.get(runtime)!).href)) as {
    site: (name: string) => number;
    calls: string[];
  };
  expect(rt.site('a')).toBe(1);
  // The shared chunk is loaded; the hook module is not evaluated yet, nor what only hook-b imports.
  expect((globalThis as { __insttsHookALoaded?: number }).__insttsHookALoaded).toBeUndefined();
  expect((globalThis as { __insttsSharedCLoaded?: boolean }).__insttsSharedCLoaded).toBeUndefined();

  const hook = (await import(pathToFileURL(support.get(hookA)!).href)) as Record<string, unknown>;
  expect((globalThis as { __insttsHookALoaded?: number }).__insttsHookALoaded).toBe(1);
  expect(hook.default).toBe(42);
  expect(hook['odd-name']).toBe('odd');
  (hook.onEnter as () => void)();
  expect(await (hook.loadLater as () => Promise<{ later: string }>)()).toMatchObject({ later: 'later' });
  const b = (await import(pathToFileURL(support.get(hookB)!).href)) as { onB: () => void };
  expect((globalThis as { __insttsSharedCLoaded?: boolean }).__insttsSharedCLoaded).toBe(true);
  b.onB();
  // One copy of the shared modules behind every entry.
  expect(rt.calls).toEqual(['a', 'enter', 'c']);
});

test('a shared package marked sideEffects: false: its dropped import in the common module is not reported', async () => {
  const pkg = path.join(dir, 'pure', 'node_modules', 'pure-lib');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), '{"name":"pure-lib","sideEffects":false,"main":"index.js"}\n');
  fs.writeFileSync(
    path.join(pkg, 'index.js'),
    'export const used = () => "used";\nexport const unused = () => "unused";\n',
  );
  const src = path.join(dir, 'pure', 'src');
  fs.mkdirSync(src, { recursive: true });
  const entries = ['one.mjs', 'two.mjs'].map((name) => {
    const file = path.join(src, name);
    fs.writeFileSync(file, `import { used } from 'pure-lib';\nexport const ${name.slice(0, 3)} = () => used();\n`);
    return file;
  });
  const out = path.join(dir, 'pure', 'out');
  const options: esbuild.BuildOptions = {
    entryPoints: entries,
    bundle: true,
    format: 'esm',
    platform: 'node',
    splitting: true,
    outdir: out,
    absWorkingDir: path.join(dir, 'pure'),
    logLevel: 'silent',
    write: false,
  };
  const survey = await esbuild.build({ ...options, metafile: true });
  const found = surveySupport(survey.metafile, path.join(dir, 'pure'), entries);
  expect(found.shared.map((p) => path.basename(p))).toEqual(['index.js']);
  const built = await esbuild.build({
    ...options,
    entryPoints: entries.map((e) => ({ in: supportEntry(e), out: path.basename(e, '.mjs') })),
    plugins: [supportEntriesPlugin(found, src)],
  });
  // esbuild notes the dropped import (the module stays where it is used) and nothing else
  expect(built.warnings.length).toBeGreaterThan(0);
  expect(built.warnings.filter((w) => !isDroppedCommonImport(w))).toEqual([]);
  const text = (built.outputFiles ?? []).map((f) => f.text).join('\n');
  expect(text).toContain('"used"');
  expect(text).not.toContain('"unused"');
});
