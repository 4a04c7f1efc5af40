// The esbuild options `instts build` uses by default (ESM for node, node20, linked source maps,
// keepNames, a require() for bundled CommonJS): every baseline bundle is built with them, so a
// ratio measures what instts adds and not a difference of settings.

export const baselineBundleOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: ['es2022', 'node20'],
  sourcemap: 'linked',
  keepNames: true,
  logLevel: 'error',
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
};
