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

const QUIET_RULES = {
  express: ['express.route', 'express.layer', 'express.mount', 'express5.route', 'express5.mount'],
  fastify: ['fastify.route'],
  koa: ['koa.respond', 'koa.onerror', 'koa-router.route'],
  'node-http': ['http.request', 'http.get', 'https.request', 'https.get', 'follow-redirects.request'],
  fetch: ['fetch', 'undici.fetch', 'undici.request'],
  pg: ['pg.query'],
  mysql2: [
    'mysql2.query',
    'mysql2.execute',
    'mysql2.pool-connection',
    'mysql2.statement-execute',
    'mysql2.legacy.query',
    'mysql2.legacy.execute',
    'mysql2.legacy.pool-connection',
  ],
  ioredis: ['ioredis.command', 'ioredis.cluster'],
  'node-redis': [
    'node-redis.command',
    'node-redis.multi',
    'node-redis.pipeline',
    'node-redis4.command',
    'node-redis4.multi',
  ],
  'grpc-js': ['grpc-js.server', 'grpc-js.client'],
  amqplib: ['amqplib.publish', 'amqplib.consume', 'amqplib.callback.publish', 'amqplib.callback.consume'],
} as const;

/** Every rule id of a built-in rule file under src/instrumentations/<name>/rules.json. */
function ruleIds(name: string): string[] {
  const text = fs.readFileSync(path.join(instrumentations, name, 'rules.json'), 'utf8');
  return [...text.matchAll(/"id":\s*"([^"]+)"/g)].map((m) => m[1]!);
}
const instrumentations = fileURLToPath(new URL('../src/instrumentations/', import.meta.url));

describe('nothing listening', () => {
  it('the list names every rule of those instrumentations', () => {
    for (const [name, rules] of Object.entries(QUIET_RULES)) {
      if (name === 'node-http' || name === 'fetch') continue; // their rule files hold server rules too
      expect([...rules].sort(), name).toEqual(ruleIds(name).sort());
    }
  });

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
    for (const rules of Object.values(QUIET_RULES)) {
      for (const rule of rules)
        site({ module: 'm', file: `${rule}.js`, line: 1, function: 'f', kind: 'sync' }, [[rule, hook, undefined]]);
    }
    site({ module: 'm', file: 'own.js', line: 1, function: 'own', kind: 'sync' }, [['own.rule', hook, undefined]]);
    const on = Object.fromEntries(listSites().map((s) => [s.rules[0], s.on]));
    for (const rule of Object.values(QUIET_RULES).flat()) expect(on[rule], rule).toBe(false);
    expect(on['own.rule']).toBe(true);
  });
});
