// Shared by the CLI end-to-end tests: fixture copies under test/.out/, and child processes
// (`node bin/instts.js …`, the built programs, tsc) run with a timeout, never through a shell.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'instts.js');
export const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node <args>` in `cwd` (with `env` added to this process's environment); resolves with the
 * exit code and both streams, whatever the exit code.
 */
export function runNode(
  args: string[],
  cwd: string,
  timeout = 60_000,
  env: Record<string, string> = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      {
        cwd,
        timeout,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
      },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number | string; signal?: NodeJS.Signals | null }) | null;
        resolve({
          code: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
          signal: failure?.signal ?? null,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** `instts <args>` in `cwd`. */
export function instts(args: string[], cwd: string): Promise<RunResult> {
  return runNode([BIN, ...args], cwd);
}

/** `tsc <args>` in `cwd`, the reference for type-check output. */
export function tsc(args: string[], cwd: string): Promise<RunResult> {
  return runNode([TSC, ...args], cwd);
}

/**
 * `test/.out/<suite>/<pid>/`: each run of a suite gets its own folder, so two runs at once (two
 * terminals, a watcher) do not remove each other's files. Folders of finished runs are removed.
 */
function runDir(suite: string): string {
  const base = path.join(ROOT, 'test', '.out', suite);
  for (const entry of fs.existsSync(base) ? fs.readdirSync(base) : []) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    fs.rmSync(path.join(base, entry), { recursive: true, force: true });
  }
  return path.join(base, String(process.pid));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A fresh copy of `test/fixtures/cli/<name>` at `test/.out/<suite>/<pid>/<as>`. `packages` maps a
 * folder of the fixture to a package name: it is copied to `node_modules/<name>` of the copy.
 */
export function copyFixture(
  suite: string,
  name: string,
  options: { as?: string; packages?: Record<string, string>; linkInstts?: boolean } = {},
): string {
  const dir = path.join(runDir(suite), options.as ?? name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  for (const [folder, pkg] of Object.entries(options.packages ?? {})) {
    fs.cpSync(path.join(dir, folder), path.join(dir, 'node_modules', pkg), { recursive: true });
  }
  if (options.linkInstts) {
    fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'instts'), 'dir');
  }
  return dir;
}

/** A fresh folder `dir` holding `files` (relative path → text); returns `dir`. */
export function writeProject(dir: string, files: Record<string, string>): string {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Files under `dir`, relative, with `/` separators, sorted; [] when it does not exist. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** The lines of a stream, without the final empty one. */
export function lines(text: string): string[] {
  const all = text.split(/\r?\n/);
  if (all[all.length - 1] === '') all.pop();
  return all;
}

/** The CLI never shows a JavaScript stack trace for something the user did. */
export function expectNoStackTrace(result: RunResult): void {
  expect(result.stderr).not.toMatch(/^ {4}at /m);
  expect(result.stdout).not.toMatch(/^ {4}at /m);
}

/** The summary line `instts build` prints last on stderr. */
export const SUMMARY =
  /^instts: \d+ files? parsed, \d+ skipped by the pre-filter, \d+ join points? instrumented.* in \d+ ms$/;
