// Builds through the real CLI (`node bin/instts.js build …`), as a user runs it. A build that
// fails is not an error of the bench: the variant is reported as n/a with the reason.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './proc.mjs';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const insttsBin = path.join(repoRoot, 'bin', 'instts.js');
export const nodeModules = path.join(repoRoot, 'node_modules');

/**
 * A failure that says nothing about instts itself: dist/ is half-written because it is being
 * rebuilt (`npm run build` while the bench runs). Worth one retry after a pause.
 */
export function looksTransient(output) {
  return /internal error|ERR_MODULE_NOT_FOUND|Cannot find module|SyntaxError: |does not provide an export/.test(output);
}

export const RETRY_PAUSE_MS = 30_000;
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Returns { ok: true } or { ok: false, reason } with the first diagnostic line as the reason. */
export async function insttsBuild(args, { cwd, env, retry = true } = {}) {
  const result = await run(process.execPath, [insttsBin, 'build', '--pretty', 'false', ...args], {
    cwd,
    env,
    allowFailure: true,
  });
  if (result.code === 0) return { ok: true, stderr: result.stderr };
  const output = `${result.stdout}\n${result.stderr}`;
  if (retry && looksTransient(output)) {
    await sleep(RETRY_PAUSE_MS);
    return insttsBuild(args, { cwd, env, retry: false });
  }
  return { ok: false, reason: firstDiagnostic(output) ?? `exit ${result.code}` };
}

function firstDiagnostic(text) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /error (INSTTS|TS)\d+/.test(l)) ?? lines.find((l) => /error/i.test(l)) ?? lines[0];
  if (!line) return undefined;
  // Keep the code and message, drop the location: "INSTTS1010: … not available".
  const m = /error ((?:INSTTS|TS)\d+: .*)$/.exec(line);
  const reason = m ? m[1] : line;
  return reason.length > 110 ? `${reason.slice(0, 107)}…` : reason;
}

// Temporary folders still present when the process exits (an interrupt ends it through
// process.exit, which skips `finally` blocks) are removed by this handler.
const tempDirs = new Set();
process.on('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `instts-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/** A temporary folder with `node_modules` linked to the repository's, so packages resolve. */
export function makeTempProject(prefix) {
  const dir = makeTempDir(prefix);
  fs.symlinkSync(nodeModules, path.join(dir, 'node_modules'), 'dir');
  return dir;
}

export function removeDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}
