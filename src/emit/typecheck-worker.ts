// Runs in a worker thread so the type-check proceeds while esbuild (and the plugin on the main
// thread) builds. Loads the project's TypeScript (its version decides the diagnostics, as its
// tsc would) and reports them exactly as that tsc prints them, with the .d.ts files it would emit.

import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type TS from 'typescript';
import codeCache from '../code-cache.cjs';
import { runTypecheck, type TypecheckRequest, type TypecheckState } from './typecheck.js';

const request = workerData as TypecheckRequest & { persistent?: boolean };
const modulePath = request.typescript.modulePath;
const load = createRequire(modulePath);
try {
  codeCache.loadWithCodeCache(modulePath);
} catch {
  // the require() below compiles it the usual way
}
const ts = load(modulePath) as typeof TS;
if (request.persistent) {
  // watch mode: one request per build, each reusing what the previous one built
  const state: TypecheckState = { sourceFiles: new Map() };
  parentPort!.on('message', ({ id, request: next }: { id: number; request: TypecheckRequest }) => {
    parentPort!.postMessage({ id, result: runTypecheck(ts, next, state) });
  });
} else {
  parentPort!.postMessage(runTypecheck(ts, request));
}
