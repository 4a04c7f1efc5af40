// node-postgres with `instts build --rules instts:db --rules instts:http` against a real
// PostgreSQL (started once for this file): test/fixtures/pg-service (express over a pg Pool) as a
// child process, spans sent to an OTLP endpoint the test runs, governance from a policy file.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { instts, ROOT } from '../../../test/cli-helpers.js';
import { get, startService, stopAll, type Service } from '../../../test/http/services.js';
import { json, traceOf, writePolicy, halfOpenWaitScenario } from '../../../test/support/db-tests.js';
import { startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { startPostgres, type Postgres } from '../../../test/support/servers/postgres.js';
import { describeWithServices, POSTGRESQL } from '../../../test/support/services.js';
import { runForms } from '../../../test/fixtures/pg-service/src/forms.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'pg-service');

describeWithServices('pg', [POSTGRESQL], () => {
  let dir: string;
  let file: string;
  let receiver: OtlpReceiver;
  let db: Postgres;
  let admin: pg.Client;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-pg-'));
    const [build, started] = await Promise.all([
      instts(
        [
          'build',
          '--rules',
          'instts:db',
          '--rules',
          'instts:http',
          '--entry',
          'src/service.ts',
          '--outDir',
          dir,
          '--format',
          'esm',
          '--no-typecheck',
        ],
        FIXTURE,
      ),
      startPostgres(),
      (async () => (receiver = await startOtlpReceiver()))(),
    ]);
    db = started;
    if (build.code !== 0) throw new Error(`build failed (${build.code}):\n${build.stderr}`);
    file = path.join(dir, 'service.js');
    admin = new pg.Client({ host: db.host, port: db.port, user: db.user, database: db.database });
    await admin.connect();
    await admin.query('CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)');
    await admin.query("INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')");
    await admin.query('CREATE TABLE flaky (id int)');
    await admin.query('CREATE TABLE tx_rows (id int)');
  }, 120_000);

  afterEach(stopAll);

  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    await db?.stop();
    await receiver?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const resourceName = (): string => `pg:127.0.0.1:${db.port}/postgres`;

  function start(env: Record<string, string>, appName = 'instts-pg-service'): Promise<Service> {
    return startService(file, {
      PG_URL: `${db.url}?application_name=${appName}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_SERVICE_NAME: 'pg-service',
      ...env,
    });
  }

  it('a request running a query: one trace SERVER → CLIENT(pg) with the database attributes, the query text in placeholder form', async () => {
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
      'db.system.name': 'postgresql',
      'db.namespace': 'postgres',
      'db.operation.name': 'SELECT',
      'db.collection.name': 'items',
      'db.query.text': 'SELECT name FROM items WHERE id = $1 AND name <> ? AND id < ?',
      'server.address': '127.0.0.1',
      'server.port': db.port,
    });
    expect(client[0]!.status.code).toBe('UNSET');

    since = receiver.spans().length;
    const failed = await get(`${service.url}/fail`);
    expect(failed.status).toBe(500);
    expect(json(failed)).toMatchObject({ name: 'error', code: '42P01' });
    const failSpans = await traceOf(receiver, 'GET /fail', 2, since);
    const failClient = failSpans.find((s) => s.kind === 'CLIENT')!;
    expect(failClient.name).toBe('SELECT no_such_table');
    expect(failClient.attributes).toMatchObject({
      'db.response.status_code': '42P01',
      'error.type': '42P01',
      'db.query.text': 'SELECT * FROM no_such_table WHERE id = ?',
    });
    expect(failClient.status).toEqual({ code: 'ERROR', message: 'relation "no_such_table" does not exist' });
  }, 60_000);

  // A pool of one connection: each request waits for the connection the one before it releases,
  // and pg-pool hands it over from inside that release (the other request's context).
  it.each([
    ['pool.query', 'query'],
    ['pool.connect() + client.query() + release()', 'connect'],
    ['pool.connect(callback)', 'connect-cb'],
  ])(
    'requests waiting for the pooled connection another request releases (%s): each query a child of its own request',
    async (_form, route) => {
      const service = await start({});
      const since = receiver.spans().length;
      const paths = ['a', 'b', 'c'].map((id) => `/narrow/${route}/${id}`);
      const answers = await Promise.all(paths.map((p) => get(`${service.url}${p}`)));
      expect(answers.map((a) => json(a))).toEqual(paths.map((path) => ({ path })));
      const deadline = Date.now() + 10_000;
      const fresh = (): DecodedSpan[] => receiver.spans().slice(since);
      const ours = (s: DecodedSpan): boolean => s.kind === 'CLIENT' && s.name === 'SELECT';
      const isServer = (s: DecodedSpan): boolean => s.kind === 'SERVER';
      // The last request's SERVER span ends after its query's: it can come in the next batch.
      while ((fresh().filter(ours).length < 3 || fresh().filter(isServer).length < 3) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const servers = fresh().filter(isServer);
      const queries = fresh().filter(ours);
      expect(servers.map((s) => s.attributes['url.path']).sort()).toEqual(paths);
      expect(queries).toHaveLength(3);
      for (const server of servers) {
        const children = queries.filter((q) => q.parentSpanId === server.spanId);
        expect(children, `the query of ${String(server.attributes['url.path'])}`).toHaveLength(1);
        expect(children[0]!.traceId).toBe(server.traceId);
      }
    },
    60_000,
  );

  it(`raw query text only with INSTTS_DB_QUERY_TEXT=raw`, async () => {
    const service = await start({ INSTTS_DB_QUERY_TEXT: 'raw' });
    const since = receiver.spans().length;
    expect((await get(`${service.url}/item?id=1`)).status).toBe(200);
    const spans = await traceOf(receiver, 'GET /item', 2, since);
    expect(spans.find((s) => s.kind === 'CLIENT')!.attributes['db.query.text']).toBe(
      "SELECT name FROM items WHERE id = $1 AND name <> 'hidden-secret' AND id < 1000",
    );
  }, 60_000);

  it('every query form (text, values, rowMode, prepared, callbacks, pg.Query, pg-cursor, pg-query-stream, errors) answers as bare pg does, each traced', async () => {
    const bare = new pg.Pool({ host: db.host, port: db.port, user: db.user, database: db.database, max: 2 });
    const expected = await runForms(bare);
    await bare.end();
    const service = await start({});
    const since = receiver.spans().length;
    const answer = await get(`${service.url}/forms`);
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected).toMatchObject({
      promiseIsNative: true,
      callbackValues: { returned: 'undefined', calledSync: false },
    });

    // 18 queries: every one a CLIENT span under the request, ended (exported), errors marked.
    const spans = await traceOf(receiver, 'GET /forms', 19, since);
    const server = spans.find((s) => s.kind === 'SERVER')!;
    const client = spans.filter((s) => s.kind === 'CLIENT');
    expect(client).toHaveLength(18);
    for (const s of client) expect(s.parentSpanId).toBe(server.spanId);
    const names = client.map((s) => s.name);
    expect(names.filter((n) => n === 'SELECT items')).toHaveLength(6); // rowMode, prepared ×2, pool.query, pg.Query, pg-cursor
    expect(names).toEqual(expect.arrayContaining(['INSERT items', 'DELETE items', 'SELECT no_such_table', 'SELECT']));
    const streams = client.filter((s) => String(s.attributes['db.query.text']).includes('generate_series'));
    expect(streams.map((s) => [s.name, s.attributes['db.query.text']])).toEqual([
      ['SELECT', 'SELECT id FROM generate_series(?, $1::int) AS id'],
    ]);
    const failed = client
      .filter((s) => s.status.code === 'ERROR')
      .map((s) => s.attributes['db.response.status_code'])
      .sort();
    expect(failed).toEqual(['22012', '42P01', '42P01']);
  }, 60_000);

  it('isolation of 2 on the pg resource: PostgreSQL never runs more than 2 of the service’s queries, the rest fail fast with BlockedError', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      isolation: [{ id: 'pg-two', resource: resourceName(), maxConcurrency: 2 }],
    });
    const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' }, 'instts-isolation');
    let watching = true;
    let most = 0;
    const watcher = (async () => {
      while (watching) {
        const r = await admin.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'instts-isolation' AND state = 'active'",
        );
        most = Math.max(most, r.rows[0].n as number);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(`${service.url}/sleep`)));
    watching = false;
    await watcher;
    const ok = answers.filter((a) => a.status === 200);
    const blocked = answers.filter((a) => a.status === 503);
    expect(ok.length + blocked.length).toBe(20);
    expect(ok.length).toBeGreaterThanOrEqual(2);
    expect(blocked.length).toBeGreaterThanOrEqual(1);
    for (const a of blocked)
      expect(json(a)).toMatchObject({ name: 'BlockedError', code: 'INSTTS_BLOCKED', ruleId: 'pg-two' });
    expect(most).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(2);
  }, 60_000);

  it('a statement refused inside a transaction: its ROLLBACK still runs, so no pooled connection is left in the transaction', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      isolation: [{ id: 'pg-two-tx', resource: resourceName(), maxConcurrency: 2 }],
    });
    const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' }, 'instts-tx');
    // BEGIN and the first INSERT pass; while the transaction pauses, two slow queries take both
    // slots, so its second INSERT is refused, and then its ROLLBACK comes while both are running.
    const transaction = get(`${service.url}/transaction?hold=400`);
    await new Promise((r) => setTimeout(r, 150));
    const slow = [get(`${service.url}/sleep?s=1`), get(`${service.url}/sleep?s=1`)];
    const answer = await transaction;
    const stuck = await admin.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'instts-tx' AND state LIKE 'idle in transaction%'",
    );
    expect((await Promise.all(slow)).map((a) => a.status)).toEqual([200, 200]);
    expect(json(answer)).toEqual({ failed: 'BlockedError', rollback: 'ok' });
    expect(stuck.rows[0].n).toBe(0);
    expect((await admin.query('SELECT count(*)::int AS n FROM tx_rows')).rows[0].n).toBe(0);
  }, 60_000);

  it("a blocked query: no CLIENT span (nothing was sent), an instts.governance.blocked event on the caller's span", async () => {
    const policy = writePolicy(dir, {
      version: 1,
      behaviors: { dbDown: { type: 'fallback', throw: { message: 'the database is resting' } } },
      flow: [{ id: 'pg-none-traced', resource: resourceName(), threshold: 0, behavior: 'dbDown' }],
    });
    const service = await start({ INSTTS_POLICY: policy }, 'instts-blocked-traced');
    const since = receiver.spans().length;
    const answer = await get(`${service.url}/item?id=1`);
    // the behaviour's error (named Error: the service answers 500 for anything but a BlockedError)
    expect(answer.status).toBe(500);
    expect(json(answer)).toEqual({
      name: 'Error',
      code: 'INSTTS_BLOCKED',
      message: 'the database is resting',
      ruleId: 'pg-none-traced',
    });
    const [server] = await traceOf(receiver, 'GET /item', 1, since);
    await new Promise((r) => setTimeout(r, 300)); // a CLIENT span, were there one, would be exported by now
    expect(
      receiver
        .spans()
        .slice(since)
        .filter((s) => s.traceId === server!.traceId),
    ).toHaveLength(1);
    expect(server!.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        'instts.governance.blocked',
        {
          'instts.governance.rule': 'pg-none-traced',
          'instts.governance.rule_type': 'flow',
          'instts.governance.resource': resourceName(),
          'instts.governance.behavior': 'dbDown',
          'instts.governance.behavior_type': 'fallback',
        },
      ],
    ]);
  }, 60_000);

  it('a blocked query fails the way pg fails (rejected promise, callback error on a later tick, error event), before anything is sent', async () => {
    const policy = writePolicy(dir, { version: 1, flow: [{ id: 'pg-none', resource: resourceName(), threshold: 0 }] });
    const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' }, 'instts-blocked');
    const answer = await get(`${service.url}/blocked-forms`);
    expect(answer.status).toBe(200);
    const blocked = {
      error: true,
      name: 'BlockedError',
      ctor: 'BlockedError',
      code: 'INSTTS_BLOCKED',
      message: `blocked by flow rule 'pg-none' on resource '${resourceName()}'`,
    };
    expect(json(answer)).toEqual({
      promiseIsNative: true,
      promise: blocked,
      poolQuery: blocked,
      callback: { returned: 'undefined', calledSync: false, ...blocked },
      configCallback: { returned: 'undefined', calledSync: false, ...blocked },
      submittable: { ...blocked, sameObject: true },
      stream: blocked,
    });
    const seen = await admin.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%4242%' AND pid <> pg_backend_pid()",
    );
    expect(seen.rows[0].n).toBe(0);
  }, 60_000);

  it('a queue-shaped flow rule on the pg resource: parallel requests wait for their turn and all run, spaced by the rule', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      flow: [{ id: 'db-queue', resource: resourceName(), threshold: 5, shaping: 'queue', maxQueueMs: 2000 }],
    });
    const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(`${service.url}/stamp`)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    // the server's clock: 5 per second, one every 200 ms
    const at = answers.map((a) => json(a).at as number).sort((x, y) => x - y);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!, `query ${i}`).toBeGreaterThanOrEqual(190);
    expect(service.output()).not.toMatch(/db-queue/);
  }, 60_000);

  it('every query form waits for its turn and answers as bare pg does (promise, callbacks, pg.Query, pg-cursor, pg-query-stream, pool.query)', async () => {
    const bare = new pg.Pool({ host: db.host, port: db.port, user: db.user, database: db.database, max: 2 });
    const expected = await runForms(bare);
    await bare.end();
    const policy = writePolicy(dir, {
      version: 1,
      flow: [{ id: 'db-queue', resource: resourceName(), threshold: 50, shaping: 'queue', maxQueueMs: 5000 }],
    });
    const service = await start({ INSTTS_POLICY: policy });
    // the pool's warm-up used this second's slots: each query of the request waits
    const since = receiver.spans().length;
    const answer = await get(`${service.url}/forms`);
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual(JSON.parse(JSON.stringify(expected)));
    const spans = await traceOf(receiver, 'GET /forms', 19, since);
    const server = spans.find((s) => s.kind === 'SERVER')!;
    const client = spans.filter((s) => s.kind === 'CLIENT');
    expect(client).toHaveLength(18);
    for (const s of client) expect(s.parentSpanId).toBe(server.spanId);
  }, 60_000);

  it('queries made at once on one client keep their order when some wait for their turn and some do not', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      resources: [{ id: 'pg-selects', kind: 'db', match: { system: 'postgresql', operation: 'SELECT' } }],
      flow: [{ id: 'select-queue', resource: 'pg-selects', threshold: 5, shaping: 'queue', maxQueueMs: 2000 }],
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
  }, 60_000);

  it('calls waiting for a half-open verdict fail with BlockedError when the probe fails, and pass when it succeeds', async () => {
    await halfOpenWaitScenario({ dir, start, ruleId: 'pg-wait', resource: resourceName(), sql: (q) => admin.query(q) });
  }, 60_000);

  it("the README's instts:db policy example: a declared resource matching the database, isolation 2 and a breaker on it", async () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- db-policy-example[^>]*-->\s*```jsonc\n([\s\S]*?)```/.exec(readme);
    expect(block, 'the marked policy block in README.md').not.toBeNull();
    const policy = JSON.parse(block![1]!.replace(/^\s*\/\/.*$/gm, '')) as unknown;
    const service = await start(
      { INSTTS_POLICY: writePolicy(dir, policy), OTEL_SDK_DISABLED: 'true' },
      'instts-readme',
    );
    let watching = true;
    let most = 0;
    const watcher = (async () => {
      while (watching) {
        const r = await admin.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'instts-readme' AND state = 'active'",
        );
        most = Math.max(most, r.rows[0].n as number);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(`${service.url}/sleep`)));
    watching = false;
    await watcher;
    expect(most).toBeLessThanOrEqual(2);
    const blocked = answers.filter((a) => a.status === 503);
    expect(blocked.length).toBeGreaterThanOrEqual(1);
    expect(json(blocked[0]!)).toMatchObject({ name: 'BlockedError', ruleId: 'main-db-concurrency' });

    await admin.query('DROP TABLE flaky');
    try {
      for (let i = 0; i < 3; i++) expect((await get(`${service.url}/flaky`)).status).toBe(500);
      expect(json(await get(`${service.url}/flaky`))).toMatchObject({ name: 'BlockedError', ruleId: 'main-db-errors' });
    } finally {
      await admin.query('CREATE TABLE flaky (id int)');
    }
    await new Promise((r) => setTimeout(r, 400));
    expect((await get(`${service.url}/flaky`)).status).toBe(200);
  }, 60_000);

  it('a breaker on the pg resource opens on database errors and closes once the database answers', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      circuitBreakers: [
        {
          id: 'pg-errors',
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
    for (let i = 0; i < 3; i++) {
      const a = await get(`${service.url}/flaky`);
      expect(a.status).toBe(500);
      expect(json(a).code).toBe('42P01');
    }
    const open = await get(`${service.url}/flaky`);
    expect(open.status).toBe(503);
    expect(json(open)).toMatchObject({ name: 'BlockedError', ruleId: 'pg-errors' });
    await admin.query('CREATE TABLE flaky (id int)');
    await new Promise((r) => setTimeout(r, 400));
    const probe = await get(`${service.url}/flaky`);
    expect(probe.status).toBe(200);
    expect(json(probe)).toEqual({ n: 0 });
    expect((await get(`${service.url}/flaky`)).status).toBe(200);
  }, 60_000);

  it('a hotspot rule on the pg resource limits per bound value (`arg` 0 is `$1`)', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      hotspot: [
        {
          id: 'pg-per-id',
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
    expect(json(hot)).toMatchObject({ name: 'BlockedError', ruleId: 'pg-per-id' });
  }, 60_000);

  it('OTEL_METRICS_EXPORTER=otlp: db.client.operation.duration per operation and table, failures with the SQLSTATE', async () => {
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
    const where = { 'db.system.name': 'postgresql', 'db.namespace': 'postgres', 'db.operation.name': 'SELECT' };
    const at = { 'server.address': '127.0.0.1', 'server.port': db.port };
    const expected = {
      [JSON.stringify({ ...where, 'db.collection.name': 'items', ...at })]: 3,
      [JSON.stringify({
        ...where,
        'db.collection.name': 'no_such_table',
        ...at,
        'db.response.status_code': '42P01',
        'error.type': '42P01',
      })]: 1,
    };
    const deadline = Date.now() + 10_000;
    const sorted = (o: Record<string, number>): string => JSON.stringify(Object.entries(o).sort());
    while (sorted(counts()) !== sorted(expected) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(counts()).toEqual(expected);
  }, 60_000);
});
