// Tracing on, no policy file: the hooks whose only work is a governance decision (the @koa/router
// route guard) are turned off when their module loads; the ones tracing reads stay on. (Nothing
// listening at all: test/nothing-listening.test.ts.)

import { afterAll, describe, expect, it } from 'vitest';
import { listSites, setRuleEnabled, site } from '../../src/runtime/index.js';

const saved = { sdk: process.env.OTEL_SDK_DISABLED, policy: process.env.INSTTS_POLICY };
delete process.env.OTEL_SDK_DISABLED;
delete process.env.INSTTS_POLICY;

afterAll(() => {
  if (saved.sdk !== undefined) process.env.OTEL_SDK_DISABLED = saved.sdk;
  if (saved.policy !== undefined) process.env.INSTTS_POLICY = saved.policy;
  setRuleEnabled('*', true);
});

describe('governance-only hooks without a policy', () => {
  it('the koa route guard is off, the route hooks tracing reads stay on', async () => {
    const koa = await import('../../src/instrumentations/koa/hooks.js');
    const rules = ['koa.respond', 'koa.onerror', 'koa-router.route'];
    for (const rule of rules)
      site({ module: 'koa', file: `${rule}.js`, line: 1, function: 'f', kind: 'sync' }, [
        [rule, koa.koaRespond, undefined],
      ]);
    const on = Object.fromEntries(listSites().map((s) => [s.rules[0], s.on]));
    expect(on).toMatchObject({ 'koa.respond': true, 'koa.onerror': true, 'koa-router.route': false });
  });
});
