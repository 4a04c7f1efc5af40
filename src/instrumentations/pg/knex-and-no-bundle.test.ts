// The pg instrumentation below a query builder and outside the bundle, against a real PostgreSQL:
//   - knex over pg (test/fixtures/knex-service), bundled: the driver's spans under the request,
//     a transaction's BEGIN … COMMIT included, results as bare knex gives them;
//   - the pg service (test/fixtures/pg-service) built `--no-bundle`: pg loads from node_modules
//     and gets its hooks at load time; the same trace and the same governance as bundled.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { instts, ROOT } from '../../../test/cli-helpers.js';
import { get, startService, stopAll } from '../../../test/http/services.js';
import { json, traceOf } from '../../../test/support/db-tests.js';
import { startOtlpReceiver, type OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { startPostgres, type Postgres } from '../../../test/support/servers/postgres.js';
import { describeWithServices, POSTGRESQL } from '../../../test/support/services.js';
import { forms } from '../../../test/fixtures/knex-service/src/forms.js';

describeWithServices('pg below knex, and outside the bundle', [POSTGRESQL], () => {
  let dir: string;
  let noBundleDir: string;
  let receiver: OtlpReceiver;
  let db: Postgres;
  let admin: pg.Client;
  let knexBuild: { code: number | null; stderr: string };
  let noBundleBuild: { code: number | null; stderr: string };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-knex-'));
    const common = [
      '--rules',
      'instts:db',
      '--rules',
      'instts:http',
      '--entry',
      'src/service.ts',
      '--format',
      'esm',
      '--no-typecheck',
    ];
    // --no-bundle output loads its packages from node_modules: it must sit where they resolve
    fs.mkdirSync(path.join(ROOT, 'test', '.out'), { recursive: true });
    noBundleDir = fs.mkdtempSync(path.join(ROOT, 'test', '.out', 'pg-no-bundle-'));
    const [knexBuilt, noBundleBuilt, started] = await Promise.all([
      // knex requires every driver it supports; oracledb is neither installed nor an optional peer: left out, as with esbuild
      instts(
        ['build', ...common, '--outDir', path.join(dir, 'knex'), '--external', 'oracledb'],
        path.join(ROOT, 'test', 'fixtures', 'knex-service'),
      ),
      instts(
        ['build', ...common, '--no-bundle', '--outDir', noBundleDir],
        path.join(ROOT, 'test', 'fixtures', 'pg-service'),
      ),
      startPostgres(),
      (async () => (receiver = await startOtlpReceiver()))(),
    ]);
    knexBuild = knexBuilt;
    noBundleBuild = noBundleBuilt;
    db = started;
    admin = new pg.Client({ host: db.host, port: db.port, user: db.user, database: db.database });
    await admin.connect();
    await admin.query('CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)');
    await admin.query("INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  }, 120_000);

  afterEach(stopAll);

  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    await db?.stop();
    await receiver?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (noBundleDir) fs.rmSync(noBundleDir, { recursive: true, force: true });
  }, 30_000);

  const env = (): Record<string, string> => ({
    PG_URL: db.url,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '50',
    OTEL_SERVICE_NAME: 'knex-service',
  });

  it('knex over pg: the query, a transaction (BEGIN … COMMIT) and a failing query are pg CLIENT spans under the request', async () => {
    expect(knexBuild.code, knexBuild.stderr).toBe(0);
    expect(knexBuild.stderr).toMatch(/pg\.query: 1/);
    const service = await startService(path.join(dir, 'knex', 'service.js'), env());
    let since = receiver.spans().length;
    expect(json(await get(`${service.url}/item?id=2`))).toEqual({ rows: [{ name: 'b' }] });
    const item = await traceOf(receiver, 'GET /item', 3, since);
    const root = item.find((s) => s.kind === 'SERVER')!;
    // knex asks a new connection for the server's version first: that query is the request's too
    const queries = item.filter((s) => s.kind === 'CLIENT');
    expect(queries.map((s) => s.attributes['db.query.text'])).toEqual([
      'select version();',
      'select "name" from "items" where "id" = $1',
    ]);
    for (const s of queries) expect(s.parentSpanId).toBe(root.spanId);
    // the table as the database reads knex's quoted name: the same as an unquoted query gives
    expect(queries[1]!.name).toBe('SELECT items');
    expect(queries[1]!.attributes).toMatchObject({ 'db.system.name': 'postgresql', 'db.collection.name': 'items' });

    since = receiver.spans().length;
    expect(json(await get(`${service.url}/tx`))).toEqual({ rows: [{ name: 'in a transaction' }] });
    const tx = await traceOf(receiver, 'GET /tx', 6, since);
    const txRoot = tx.find((s) => s.kind === 'SERVER')!;
    const statements = tx.filter((s) => s.kind === 'CLIENT' && s.attributes['db.query.text'] !== 'select version();');
    const order = ['BEGIN', 'INSERT', 'SELECT', 'DELETE', 'COMMIT'];
    expect(statements.map((s) => s.attributes['db.operation.name']).sort()).toEqual([...order].sort());
    // In the order knex sent them, each one ended before the next began, all within the request's
    // span: instts's spans share one clock (made after the call, a span keeps its call's times).
    const statement = (operation: string) => statements.find((s) => s.attributes['db.operation.name'] === operation)!;
    for (let i = 1; i < order.length; i++)
      expect(
        BigInt(statement(order[i - 1]!).endTimeUnixNano) <= BigInt(statement(order[i]!).startTimeUnixNano),
        `${order[i - 1]} before ${order[i]}`,
      ).toBe(true);
    for (const s of statements) {
      expect(s.parentSpanId).toBe(txRoot.spanId);
      expect(BigInt(s.startTimeUnixNano) >= BigInt(txRoot.startTimeUnixNano), `${s.name} starts in its parent`).toBe(
        true,
      );
      expect(BigInt(s.endTimeUnixNano) <= BigInt(txRoot.endTimeUnixNano), `${s.name} ends in its parent`).toBe(true);
    }

    since = receiver.spans().length;
    expect(json(await get(`${service.url}/fail`))).toEqual({ code: '42P01' });
    const failed = (await traceOf(receiver, 'GET /fail', 2, since)).find((s) => s.kind === 'CLIENT')!;
    expect(failed.attributes).toMatchObject({ 'db.response.status_code': '42P01' });
    expect(failed.status.code).toBe('ERROR');
  }, 60_000);

  it('knex over pg: every builder form gives what bare knex gives', async () => {
    const bare = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 4 } });
    const expected = await forms(bare);
    await bare.destroy();
    const service = await startService(path.join(dir, 'knex', 'service.js'), env());
    expect(json(await get(`${service.url}/forms`))).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected).toMatchObject({ raw: [{ n: 42 }], failed: { code: '42P01' } });
  }, 60_000);

  it('pg built --no-bundle: pg instrumented at load time, started with plain node; the same trace and governance as bundled', async () => {
    expect(noBundleBuild.code, noBundleBuild.stderr).toBe(0);
    expect(noBundleBuild.stderr).toMatch(/^instts: at load time .*pg@[\d.]+ \(\d+ files?, [1-9]\d* join points?\)/m);
    const file = path.join(noBundleDir, 'service.js');
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/class Client/); // pg is not in the output: it loads from node_modules
    const service = await startService(file, env());
    const since = receiver.spans().length;
    expect(json(await get(`${service.url}/item?id=3`))).toEqual({ rows: [{ name: 'c' }] });
    const spans = await traceOf(receiver, 'GET /item', 2, since);
    const client = spans.find((s) => s.kind === 'CLIENT')!;
    expect(client.parentSpanId).toBe(spans.find((s) => s.kind === 'SERVER')!.spanId);
    expect(client.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.collection.name': 'items',
      'server.port': db.port,
    });

    const policy = path.join(dir, 'no-bundle-policy.json');
    fs.writeFileSync(
      policy,
      JSON.stringify({
        version: 1,
        flow: [{ id: 'pg-none', resource: `pg:127.0.0.1:${db.port}/postgres`, threshold: 0 }],
      }),
    );
    const governed = await startService(file, { ...env(), INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const blocked = await get(`${governed.url}/item?id=1`);
    expect(blocked.status).toBe(503);
    expect(json(blocked)).toMatchObject({ name: 'BlockedError', ruleId: 'pg-none' });
  }, 60_000);
});
