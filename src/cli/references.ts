// `instts build -b`: the referenced projects (tsconfig `references`) are built first, by the
// project's own `tsc -b`, which orders them by their dependencies, skips those up to date and
// exits as tsc -b does; the project itself is then built by instts.

import { execFile } from 'node:child_process';
import type { BuildConfig } from '../config/types.js';
import type { BuildIO } from '../emit/build.js';

/** Builds the references of `config`'s project; resolves with tsc -b's exit status (0: go on). */
export function buildReferences(config: BuildConfig, io: BuildIO): Promise<number> {
  if (config.projectReferences.length === 0) return Promise.resolve(0);
  const args = [config.typescript.tscPath, '-b', ...config.projectReferences, '--pretty', String(config.pretty)];
  if (config.logLevel === 'verbose') args.push('--verbose');
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: config.cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (stdout) io.out(stdout);
      if (stderr) io.err(stderr);
      const code = (error as { code?: unknown } | null)?.code;
      resolve(error ? (typeof code === 'number' ? code : 1) : 0);
    });
  });
}
