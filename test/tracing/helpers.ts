// Shared by the tracing tests: fixture programs bundled with esbuild (as instts bundles a service)
// and run as child processes with a chosen environment, on loopback only.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.join(HERE, 'fixtures');

export interface Bundles {
  /** fixture name (without .ts) → bundled file */
  files: Record<string, string>;
  cleanup(): void;
}

/** Bundles the named fixtures into a temporary folder (CommonJS, platform node, one file each). */
export async function bundleFixtures(names: string[]): Promise<Bundles> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-tracing-'));
  await build({
    entryPoints: names.map((n) => path.join(FIXTURES, `${n}.ts`)),
    outdir: dir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outExtension: { '.js': '.cjs' },
    logLevel: 'error',
    sourcemap: false,
  });
  const files: Record<string, string> = {};
  for (const n of names) files[n] = path.join(dir, `${n}.cjs`);
  return { files, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Bundles the `program` fixture once for the calling test file (and removes it afterwards);
 * the returned function gives its path inside tests.
 */
export function useProgramBundle(): () => string {
  let bundles: Bundles | undefined;
  beforeAll(async () => {
    bundles = await bundleFixtures(['program']);
  });
  afterAll(() => bundles?.cleanup());
  return () => bundles!.files.program!;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The JSON a fixture printed after `RESULT `. */
  result: any;
}

export interface Running {
  child: ChildProcess;
  /** Resolves when stdout has a line equal to `line`. */
  waitForLine(line: string, timeoutMs?: number): Promise<void>;
  done: Promise<RunResult>;
}

/** The environment without any OTEL_ variable of the test runner's, plus `env`. */
export function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OTEL_') && !k.startsWith('FIXTURE_')) out[k] = v;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** Starts `node file` with `env`; the process is killed if it outlives `timeoutMs`. */
export function start(file: string, env: Record<string, string | undefined>, timeoutMs = 20_000): Running {
  const child = spawn(process.execPath, [file], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const lineWaiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    for (const w of [...lineWaiters]) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<RunResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      for (const w of [...lineWaiters]) w();
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      resolve({ code, signal, stdout, stderr, result: line ? JSON.parse(line.slice(7)) : undefined });
    });
  });
  return {
    child,
    done,
    waitForLine(line, wait = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (stdout.split('\n').includes(line)) {
            lineWaiters.delete(check);
            clearTimeout(timer);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            lineWaiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`process ended before printing ${line}:\n${stdout}\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          lineWaiters.delete(check);
          reject(new Error(`no line ${line} within ${wait} ms:\n${stdout}\n${stderr}`));
        }, wait);
        lineWaiters.add(check);
        check();
      });
    },
  };
}

/** Runs `node file` with `env` to its end. */
export function run(file: string, env: Record<string, string | undefined>, timeoutMs = 20_000): Promise<RunResult> {
  return start(file, env, timeoutMs).done;
}

/** A W3C traceparent for a remote parent. */
export function traceparent(
  sampled: boolean,
  traceId = '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId = '00f067aa0ba902b7',
): string {
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}
