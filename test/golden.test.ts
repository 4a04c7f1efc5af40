// Golden tests: for each join-point form, input + rule → the exact instrumented text.
// Regenerate after an intended change with `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`.

import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile, parseFile, rulesForModule } from '../src/front/index.js';
import { instrumentFile } from '../src/inject/index.js';
import { loadRules } from '../src/rules/load.js';

const root = path.join(import.meta.dirname, 'golden');
const cases = fs
  .readdirSync(root)
  .filter((d) => !d.startsWith('_') && fs.statSync(path.join(root, d)).isDirectory())
  .sort();

describe('golden: input + rule → instrumented text', () => {
  it('has a case per form', () => expect(cases.length).toBeGreaterThan(20));

  it.each(cases)('%s', async (name) => {
    const dir = path.join(root, name);
    const inputName = fs.readdirSync(dir).find((f) => /^input\.[cm]?[jt]sx?$/.test(f))!;
    const file = path.join(dir, inputName);
    const text = fs.readFileSync(file, 'utf8');
    const rules = await loadRules([path.join(dir, 'rules.json')], { cwd: dir, builtinDir: dir });
    const moduleInfo = { module: '.', version: undefined, relativePath: inputName };
    const front = analyzeFile({ path: file, text, moduleInfo, rules: rulesForModule(rules, moduleInfo, () => true) });
    const injected = instrumentFile({
      path: file,
      text,
      front,
      moduleInfo,
      preludeImports: rules.flatMap((r) =>
        r.type === 'prelude' ? r.imports.map((i) => `./${path.relative(dir, i)}`) : [],
      ),
      runtimeSpecifier: 'instts/runtime',
      hookSpecifier: (hook) => `./${path.relative(dir, hook).split(path.sep).join('/')}`,
    });
    const output = injected?.code ?? text;
    const expectedFile = path.join(dir, inputName.replace('input', 'expected'));
    if (process.env.UPDATE_GOLDEN || !fs.existsSync(expectedFile)) fs.writeFileSync(expectedFile, output);
    expect(output).toBe(fs.readFileSync(expectedFile, 'utf8'));

    // The rewritten text must still be valid for both TypeScript and esbuild.
    const reparsed = parseFile(file, output) as unknown as { parseDiagnostics: unknown[] };
    expect(reparsed.parseDiagnostics).toEqual([]);
    const loader = inputName.endsWith('.ts') ? 'ts' : inputName.endsWith('.tsx') ? 'tsx' : 'js';
    // CommonJS inputs may be sloppy code (`var arguments`), which ESM output would reject.
    const format = /\.c[jt]s$/.test(inputName) ? 'cjs' : 'esm';
    await esbuild.transform(output, {
      loader,
      format,
      tsconfigRaw: { compilerOptions: { experimentalDecorators: true } },
    });

    // What was (and was not) matched is part of the golden output.
    const summary =
      [
        ...front.matches.map(
          (m) =>
            `match ${m.joinPoint.line} ${m.joinPoint.type === 'function' ? `${m.joinPoint.className ?? ''}.${m.joinPoint.name}` : m.joinPoint.name}`,
        ),
        ...front.nearMisses.map(
          (n) =>
            `skip ${n.joinPoint.line} ${n.joinPoint.type === 'function' ? `${n.joinPoint.className ?? ''}.${n.joinPoint.name}` : n.joinPoint.name}: ${n.reason}`,
        ),
      ].join('\n') + '\n';
    const summaryFile = path.join(dir, 'matches.txt');
    if (process.env.UPDATE_GOLDEN || !fs.existsSync(summaryFile)) fs.writeFileSync(summaryFile, summary);
    expect(summary).toBe(fs.readFileSync(summaryFile, 'utf8'));
  });
});
