// The ES module support folder built as one module (support.js) plus facades: each facade has
// its module's exports (default and names that are not identifiers too), and a hook module is
// evaluated only when its facade is imported, as it was when every hook module was its own file.

import esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { facadeText, SUPPORT_ENTRY_SPECIFIER, supportEntryPlugin, type SupportModule } from '../src/emit/support-facades.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-support-facades-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('facades re-export each module from support.js; a hook module runs when its facade is imported', async () => {
  const src = path.join(dir, 'src');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'shared.mjs'), 'export const calls = [];\n');
  fs.writeFileSync(path.join(src, 'runtime.mjs'), "import { calls } from './shared.mjs';\nexport function site(name) { calls.push(name); return calls.length; }\nexport { calls };\n");
  fs.writeFileSync(
    path.join(src, 'hook.mjs'),
    "import { calls } from './shared.mjs';\nglobalThis.__insttsFacadeHookLoaded = (globalThis.__insttsFacadeHookLoaded ?? 0) + 1;\n" +
      "export function onEnter() { calls.push('enter'); }\nconst odd = 'odd';\nexport { odd as 'odd-name' };\nexport default 42;\n",
  );
  const out = path.join(dir, 'out');
  const modules: SupportModule[] = [
    { input: path.join(src, 'runtime.mjs'), output: path.join(out, 'runtime.js'), eager: true },
    { input: path.join(src, 'hook.mjs'), output: path.join(out, 'hooks', 'hook-1.js'), eager: false },
  ];
  const supportFile = path.join(out, 'support.js');
  await esbuild.build({
    entryPoints: [{ in: SUPPORT_ENTRY_SPECIFIER, out: 'support' }],
    plugins: [supportEntryPlugin(modules, src)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    splitting: true,
    outdir: out,
    logLevel: 'silent',
  });
  fs.writeFileSync(path.join(out, 'package.json'), '{"type":"module"}\n');
  fs.writeFileSync(modules[0]!.output, facadeText(modules[0]!, 0, ['site', 'calls'], supportFile));
  fs.mkdirSync(path.dirname(modules[1]!.output), { recursive: true });
  fs.writeFileSync(modules[1]!.output, facadeText(modules[1]!, 1, ['default', 'odd-name', 'onEnter'], supportFile));

  const runtime = (await import(pathToFileURL(modules[0]!.output).href)) as { site: (name: string) => number; calls: string[] };
  expect(runtime.site('a')).toBe(1);
  // support.js is loaded, the hook module is not evaluated yet.
  expect((globalThis as { __insttsFacadeHookLoaded?: number }).__insttsFacadeHookLoaded).toBeUndefined();

  const hook = (await import(pathToFileURL(modules[1]!.output).href)) as Record<string, unknown>;
  expect((globalThis as { __insttsFacadeHookLoaded?: number }).__insttsFacadeHookLoaded).toBe(1);
  expect(hook.default).toBe(42);
  expect(hook['odd-name']).toBe('odd');
  (hook.onEnter as () => void)();
  // One copy of the shared module behind both facades.
  expect(runtime.calls).toEqual(['a', 'enter']);
});
