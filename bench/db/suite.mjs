// Database suite: one simple indexed query per round trip against a private server on
// 127.0.0.1, per client — node-postgres on PostgreSQL (bench/apps/pg-query.ts), mysql2 on
// MariaDB (bench/apps/mysql2-query.ts), ioredis and node-redis GETs on Redis
// (bench/apps/ioredis-command.ts, node-redis-command.ts) — each in the builds of
// bench/lib/client-runs.mjs: bare; `instts build --rules instts:db` with a CLIENT span per query
// (exporter none, query text sanitized) and one flow rule on the database resource that never
// blocks; and that build with nothing listening, where the rules' sites switch themselves off, so
// a query should cost what it costs bare. Per query: wall time and CPU time of the client process.

import path from 'node:path';
import { clientRows, runClientVariants } from '../lib/client-runs.mjs';
import { makeTempProject, removeDir } from '../lib/instts.mjs';
import { startMariaDb } from '../lib/mariadb.mjs';
import { startPostgres } from '../lib/postgres.mjs';
import { startRedis } from '../lib/redis.mjs';
import { ratio } from '../lib/stats.mjs';
import { markdownTable, textTable } from '../lib/table.mjs';
import { target, targetLines, targetMarkdown } from '../lib/targets.mjs';

/** Per client: its app, its server, the env naming the server, the resource the pass-through flow rule names. */
const CLIENTS = [
  {
    id: 'pg',
    app: 'pg-query',
    start: startPostgres,
    env: (db) => ({ PG_URL: db.url }),
    resource: (db) => `pg:127.0.0.1:${db.port}/postgres`,
    variants: [
      { id: 'bare', label: 'bare pg (esbuild bundle)' },
      { id: 'instts', label: 'pg, instts:db, tracing + flow rule' },
      { id: 'quiet', label: 'pg, instts:db, nothing listening' },
    ],
  },
  {
    id: 'mysql2',
    app: 'mysql2-query',
    start: startMariaDb,
    env: (db) => ({ MYSQL_URL: db.url }),
    resource: (db) => `mysql:127.0.0.1:${db.port}/app`,
    variants: [
      { id: 'mysql2Bare', label: 'bare mysql2 (esbuild bundle)' },
      { id: 'mysql2Instts', label: 'mysql2, instts:db, tracing + flow rule' },
      { id: 'mysql2Quiet', label: 'mysql2, instts:db, nothing listening' },
    ],
  },
  {
    id: 'ioredis',
    app: 'ioredis-command',
    start: startRedis,
    env: (db) => ({ REDIS_URL: db.url }),
    resource: (db) => `ioredis:127.0.0.1:${db.port}/0`,
    variants: [
      { id: 'ioredisBare', label: 'bare ioredis (esbuild bundle)' },
      { id: 'ioredisInstts', label: 'ioredis, instts:db, tracing + flow rule' },
      { id: 'ioredisQuiet', label: 'ioredis, instts:db, nothing listening' },
    ],
  },
  {
    id: 'node-redis',
    app: 'node-redis-command',
    start: startRedis,
    env: (db) => ({ REDIS_URL: db.url }),
    resource: (db) => `redis:127.0.0.1:${db.port}/0`,
    variants: [
      { id: 'nodeRedisBare', label: 'bare node-redis (esbuild bundle)' },
      { id: 'nodeRedisInstts', label: 'node-redis, instts:db, tracing + flow rule' },
      { id: 'nodeRedisQuiet', label: 'node-redis, instts:db, nothing listening' },
    ],
  },
];

export async function runDbSuite(options) {
  const dir = makeTempProject('db');
  try {
    const results = {};
    for (const client of CLIENTS)
      Object.assign(
        results,
        Object.fromEntries(
          await runClientVariants({ ...client, rules: 'instts:db' }, path.join(dir, client.id), {
            counts: options.quick ? { calls: 5000, warmup: 1000 } : { calls: 20000, warmup: 5000 },
            rounds: options.rounds,
            log: options.log,
          }),
        ),
      );
    return { suite: 'db', rounds: options.rounds, results, ...render({ results }) };
  } finally {
    removeDir(dir);
  }
}

export function render({ results }) {
  const rows = clientRows(results, 'query');
  const title =
    'Database: one indexed SELECT (Redis: one GET) per round trip on loopback (one client, one call at a time), node-postgres on PostgreSQL, mysql2 on MariaDB, ioredis and node-redis on Redis; median over rounds';
  const format = { format: (r) => `${r.toFixed(3)}×` };
  const targets = [];
  if (results.instts !== undefined && results.bare !== undefined)
    targets.push(
      target(
        'pg query, instts (tracing + flow rule) wall time / bare',
        ratio(results.instts.usPerCall.median, results.bare.usPerCall.median),
        1.05,
        format,
      ),
    );
  if (results.mysql2Instts !== undefined && results.mysql2Bare !== undefined)
    targets.push(
      target(
        'mysql2 query, instts (tracing + flow rule) wall time / bare',
        ratio(results.mysql2Instts.usPerCall.median, results.mysql2Bare.usPerCall.median),
        1.05,
        format,
      ),
    );
  for (const [name, bareId, insttsId] of [
    ['ioredis', 'ioredisBare', 'ioredisInstts'],
    ['node-redis', 'nodeRedisBare', 'nodeRedisInstts'],
  ]) {
    if (results[insttsId] !== undefined && results[bareId] !== undefined)
      targets.push(
        target(
          `${name} GET, instts (tracing + flow rule) wall time / bare`,
          ratio(results[insttsId].usPerCall.median, results[bareId].usPerCall.median),
          1.05,
          format,
        ),
      );
  }
  // nothing listening: added CPU per query over bare (as the HTTP suite's per-request target)
  for (const [name, bareId, quietId] of [
    ['pg', 'bare', 'quiet'],
    ['mysql2', 'mysql2Bare', 'mysql2Quiet'],
    ['ioredis', 'ioredisBare', 'ioredisQuiet'],
    ['node-redis', 'nodeRedisBare', 'nodeRedisQuiet'],
  ]) {
    if (results[quietId] !== undefined && results[bareId] !== undefined)
      targets.push(
        target(
          `${name}, instts nothing listening: added CPU per call over bare`,
          results[quietId].cpuUsPerCall.median - results[bareId].cpuUsPerCall.median,
          1,
          { format: (us) => `${us >= 0 ? '+' : ''}${us.toFixed(1)} µs` },
        ),
      );
  }
  return {
    targets,
    text: `${title}\n${textTable(rows)}\n\nTargets\n${targetLines(targets)}`,
    markdown: `**${title}**\n\n${markdownTable(rows)}\n\nTargets:\n\n${targetMarkdown(targets)}`,
  };
}
