// Runs in a worker thread so the type-check proceeds while esbuild (and the plugin on the main
// thread) builds. Loads the project's TypeScript (its version decides the diagnostics, as its
// tsc would) and reports them exactly as that tsc prints them, with the .d.ts files it would emit.

import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type TS from 'typescript';
import codeCache from '../code-cache.cjs';
import { runTypecheck, type TypecheckRequest } from './typecheck.js';

const request = workerData as TypecheckRequest;
const modulePath = request.typescript.modulePath;
const load = createRequire(modulePath);
try {
  codeCache.loadWithCodeCache(modulePath);
} catch {
  // the require() below compiles it the usual way
}
const ts = load(modulePath) as typeof TS;
parentPort!.postMessage(runTypecheck(ts, request));
