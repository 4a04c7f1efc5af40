// instts's version, as the run-time code reports it (the instrumentation scope of its spans, metrics
// and log records). The run-time code is bundled into programs, where no package.json can be read:
// a constant, kept equal to package.json's "version" by test/runtime-version.test.ts.
export const RUNTIME_VERSION = '0.1.0';
