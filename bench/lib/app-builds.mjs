// The two builds of a bench app (bench/apps/<name>.ts) that the client, gRPC and logs suites
// compare: plain esbuild (the baseline) and `instts build --rules <rules>`, both one ES module
// bundle. An instts build that fails stops the suite with its reason.

import esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { baselineBundleOptions } from './esbuild-baseline.mjs';
import { insttsBuild } from './instts.mjs';

export const appsDir = fileURLToPath(new URL('../apps/', import.meta.url));

export async function buildBareAndInstts({ source, bareFile, insttsFile, rules }) {
  await esbuild.build({ ...baselineBundleOptions, entryPoints: [source], outfile: bareFile, absWorkingDir: appsDir });
  const built = await insttsBuild(
    [
      '-p',
      appsDir,
      '--entry',
      source,
      '--outfile',
      insttsFile,
      '--format',
      'esm',
      '--no-typecheck',
      '--log-level',
      'error',
      '--rules',
      rules,
    ],
    { cwd: appsDir },
  );
  if (!built.ok) throw new Error(`instts build failed: ${built.reason}`);
}
