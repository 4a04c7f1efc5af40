// Output that is not bundled as one file (CommonJS `--no-bundle`, packages instrumented at load
// time) has a copy of the runtime in each hook module. What the runtime says once, it says once per
// process, whatever the number of copies; the span clock has one anchor (test/tracing/clock.test.ts).

import { expect, it } from 'vitest';
import { runNode } from './cli-helpers.js';

it('two copies of the runtime report a failure once, and a configuration warning once', async () => {
  const report = new URL('../dist/runtime/report.js', import.meta.url).href;
  const diag = new URL('../dist/runtime/tracing/diag.js', import.meta.url).href;
  const script = `
    for (const copy of ['a', 'b']) {
      const r = await import(${JSON.stringify(report)} + '?copy=' + copy);
      r.reportOnce('the pg instrumentation', new Error('boom'));
      const d = await import(${JSON.stringify(diag)} + '?copy=' + copy);
      d.warnOnce('OTEL_TRACES_SAMPLER "sometimes" is not a sampler; using parentbased_always_on');
    }
  `;
  const run = await runNode(['--input-type=module', '-e', script], process.cwd());
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr.split('\n').filter(Boolean)).toEqual([
    'instts: the pg instrumentation failed: Error: boom (the call went on without it; reported once)',
    'instts: warning: OTEL_TRACES_SAMPLER "sometimes" is not a sampler; using parentbased_always_on',
  ]);
});
