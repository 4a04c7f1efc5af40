// The OpenTelemetry packages the runtime brings are bundled from their ES module builds (see
// src/emit/otel-module-builds.ts): no `__toCommonJS` object between the SDK and the API on every
// span. What the program itself imports is bundled as plain esbuild bundles it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instts, ROOT, runNode } from '../cli-helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-otel-builds-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const MAIN = [
  "import * as core from '@opentelemetry/core';",
  'export function work(n: number): number {',
  '  return n * 2;',
  '}',
  "console.log('result', work(21), typeof core.hrTime);",
].join('\n');
const RULES = { rules: [{ id: 'work', where: { function: 'work' }, do: [{ trace: {} }] }] };

/** `@opentelemetry/<package>` → the builds of it the bundle holds (`esm`, `src`…), from esbuild's path comments. */
function bundledBuilds(bundle: string): Map<string, Set<string>> {
  const builds = new Map<string, Set<string>>();
  for (const match of bundle.matchAll(/^\/\/ .*node_modules\/@opentelemetry\/([^/]+)\/build\/([^/]+)\//gm)) {
    const [, pkg, build] = match as unknown as [string, string, string];
    if (!builds.has(pkg)) builds.set(pkg, new Set());
    builds.get(pkg)!.add(build);
  }
  return builds;
}

let bundle = '';
let out = '';

beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'main.ts'), MAIN);
  fs.writeFileSync(path.join(dir, 'rules.json'), JSON.stringify(RULES));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
  // the program's own import of an OpenTelemetry package resolves from the project
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  out = path.join(dir, 'out', 'main.js');
  const built = await instts(
    ['build', '--rules', 'rules.json', '--entry', 'main.ts', '--outfile', out, '--format', 'esm', '--no-typecheck'],
    dir,
  );
  expect(built.stderr).not.toMatch(/warning|error/i);
  expect(built.code).toBe(0);
  bundle = fs.readFileSync(out, 'utf8');
}, 120_000);

describe('OpenTelemetry packages in a bundle', () => {
  it("takes the runtime's OpenTelemetry packages from their ES module builds", () => {
    const builds = bundledBuilds(bundle);
    expect(builds.get('sdk-trace')).toEqual(new Set(['esm']));
    expect(builds.get('api')).toEqual(new Set(['esm']));
    expect(builds.get('core')?.has('esm')).toBe(true);
  });

  it("bundles the program's own import as esbuild does (the package's main build)", () => {
    expect(bundledBuilds(bundle).get('core')?.has('src')).toBe(true);
  });

  it('traces as before', async () => {
    const run = await runNode([out], dir, 60_000, { OTEL_TRACES_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'none' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('result 42 function');
    expect(run.stdout).toMatch(/name: 'work'/);
  });
});
