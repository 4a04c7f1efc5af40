// With tracing off (OTEL_SDK_DISABLED=true) and no policy file, nothing can read what the HTTP
// hooks do: loading the built-in HTTP hook modules turns their rules' sites off, so each
// instrumented call costs the `on` check alone. Other rules' sites keep listening.

import { afterAll, describe, expect, it } from 'vitest';
import { listSites, site, setRuleEnabled } from '../../src/runtime/index.js';

const saved = { sdk: process.env.OTEL_SDK_DISABLED, policy: process.env.INSTTS_POLICY };
process.env.OTEL_SDK_DISABLED = 'true';
delete process.env.INSTTS_POLICY;

afterAll(() => {
  if (saved.sdk === undefined) delete process.env.OTEL_SDK_DISABLED;
  else process.env.OTEL_SDK_DISABLED = saved.sdk;
  if (saved.policy !== undefined) process.env.INSTTS_POLICY = saved.policy;
  setRuleEnabled('*', true);
});

const HTTP_RULES = {
  express: ['express.route', 'express.layer', 'express.mount', 'express5.route', 'express5.mount'],
  fastify: ['fastify.route'],
  koa: ['koa.respond', 'koa.onerror', 'koa-router.route'],
  'node-http': ['http.request', 'http.get', 'https.request', 'https.get', 'follow-redirects.request'],
  fetch: ['fetch', 'undici.fetch', 'undici.request'],
} as const;

describe('nothing listening', () => {
  it('the HTTP hook modules turn their rules off; other rules stay on', async () => {
    const modules = {
      express: await import('../../src/instrumentations/express/hooks.js'),
      fastify: await import('../../src/instrumentations/fastify/hooks.js'),
      koa: await import('../../src/instrumentations/koa/hooks.js'),
      'node-http': await import('../../src/instrumentations/node-http/hooks.js'),
      fetch: await import('../../src/instrumentations/fetch/hooks.js'),
    };
    const hook = Object.values(modules.express)[0];
    for (const rules of Object.values(HTTP_RULES)) {
      for (const rule of rules)
        site({ module: 'm', file: `${rule}.js`, line: 1, function: 'f', kind: 'sync' }, [[rule, hook, undefined]]);
    }
    site({ module: 'm', file: 'own.js', line: 1, function: 'own', kind: 'sync' }, [['own.rule', hook, undefined]]);
    const on = Object.fromEntries(listSites().map((s) => [s.rules[0], s.on]));
    for (const rule of Object.values(HTTP_RULES).flat()) expect(on[rule], rule).toBe(false);
    expect(on['own.rule']).toBe(true);
  });
});
