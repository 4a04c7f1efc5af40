// With tracing off (OTEL_SDK_DISABLED=true) and no policy file, nothing can read what the built-in
// HTTP, database, RPC and messaging hooks do: loading their hook modules turns their rules' sites
// off, so each instrumented call costs the `on` check alone. Other rules' sites keep listening.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { listSites, site, setRuleEnabled } from '../src/runtime/index.js';

const saved = { sdk: process.env.OTEL_SDK_DISABLED, policy: process.env.INSTTS_POLICY };
process.env.OTEL_SDK_DISABLED = 'true';
delete process.env.INSTTS_POLICY;

afterAll(() => {
  if (saved.sdk === undefined) delete process.env.OTEL_SDK_DISABLED;
  else process.env.OTEL_SDK_DISABLED = saved.sdk;
  if (saved.policy !== undefined) process.env.INSTTS_POLICY = saved.policy;
  setRuleEnabled('*', true);
});

/** Instrumentations whose every rule is switched off when nothing listens. */
const WHOLLY_QUIET = ['express', 'fastify', 'koa', 'pg', 'mysql2', 'ioredis', 'node-redis', 'grpc-js', 'amqplib'];
/** Those whose rule files also hold rules that stay on (the HTTP server's own): their client rules. */
const PARTLY_QUIET: Record<string, string[]> = {
  'node-http': ['http.request', 'http.get', 'https.request', 'https.get', 'follow-redirects.request'],
  fetch: ['fetch', 'undici.fetch', 'undici.request'],
};

/** Every rule id of a built-in rule file under src/instrumentations/<name>/rules.json. */
function ruleIds(name: string): string[] {
  const text = fs.readFileSync(path.join(instrumentations, name, 'rules.json'), 'utf8');
  return [...text.matchAll(/"id":\s*"([^"]+)"/g)].map((m) => m[1]!);
}
const instrumentations = fileURLToPath(new URL('../src/instrumentations/', import.meta.url));

describe('nothing listening', () => {
  it('the built-in hook modules turn their rules off; other rules stay on', async () => {
    const modules = {
      express: await import('../src/instrumentations/express/hooks.js'),
      fastify: await import('../src/instrumentations/fastify/hooks.js'),
      koa: await import('../src/instrumentations/koa/hooks.js'),
      'node-http': await import('../src/instrumentations/node-http/hooks.js'),
      fetch: await import('../src/instrumentations/fetch/hooks.js'),
      pg: await import('../src/instrumentations/pg/hooks.js'),
      mysql2: await import('../src/instrumentations/mysql2/hooks.js'),
      ioredis: await import('../src/instrumentations/ioredis/hooks.js'),
      'node-redis': await import('../src/instrumentations/node-redis/hooks.js'),
      'grpc-js': await import('../src/instrumentations/grpc-js/hooks.js'),
      amqplib: await import('../src/instrumentations/amqplib/hooks.js'),
    };
    const hook = Object.values(modules.express)[0];
    const quiet = [...WHOLLY_QUIET.flatMap(ruleIds), ...Object.values(PARTLY_QUIET).flat()];
    expect(quiet.length).toBeGreaterThan(30);
    for (const rule of quiet)
      site({ module: 'm', file: `${rule}.js`, line: 1, function: 'f', kind: 'sync' }, [[rule, hook, undefined]]);
    site({ module: 'm', file: 'own.js', line: 1, function: 'own', kind: 'sync' }, [['own.rule', hook, undefined]]);
    const on = Object.fromEntries(listSites().map((s) => [s.rules[0], s.on]));
    for (const rule of quiet) expect(on[rule], rule).toBe(false);
    expect(on['own.rule']).toBe(true);
  });
});
