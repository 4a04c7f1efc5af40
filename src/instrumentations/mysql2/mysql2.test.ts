// mysql2 with `instts build --rules instts:db --rules instts:http` against a real MariaDB
// (started once for this file): test/fixtures/mysql2-service (express over a mysql2 pool, promise
// and callback APIs) as a child process, spans sent to an OTLP endpoint the test runs, governance
// from a policy file. The server's side is watched with information_schema.PROCESSLIST and the
// general query log.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2';
import mysqlPromise from 'mysql2/promise';
import mysqlEarly from 'mysql2-3.11';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { instts, ROOT } from '../../../test/cli-helpers.js';
import { get, startService, stopAll, type Answer, type Service } from '../../../test/http/services.js';
import { json, traceOf, writePolicy, halfOpenWaitScenario } from '../../../test/support/db-tests.js';
import { startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { startMariaDb, type MariaDb } from '../../../test/support/servers/mariadb.js';
import { describeWithServices, MARIADB } from '../../../test/support/services.js';
import { runForms } from '../../../test/fixtures/mysql2-service/src/forms.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'mysql2-service');

describeWithServices('mysql2', [MARIADB], () => {
  let dir: string;
  let file: string;
  /** The same service over mysql2 3.11.4 (before lib/base). */
  let earlyFile: string;
  let receiver: OtlpReceiver;
  let db: MariaDb;
  let admin: mysqlPromise.Connection;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-mysql2-'));
    const build = (entry: string, outDir: string): ReturnType<typeof instts> =>
      instts(
        [
          'build',
          '--rules',
          'instts:db',
          '--rules',
          'instts:http',
          '--entry',
          entry,
          '--outDir',
          outDir,
          '--format',
          'esm',
          '--no-typecheck',
        ],
        FIXTURE,
      );
    const [current, early, started] = await Promise.all([
      build('src/service.ts', dir),
      build('src/service-3.11.ts', path.join(dir, 'early')),
      startMariaDb(),
      (async () => (receiver = await startOtlpReceiver()))(),
    ]);
    db = started;
    for (const b of [current, early]) if (b.code !== 0) throw new Error(`build failed (${b.code}):\n${b.stderr}`);
    file = path.join(dir, 'service.js');
    earlyFile = path.join(dir, 'early', 'service-3.11.js');
    admin = await mysqlPromise.createConnection({ host: db.host, port: db.port, user: db.user, database: db.database });
    await admin.query('CREATE TABLE items (id int PRIMARY KEY, name varchar(40) NOT NULL)');
    await admin.query("INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')");
    await admin.query('CREATE TABLE flaky (id int)');
  }, 120_000);

  afterEach(stopAll);

  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    await db?.stop();
    await receiver?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const resourceName = (): string => `mysql:127.0.0.1:${db.port}/app`;

  function start(env: Record<string, string>, serviceFile = file): Promise<Service> {
    return startService(serviceFile, {
      MYSQL_URL: db.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_SERVICE_NAME: 'mysql2-service',
      ...env,
    });
  }

  /** The most `SELECT SLEEP(0.3)` queries the server ran at once while `load` ran (sampled every 10 ms). */
  async function mostSleepingWhile(load: Promise<Answer[]>): Promise<{ answers: Answer[]; most: number }> {
    let watching = true;
    let most = 0;
    const watcher = (async () => {
      while (watching) {
        const [rows] = await admin.query(
          "SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND INFO = 'SELECT SLEEP(0.3)' AND ID <> CONNECTION_ID()",
        );
        most = Math.max(most, Number((rows as Array<{ n: number }>)[0]!.n));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const answers = await load;
    watching = false;
    await watcher;
    return { answers, most };
  }

  it('a request running a query: one trace SERVER → CLIENT(mariadb) with the database attributes, the query text in placeholder form; a failing query marks its span', async () => {
    const service = await start({});
    let since = receiver.spans().length;
    const answer = await get(`${service.url}/item?id=2`);
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual({ rows: [{ name: 'b' }] });
    const spans = await traceOf(receiver, 'GET /item', 2, since);
    const server = spans.find((s) => s.kind === 'SERVER')!;
    const client = spans.filter((s) => s.kind === 'CLIENT');
    expect(client).toHaveLength(1);
    expect(client[0]!.parentSpanId).toBe(server.spanId);
    expect(client[0]!.name).toBe('SELECT items');
    expect(client[0]!.attributes).toEqual({
      'db.system.name': 'mariadb',
      'db.namespace': 'app',
      'db.operation.name': 'SELECT',
      'db.collection.name': 'items',
      'db.query.text': 'SELECT name FROM items WHERE id = ? AND name <> ? AND id < ?',
      'server.address': '127.0.0.1',
      'server.port': db.port,
    });
    expect(client[0]!.status.code).toBe('UNSET');

    since = receiver.spans().length;
    const cb = await get(`${service.url}/item-cb?id=3`);
    expect(json(cb)).toEqual({ rows: [{ name: 'c' }] });
    const cbSpans = await traceOf(receiver, 'GET /item-cb', 2, since);
    expect(cbSpans.find((s) => s.kind === 'CLIENT')!.parentSpanId).toBe(
      cbSpans.find((s) => s.kind === 'SERVER')!.spanId,
    );

    // queued before the handshake told MariaDB: named so once it ends
    since = receiver.spans().length;
    expect(json(await get(`${service.url}/fresh`))).toEqual({ rows: [{ one: 1 }] });
    const freshSpans = await traceOf(receiver, 'GET /fresh', 2, since);
    expect(freshSpans.find((s) => s.kind === 'CLIENT')!.attributes).toMatchObject({
      'db.system.name': 'mariadb',
      'db.query.text': 'SELECT ? AS one',
    });

    since = receiver.spans().length;
    const failed = await get(`${service.url}/fail`);
    expect(failed.status).toBe(500);
    expect(json(failed)).toMatchObject({ name: 'Error', code: 'ER_NO_SUCH_TABLE', errno: 1146 });
    const failSpans = await traceOf(receiver, 'GET /fail', 2, since);
    const failClient = failSpans.find((s) => s.kind === 'CLIENT')!;
    expect(failClient.name).toBe('SELECT no_such_table');
    expect(failClient.attributes).toMatchObject({
      'db.response.status_code': '1146',
      'error.type': '1146',
      'db.query.text': 'SELECT * FROM no_such_table WHERE id = ?',
    });
    expect(failClient.status).toEqual({ code: 'ERROR', message: "Table 'app.no_such_table' doesn't exist" });
  }, 60_000);

  it('requests waiting for a pooled connection another request releases: each query is a child of its own request', async () => {
    const service = await start({});
    const since = receiver.spans().length;
    const answers = await Promise.all([1, 2, 3].map((id) => get(`${service.url}/narrow?id=${id}`)));
    expect(answers.map((a) => json(a))).toEqual([1, 2, 3].map((id) => ({ rows: [{ slept: 0, id }] })));
    const deadline = Date.now() + 10_000;
    const fresh = (): DecodedSpan[] => receiver.spans().slice(since);
    const clients = (): DecodedSpan[] => fresh().filter((s) => s.kind === 'CLIENT');
    const narrowServers = (): DecodedSpan[] => fresh().filter((s) => s.kind === 'SERVER' && s.name === 'GET /narrow');
    // The last request's SERVER span ends after its query's: it can come in the next batch.
    while ((clients().length < 3 || narrowServers().length < 3) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const client = clients();
    const servers = narrowServers();
    expect(servers).toHaveLength(3);
    expect(client).toHaveLength(3);
    for (const span of client) expect(servers.find((s) => s.spanId === span.parentSpanId)?.traceId).toBe(span.traceId);
    expect(new Set(client.map((s) => s.parentSpanId)).size).toBe(3);
  }, 60_000);

  it('raw query text only with INSTTS_DB_QUERY_TEXT=raw', async () => {
    const service = await start({ INSTTS_DB_QUERY_TEXT: 'raw' });
    const since = receiver.spans().length;
    expect((await get(`${service.url}/item?id=1`)).status).toBe(200);
    const spans = await traceOf(receiver, 'GET /item', 2, since);
    expect(spans.find((s) => s.kind === 'CLIENT')!.attributes['db.query.text']).toBe(
      "SELECT name FROM items WHERE id = ? AND name <> 'hidden-secret' AND id < 1000",
    );
  }, 60_000);

  it('every call form (callback and promise, query and execute, events, streams, pools, errors) answers as bare mysql2 does, each traced', async () => {
    const bare = mysql.createPool({ uri: db.url, connectionLimit: 2 });
    const expected = await runForms(bare);
    await new Promise((resolve) => bare.end(resolve));
    const service = await start({});
    const since = receiver.spans().length;
    const answer = await get(`${service.url}/forms`);
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected).toMatchObject({
      promiseIsNative: true,
      text: { returned: 'Query', calledSync: false, argCount: 3 },
      execute: [{ returned: 'Execute', calledSync: false }, { returned: 'Execute' }],
      events: { ctor: 'Query' },
      stream: { highWaterMark: 2, paused: true },
      streamError: { code: 'ER_NO_SUCH_TABLE' },
    });
    expect((expected.stream as { rows: unknown[] }).rows).toHaveLength(40);

    // 31 calls: each one CLIENT span under the request, ended (exported), errors marked.
    const spans = await traceOf(receiver, 'GET /forms', 32, since);
    const server = spans.find((s) => s.kind === 'SERVER')!;
    const client = spans.filter((s) => s.kind === 'CLIENT');
    expect(client).toHaveLength(31);
    for (const s of client) expect(s.parentSpanId).toBe(server.spanId);
    const names = client.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['INSERT items', 'DELETE items', 'SELECT no_such_table', 'SELECT seq_1_to_40', 'SELECT']),
    );
    const failed = client
      .filter((s) => s.status.code === 'ERROR')
      .map((s) => s.attributes['db.response.status_code'])
      .sort();
    expect(failed).toEqual(['1064', '1146', '1146', '1146', '1146', '1146', '1146']);
    for (const s of client) expect(s.attributes['db.system.name']).toBe('mariadb');
  }, 60_000);

  it('mysql2 3.11.4 (lib/connection.js, before lib/base): every call form as bare 3.11.4, each traced under its request; blocked calls fail the same way', async () => {
    const bare = (mysqlEarly as unknown as typeof mysql).createPool({ uri: db.url, connectionLimit: 2 });
    const expected = await runForms(bare);
    await new Promise((resolve) => bare.end(resolve));
    const service = await start({}, earlyFile);
    let since = receiver.spans().length;
    const answer = await get(`${service.url}/forms`);
    expect(json(answer)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected).toMatchObject({
      promiseIsNative: true,
      execute: [{ returned: 'Execute' }, { returned: 'Execute' }],
      stream: { paused: true },
    });
    const spans = await traceOf(receiver, 'GET /forms', 32, since);
    const server = spans.find((s) => s.kind === 'SERVER')!;
    const client = spans.filter((s) => s.kind === 'CLIENT');
    expect(client).toHaveLength(31);
    for (const s of client)
      expect(s).toMatchObject({
        parentSpanId: server.spanId,
        attributes: { 'db.system.name': 'mariadb', 'db.namespace': 'app' },
      });
    expect(
      client
        .filter((s) => s.status.code === 'ERROR')
        .map((s) => s.attributes['db.response.status_code'])
        .sort(),
    ).toEqual(['1064', '1146', '1146', '1146', '1146', '1146', '1146']);

    since = receiver.spans().length;
    await Promise.all([1, 2].map((id) => get(`${service.url}/narrow?id=${id}`)));
    const narrow = await traceOf(receiver, 'GET /narrow', 2, since);
    expect(narrow.find((s) => s.kind === 'CLIENT')!.parentSpanId).toBe(narrow.find((s) => s.kind === 'SERVER')!.spanId);
    await stopAll();

    const policy = writePolicy(dir, {
      version: 1,
      flow: [{ id: 'mysql-none', resource: resourceName(), threshold: 0 }],
    });
    const blockedService = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' }, earlyFile);
    const blocked = {
      error: true,
      name: 'BlockedError',
      ctor: 'BlockedError',
      code: 'INSTTS_BLOCKED',
      message: `blocked by flow rule 'mysql-none' on resource '${resourceName()}'`,
    };
    expect(json(await get(`${blockedService.url}/blocked-forms`))).toMatchObject({
      query: { returned: 'Query', calledSync: false, ...blocked },
      execute: { returned: 'Execute', calledSync: false, ...blocked },
      statement: { returned: 'Execute', calledSync: false, ...blocked },
      events: { ctor: 'Query', events: [['error', blocked]] },
      executeEvents: { ctor: 'Execute', events: [['error', blocked]] },
      stream: blocked,
      poolQuery: blocked,
      poolExecute: blocked,
      // this version's promise API rejects with an Error of its own, the error's code and message copied
      promise: { ...blocked, name: 'Error', ctor: 'Error' },
      promiseExecute: { ...blocked, name: 'Error', ctor: 'Error' },
    });
  }, 60_000);

  it('a blocked call fails the way mysql2 fails (callback error on a later tick, rejected promise, error event, stream error), before anything is sent', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      flow: [{ id: 'mysql-none', resource: resourceName(), threshold: 0 }],
    });
    await admin.query("SET GLOBAL log_output = 'TABLE', general_log = 1");
    await admin.query("SELECT 'general log on' AS marker");
    try {
      const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
      const answer = await get(`${service.url}/blocked-forms`);
      expect(answer.status).toBe(200);
      const blocked = {
        error: true,
        name: 'BlockedError',
        ctor: 'BlockedError',
        code: 'INSTTS_BLOCKED',
        message: `blocked by flow rule 'mysql-none' on resource '${resourceName()}'`,
      };
      const callback = (returned: string, argCount = 1): Record<string, unknown> => ({
        returned,
        calledSync: false,
        argCount,
        ...blocked,
      });
      expect(json(answer)).toEqual({
        query: callback('Query'),
        queryValues: callback('Query'),
        execute: callback('Execute'),
        statement: callback('Execute'),
        events: { ctor: 'Query', events: [['error', blocked]] },
        executeEvents: { ctor: 'Execute', events: [['error', blocked]] },
        stream: { rows: [], paused: false, ...blocked },
        promise: blocked,
        poolQuery: callback('Query', 3), // the pool's own wrapper passes (err, rows, fields)
        poolExecute: callback('undefined', 3),
        promiseIsNative: true,
        promiseExecute: blocked,
      });
    } finally {
      await admin.query('SET GLOBAL general_log = 0');
    }
    // nothing blocked reached the server: no text with 4242, no statement executed (only prepared)
    const [rows] = await admin.query(
      "SELECT count(*) AS n FROM mysql.general_log WHERE argument LIKE CONCAT('%42', '42%') OR command_type = 'Execute'",
    );
    expect(Number((rows as Array<{ n: number }>)[0]!.n)).toBe(0);
    const [prepared] = await admin.query(
      "SELECT count(*) AS n FROM mysql.general_log WHERE command_type = 'Prepare' AND argument = 'SELECT ? AS prepared'",
    );
    expect(Number((prepared as Array<{ n: number }>)[0]!.n)).toBe(1);
    const [seen] = await admin.query(
      "SELECT count(*) AS n FROM mysql.general_log WHERE argument LIKE '%general log on%'",
    );
    expect(Number((seen as Array<{ n: number }>)[0]!.n)).toBe(1); // the log did record queries meanwhile
  }, 60_000);

  it('a queue-shaped flow rule on the mysql resource: parallel requests wait for their turn and all run, spaced by the rule', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      flow: [{ id: 'db-queue', resource: resourceName(), threshold: 5, shaping: 'queue', maxQueueMs: 2000 }],
    });
    for (const serviceFile of [file, earlyFile]) {
      const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' }, serviceFile);
      const answers = await Promise.all(Array.from({ length: 10 }, () => get(`${service.url}/stamp`)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      // the server's clock: 5 per second, one every 200 ms
      const at = answers.map((a) => json(a).at as number).sort((x, y) => x - y);
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!, `query ${i}`).toBeGreaterThanOrEqual(190);
      expect(service.output()).not.toMatch(/db-queue/);
      await service.stop();
    }
  }, 60_000);

  it('every call form waits for its turn and answers as bare mysql2 does (callbacks, promises, execute, events, streams, pools), 3.11.4 too', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      flow: [{ id: 'db-queue', resource: resourceName(), threshold: 100, shaping: 'queue', maxQueueMs: 5000 }],
    });
    for (const [client, serviceFile] of [
      [mysql, file],
      [mysqlEarly as unknown as typeof mysql, earlyFile],
    ] as const) {
      const bare = client.createPool({ uri: db.url, connectionLimit: 2 });
      const expected = await runForms(bare);
      await new Promise((resolve) => bare.end(resolve));
      const service = await start({ INSTTS_POLICY: policy }, serviceFile);
      const since = receiver.spans().length;
      const answer = await get(`${service.url}/forms`);
      expect(answer.status).toBe(200);
      expect(json(answer)).toEqual(JSON.parse(JSON.stringify(expected)));
      const spans = await traceOf(receiver, 'GET /forms', 32, since);
      const server = spans.find((s) => s.kind === 'SERVER')!;
      const queries = spans.filter((s) => s.kind === 'CLIENT');
      expect(queries).toHaveLength(31);
      for (const s of queries) expect(s.parentSpanId).toBe(server.spanId);
      await service.stop();
    }
  }, 60_000);

  it('calls waiting for a half-open verdict fail with BlockedError when the probe fails, and pass when it succeeds', async () => {
    await halfOpenWaitScenario({
      dir,
      start,
      ruleId: 'mysql-wait',
      resource: resourceName(),
      sql: (q) => admin.query(q),
    });
  }, 60_000);

  it('commands on one connection keep their order when some wait for their turn: later queries, and end()', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      resources: [{ id: 'mysql-selects', kind: 'db', match: { operation: 'SELECT' } }],
      flow: [{ id: 'select-queue', resource: 'mysql-selects', threshold: 5, shaping: 'queue', maxQueueMs: 2000 }],
    });
    const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    expect((await get(`${service.url}/stamp`)).status).toBe(200); // takes this moment's slot
    const answer = await get(`${service.url}/order`);
    expect(answer.status).toBe(200);
    const answered = json(answer) as unknown as Array<{ tag: string; at: number }>;
    // 'b' (VALUES, no rule) waited behind 'a' (a SELECT whose turn came 200 ms later), 'c' 200 ms after 'a'
    expect(answered.map((r) => r.tag)).toEqual(['a', 'b', 'c']);
    const [a, b, c] = answered.map((r) => r.at);
    expect(b!).toBeGreaterThanOrEqual(a!);
    expect(c! - a!).toBeGreaterThanOrEqual(190);
    // end() right after a query that waits: its Quit stays behind the query, as without the wait
    const bare = await new Promise((resolve) => {
      const connection = mysql.createConnection({ uri: db.url });
      const seen: unknown[] = [];
      const done = (what: unknown): void => {
        seen.push(what);
        if (seen.length === 2) resolve(seen);
      };
      connection.query('SELECT 1 AS one', (error, rows) => done(error ? { error: error.message } : { rows }));
      connection.end((error) => done({ ended: error ? error.message : true }));
    });
    expect(bare).toEqual([{ ended: true }, { rows: [{ one: 1 }] }]);
    expect((await get(`${service.url}/stamp`)).status).toBe(200);
    expect(json(await get(`${service.url}/then-end`))).toEqual(JSON.parse(JSON.stringify(bare)));
  }, 60_000);

  it('isolation of 2 on the mysql resource: MariaDB never runs more than 2 of the service’s queries, the rest fail fast with BlockedError', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      isolation: [{ id: 'mysql-two', resource: resourceName(), maxConcurrency: 2 }],
    });
    const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const { answers, most } = await mostSleepingWhile(
      Promise.all(Array.from({ length: 20 }, () => get(`${service.url}/sleep`))),
    );
    const ok = answers.filter((a) => a.status === 200);
    const blocked = answers.filter((a) => a.status === 503);
    expect(ok.length + blocked.length).toBe(20);
    expect(ok.length).toBeGreaterThanOrEqual(2);
    expect(blocked.length).toBeGreaterThanOrEqual(1);
    for (const a of blocked)
      expect(json(a)).toMatchObject({ name: 'BlockedError', code: 'INSTTS_BLOCKED', ruleId: 'mysql-two' });
    expect(most).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(2);
  }, 60_000);

  it('a breaker on the mysql resource opens on database errors and closes once the database answers', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      circuitBreakers: [
        {
          id: 'mysql-errors',
          resource: resourceName(),
          strategy: 'errorCount',
          threshold: 3,
          minRequests: 3,
          openMs: 300,
        },
      ],
    });
    const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    expect((await get(`${service.url}/flaky`)).status).toBe(200);
    await admin.query('DROP TABLE flaky');
    try {
      for (let i = 0; i < 3; i++) {
        const a = await get(`${service.url}/flaky`);
        expect(a.status).toBe(500);
        expect(json(a).errno).toBe(1146);
      }
      const open = await get(`${service.url}/flaky`);
      expect(open.status).toBe(503);
      expect(json(open)).toMatchObject({ name: 'BlockedError', ruleId: 'mysql-errors' });
    } finally {
      await admin.query('CREATE TABLE flaky (id int)');
    }
    await new Promise((r) => setTimeout(r, 400));
    const probe = await get(`${service.url}/flaky`);
    expect(probe.status).toBe(200);
    expect(json(probe)).toEqual({ n: 0 });
    expect((await get(`${service.url}/flaky`)).status).toBe(200);
  }, 60_000);

  it('a hotspot rule on the mysql resource limits per bound value (`arg` 0 is the first `?` value)', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      hotspot: [
        {
          id: 'mysql-per-id',
          resource: resourceName(),
          param: { from: 'arg', index: 0 },
          threshold: 100,
          overrides: { '3': 0 },
        },
      ],
    });
    const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    expect(json(await get(`${service.url}/item?id=2`))).toEqual({ rows: [{ name: 'b' }] });
    const hot = await get(`${service.url}/item?id=3`);
    expect(hot.status).toBe(503);
    expect(json(hot)).toMatchObject({ name: 'BlockedError', ruleId: 'mysql-per-id' });
    expect(json(await get(`${service.url}/item-cb?id=3`))).toMatchObject({
      name: 'BlockedError',
      ruleId: 'mysql-per-id',
    }); // execute too
    expect(json(await get(`${service.url}/item-cb?id=4`))).toEqual({ rows: [{ name: 'd' }] });
  }, 60_000);

  it('OTEL_METRICS_EXPORTER=otlp: db.client.operation.duration per operation and table, failures with the error number', async () => {
    const service = await start({
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_METRIC_EXPORT_INTERVAL: '200',
      OTEL_TRACES_EXPORTER: 'none',
    });
    const before = receiver.metricPoints().length;
    for (let i = 1; i <= 3; i++) expect((await get(`${service.url}/item?id=${i}`)).status).toBe(200);
    expect((await get(`${service.url}/fail`)).status).toBe(500);
    const counts = (): Record<string, number> => {
      const latest = new Map<string, { count: number; time: bigint }>();
      for (const p of receiver.metricPoints().slice(before)) {
        if (p.name !== 'db.client.operation.duration') continue;
        const key = JSON.stringify(p.attributes);
        const seen = latest.get(key);
        if (seen === undefined || BigInt(p.timeUnixNano) >= seen.time)
          latest.set(key, { count: p.count, time: BigInt(p.timeUnixNano) });
      }
      return Object.fromEntries([...latest].map(([k, v]) => [k, v.count]));
    };
    const where = { 'db.system.name': 'mariadb', 'db.namespace': 'app', 'db.operation.name': 'SELECT' };
    const at = { 'server.address': '127.0.0.1', 'server.port': db.port };
    const expected = {
      [JSON.stringify({ ...where, 'db.collection.name': 'items', ...at })]: 3,
      [JSON.stringify({
        ...where,
        'db.collection.name': 'no_such_table',
        ...at,
        'db.response.status_code': '1146',
        'error.type': '1146',
      })]: 1,
    };
    const deadline = Date.now() + 10_000;
    const sorted = (o: Record<string, number>): string => JSON.stringify(Object.entries(o).sort());
    while (sorted(counts()) !== sorted(expected) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(counts()).toEqual(expected);
  }, 60_000);

  it("the README's mysql2 policy example: a declared resource for MySQL/MariaDB calls, isolation 2 and a breaker on it", async () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- mysql-policy-example[^>]*-->\s*```jsonc\n([\s\S]*?)```/.exec(readme);
    expect(block, 'the marked policy block in README.md').not.toBeNull();
    const policy = JSON.parse(block![1]!.replace(/^\s*\/\/.*$/gm, '')) as unknown;
    const service = await start({ INSTTS_POLICY: writePolicy(dir, policy), OTEL_SDK_DISABLED: 'true' });
    const { answers, most } = await mostSleepingWhile(
      Promise.all(Array.from({ length: 10 }, () => get(`${service.url}/sleep`))),
    );
    expect(most).toBeLessThanOrEqual(2);
    const blocked = answers.filter((a) => a.status === 503);
    expect(blocked.length).toBeGreaterThanOrEqual(1);
    expect(json(blocked[0]!)).toMatchObject({ name: 'BlockedError', ruleId: 'shop-db-concurrency' });

    await admin.query('DROP TABLE flaky');
    try {
      for (let i = 0; i < 3; i++) expect((await get(`${service.url}/flaky`)).status).toBe(500);
      expect(json(await get(`${service.url}/flaky`))).toMatchObject({ name: 'BlockedError', ruleId: 'shop-db-errors' });
    } finally {
      await admin.query('CREATE TABLE flaky (id int)');
    }
    await new Promise((r) => setTimeout(r, 400));
    expect((await get(`${service.url}/flaky`)).status).toBe(200);
  }, 60_000);
});
