// The builds of a bench app (bench/apps/<name>.ts) that the suites compare: plain esbuild (the
// baseline) and `instts build --rules <rules>`, both one ES module bundle.

import esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { baselineBundleOptions } from './esbuild-baseline.mjs';
import { insttsBuild } from './instts.mjs';

export const appsDir = fileURLToPath(new URL('../apps/', import.meta.url));

/**
 * `instts build` of one entry into one ES module bundle (`outfile`), quiet and without the
 * type-check (it does not change the output); `rules`: one rule source or several. `{ ok }` or
 * `{ ok: false, reason }`.
 */
export function insttsBundle({ project = appsDir, entry, outfile, rules }) {
  const ruleArgs = (Array.isArray(rules) ? rules : [rules]).flatMap((r) => ['--rules', r]);
  return insttsBuild(
    [
      '-p',
      project,
      '--entry',
      entry,
      '--outfile',
      outfile,
      '--format',
      'esm',
      '--no-typecheck',
      '--log-level',
      'error',
      ...ruleArgs,
    ],
    { cwd: project },
  );
}

export async function buildBareAndInstts({ source, bareFile, insttsFile, rules }) {
  await esbuild.build({ ...baselineBundleOptions, entryPoints: [source], outfile: bareFile, absWorkingDir: appsDir });
  const built = await insttsBundle({ entry: source, outfile: insttsFile, rules });
  if (!built.ok) throw new Error(`instts build failed: ${built.reason}`);
}
