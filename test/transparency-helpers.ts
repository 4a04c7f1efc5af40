// Shared by the transparency suites (test/corpus.test.ts, test/packages.test.ts): a program is
// bundled twice, plain (esbuild alone) and with instts and a rule file, both bundles run with
// `node`, and their stdout and exit code must be the same. The counting hook
// (test/corpus/count-hook.ts) reports on stderr how many instrumented calls happened, which
// proves the instrumented build really ran instrumented code.

import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { instts, ROOT, runNode, type RunResult } from './cli-helpers.js';

export type Format = 'esm' | 'cjs';

/** The counting hook every transparency rule file points at. */
export const COUNT_HOOK = path.join(ROOT, 'test', 'corpus', 'count-hook.ts');
const COUNT_LINE = /instts-corpus-count enter=(\d+) exit=(\d+)/;

/**
 * What `instts build --format esm` puts first in a bundle for Node: CommonJS packages bundled into
 * ES module output still call `require()` for Node built-ins. The plain build gets the same line.
 */
export const REQUIRE_SHIM =
  "import { createRequire as __insttsCreateRequire } from 'node:module'; const require = __insttsCreateRequire(import.meta.url);";

export interface TwoBuildsInput {
  entry: string;
  /** Working directory of the instts build and of both runs. */
  cwd: string;
  /** Receives `plain.(mjs|cjs)` and `inst.(mjs|cjs)`; emptied first. */
  outDir: string;
  format: Format;
  rules: string;
  tsconfig?: string;
  /** Give the plain ESM bundle the `require` shim `instts build` adds (for bundled CommonJS). */
  requireShim?: boolean;
  timeoutMs: number;
  /**
   * Packages left out of both bundles (esbuild `external`): the plain program loads them as they
   * are, the instrumented one gets them instrumented at load time. outDir must then be where
   * node_modules resolves.
   */
  external?: string[];
}

export interface TwoBuilds {
  plainBuildError?: string;
  instBuild?: RunResult;
  plain?: RunResult;
  inst?: RunResult;
}

/** Builds `entry` plain and instrumented, then runs both bundles at once. */
export async function buildAndRunTwice(input: TwoBuildsInput): Promise<TwoBuilds> {
  const { format, outDir } = input;
  const ext = format === 'esm' ? 'mjs' : 'cjs';
  const plainFile = path.join(outDir, `plain.${ext}`);
  const instFile = path.join(outDir, `inst.${ext}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  const result: TwoBuilds = {};
  try {
    await esbuild.build({
      entryPoints: [input.entry],
      bundle: true,
      platform: 'node',
      format,
      target: 'node20',
      outfile: plainFile,
      tsconfig: input.tsconfig,
      logLevel: 'silent',
      ...(input.external ? { external: input.external } : {}),
      ...(input.requireShim && format === 'esm' ? { banner: { js: REQUIRE_SHIM } } : {}),
    });
  } catch (e) {
    result.plainBuildError = (e as Error).message;
    return result;
  }

  const args = [
    'build',
    '--entry',
    input.entry,
    '--outfile',
    instFile,
    '--format',
    format,
    '--rules',
    input.rules,
    '--no-typecheck',
  ];
  if (input.tsconfig) args.push('-p', input.tsconfig);
  if (input.external) {
    const config = path.join(outDir, 'instts.config.json');
    fs.writeFileSync(config, JSON.stringify({ external: input.external }));
    args.push('--config', config);
  }
  result.instBuild = await instts(args, input.cwd);
  if (result.instBuild.code !== 0) return result;
  // The flag the build's summary asks for, if any (ES module packages imported statically).
  const flag = /start with node (--import \S+)/.exec(result.instBuild.stderr);

  [result.plain, result.inst] = await Promise.all([
    runNode([plainFile], input.cwd, input.timeoutMs),
    runNode([...(flag ? flag[1]!.split(' ') : []), instFile], input.cwd, input.timeoutMs),
  ]);
  return result;
}

/** Runs `fn`s with at most `limit` in flight, in submission order. */
export function createLimiter(limit: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    if (active >= limit || queue.length === 0) return;
    active++;
    queue.shift()!();
  };
  return <T>(fn: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        fn()
          .then(resolve, reject)
          .finally(() => {
            active--;
            next();
          });
      });
      next();
    });
}

export const showRun = (r: RunResult | undefined) =>
  r
    ? `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`
    : '(not run)';

/**
 * Both builds succeeded, the plain program is healthy (exit 0, prints something), the
 * instrumented one printed the same and exited the same, and its hooks really ran.
 */
export function expectSameBehaviour(r: TwoBuilds, where: string): void {
  expect(r.plainBuildError, `${where}: plain esbuild build failed`).toBeUndefined();
  expect(r.instBuild?.code, `${where}: instts build failed\n${showRun(r.instBuild)}`).toBe(0);

  const plain = r.plain!;
  const inst = r.inst!;
  expect(plain.code, `${where}: the plain program must exit 0\n${showRun(plain)}`).toBe(0);
  expect(plain.stdout.length, `${where}: the plain program printed nothing`).toBeGreaterThan(0);

  expect(inst.stdout, `${where}: stdout differs\ninstrumented run: ${showRun(inst)}`).toBe(plain.stdout);
  expect(inst.code, `${where}: exit code differs\n${showRun(inst)}`).toBe(plain.code);
  const count = COUNT_LINE.exec(inst.stderr);
  expect(count, `${where}: the instrumented run did not report its hook count\n${showRun(inst)}`).not.toBeNull();
  expect(Number(count![1]), `${where}: no instrumented function was entered`).toBeGreaterThan(0);
}
