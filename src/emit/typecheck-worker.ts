// Runs in a worker thread so the type-check proceeds while esbuild (and the plugin on the main
// thread) builds. Reports diagnostics exactly as tsc prints them, and the .d.ts files tsc would emit.

import { parentPort, workerData } from 'node:worker_threads';
import { runTypecheck, type TypecheckRequest } from './typecheck.js';

const request = workerData as TypecheckRequest;
parentPort!.postMessage(runTypecheck(request));
