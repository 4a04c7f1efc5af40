// The baseline: a plain esbuild bundle of the project, with the options `instts build` gives
// esbuild by default (bench/lib/esbuild-baseline.mjs).
// Usage: node esbuild-bundle.mjs <projectDir> <entry> <outDir>

import esbuild from 'esbuild';
import path from 'node:path';
import { baselineBundleOptions } from '../lib/esbuild-baseline.mjs';

const [projectDir, entry, outDir] = process.argv.slice(2);
await esbuild.build({
  ...baselineBundleOptions,
  absWorkingDir: path.resolve(projectDir),
  entryPoints: [entry],
  outdir: outDir,
  tsconfig: path.join(path.resolve(projectDir), 'tsconfig.json'),
});
