// Imported first by every entry point of a build with tracing rules. Tracing starts once the
// program's own top-level code has run (so a tracer provider the program registers there is
// used), or earlier at the first instrumented call.

import { startTracing } from './setup.js';

const timer = setImmediate(() => {
  try {
    startTracing();
  } catch {
    // fail open: instrumented calls start it again lazily, and report there
  }
});
timer.unref();
