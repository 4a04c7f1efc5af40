// The baseline: a plain esbuild bundle of the project, with the options `instts build` gives
// esbuild by default (ESM for node, node20, linked source maps, keepNames), so the ratio measures
// what instts adds and not a difference of settings.
// Usage: node esbuild-bundle.mjs <projectDir> <entry> <outDir>

import esbuild from 'esbuild';
import path from 'node:path';

const [projectDir, entry, outDir] = process.argv.slice(2);
await esbuild.build({
  absWorkingDir: path.resolve(projectDir),
  entryPoints: [entry],
  outdir: outDir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: ['es2022', 'node20'],
  sourcemap: 'linked',
  keepNames: true,
  tsconfig: path.join(path.resolve(projectDir), 'tsconfig.json'),
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'error',
});
