#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli/main.js (built by `npm run build`, run on `npm ci`).
import { main } from '../dist/cli/main.js';
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
