// node-redis (`redis`) with `instts build --rules instts:db --rules instts:http` against a real
// Redis (started once for this file): test/fixtures/node-redis-service (express over node-redis)
// as a child process, spans sent to an OTLP endpoint the test runs, governance from a policy
// file. The test's own admin connection is an (uninstrumented) ioredis client.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { instts, ROOT } from '../../../test/cli-helpers.js';
import { get, startService, stopAll, type Service } from '../../../test/http/services.js';
import { json, peakWhile, traceOf, writePolicy, redisQueueScenario } from '../../../test/support/db-tests.js';
import { startOtlpReceiver, type OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { startRedis, type RedisServer } from '../../../test/support/servers/redis.js';
import { describeWithServices, REDIS } from '../../../test/support/services.js';
import { createClient, type RedisClientType } from 'redis';
import { runForms, runPubSub } from '../../../test/fixtures/node-redis-service/src/forms.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'node-redis-service');

describeWithServices('node-redis', [REDIS], () => {
  let dir: string;
  let file: string;
  let receiver: OtlpReceiver;
  let server: RedisServer;
  let admin: Redis;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-node-redis-'));
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
      startRedis(),
      (async () => (receiver = await startOtlpReceiver()))(),
    ]);
    server = started;
    if (build.code !== 0) throw new Error(`build failed (${build.code}):\n${build.stderr}`);
    expect(build.stderr).toMatch(/node-redis\.command: [1-9]/);
    expect(build.stderr).toMatch(/node-redis\.multi: [1-9]/);
    file = path.join(dir, 'service.js');
    admin = new Redis(server.url, { connectionName: 'instts-admin' });
  }, 120_000);

  afterEach(stopAll);

  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
    await receiver?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const resourceName = (): string => `redis:127.0.0.1:${server.port}/0`;

  function start(env: Record<string, string>): Promise<Service> {
    return startService(file, {
      REDIS_URL: server.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_SERVICE_NAME: 'node-redis-service',
      ...env,
    });
  }

  it('a request running a command: one trace SERVER → CLIENT(redis), the arguments as placeholders; a failing command marks its span', async () => {
    await admin.set('greeting', 'hello');
    const service = await start({});
    let since = receiver.spans().length;
    const answer = await get(`${service.url}/get?key=greeting`);
    expect(json(answer)).toEqual({ value: 'hello' });
    const spans = await traceOf(receiver, 'GET /get', 2, since);
    const root = spans.find((s) => s.kind === 'SERVER')!;
    const client = spans.filter((s) => s.kind === 'CLIENT');
    expect(client).toHaveLength(1);
    expect(client[0]!.parentSpanId).toBe(root.spanId);
    expect(client[0]!.name).toBe('GET');
    expect(client[0]!.attributes).toEqual({
      'db.system.name': 'redis',
      'db.namespace': '0',
      'db.operation.name': 'GET',
      'db.query.text': 'GET ?',
      'server.address': '127.0.0.1',
      'server.port': server.port,
    });

    since = receiver.spans().length;
    const failed = await get(`${service.url}/fail`);
    expect(failed.status).toBe(500);
    expect(json(failed)).toMatchObject({ name: 'Error', ctor: 'SimpleError' });
    const failClient = (await traceOf(receiver, 'GET /fail', 2, since)).find((s) => s.kind === 'CLIENT')!;
    expect(failClient.attributes).toMatchObject({ 'db.response.status_code': 'WRONGTYPE', 'error.type': 'WRONGTYPE' });
    expect(failClient.status.code).toBe('ERROR');
    expect(failClient.status.message).toMatch(/^WRONGTYPE /);
  }, 60_000);

  it('raw command text only with INSTTS_DB_QUERY_TEXT=raw', async () => {
    const service = await start({ INSTTS_DB_QUERY_TEXT: 'raw' });
    const since = receiver.spans().length;
    expect((await get(`${service.url}/get?key=user:secret-42`)).status).toBe(200);
    const spans = await traceOf(receiver, 'GET /get', 2, since);
    expect(spans.find((s) => s.kind === 'CLIENT')!.attributes['db.query.text']).toBe('GET user:secret-42');
  }, 60_000);

  it('every command form (promise, sendCommand, transformed replies, PUBLISH, MULTI/EXEC, pipelines, errors) answers as bare node-redis does, each traced', async () => {
    const bare = createClient({ url: server.url }) as RedisClientType;
    await bare.connect();
    const expected = await runForms(bare, 'service');
    bare.destroy();
    const service = await start({});
    const since = receiver.spans().length;
    const answer = await get(`${service.url}/forms`);
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected).toMatchObject({ promiseIsNative: true, publish: 0, multi: [1, 2, '2'] });
    // 11 commands, 2 transactions and 1 pipeline: 14 CLIENT spans under the request
    const spans = await traceOf(receiver, 'GET /forms', 15, since);
    const root = spans.find((s) => s.kind === 'SERVER')!;
    const client = spans.filter((s) => s.kind === 'CLIENT');
    expect(client).toHaveLength(14);
    for (const s of client) expect(s.parentSpanId).toBe(root.spanId);
    const byName = (name: string) => client.filter((s) => s.name === name);
    expect(byName('MULTI').map((s) => s.attributes['db.query.text'])).toEqual([
      'INCR ?; INCR ?; GET ?',
      'INCR ?; GET ?',
    ]);
    expect(byName('PIPELINE').map((s) => s.attributes['db.query.text'])).toEqual(['SET ? ?; INCR ?; GET ?']);
    expect(byName('PUBLISH').map((s) => s.attributes['db.query.text'])).toEqual(['PUBLISH ? ?']);
    expect(byName('HSET').map((s) => s.attributes['db.query.text'])).toEqual(['HSET ? ? ? ? ?']);
    expect(client.filter((s) => s.attributes['db.response.status_code'] === 'WRONGTYPE')).toHaveLength(1);
  }, 60_000);

  it('pub/sub: a subscriber on a second connection gets what the service publishes, as with bare node-redis; PUBLISH traced under the request', async () => {
    const bare = createClient({ url: server.url }) as RedisClientType;
    await bare.connect();
    const expected = await runPubSub(bare, 'bare');
    bare.destroy();
    expect(expected).toMatchObject({ published: 1, message: ['bare:news', 'hello'], afterwards: 0 });
    const service = await start({});
    const since = receiver.spans().length;
    const answer = await get(`${service.url}/pubsub`);
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual(JSON.parse(JSON.stringify(expected).replaceAll('bare:', 'service:')));
    const spans = await traceOf(receiver, 'GET /pubsub', 3, since);
    const root = spans.find((s) => s.kind === 'SERVER')!;
    // node-redis hands (UN)SUBSCRIBE to its pub/sub bookkeeping, not to sendCommand: no span of their own
    const client = spans.filter((s) => s.kind === 'CLIENT');
    expect(client.map((s) => [s.attributes['db.query.text'], s.parentSpanId === root.spanId])).toEqual([
      ['PUBLISH ? ?', true],
      ['PUBLISH ? ?', true],
    ]);
  }, 60_000);

  it('a queue-shaped rule on the redis resource: commands cannot wait, so it blocks them, and one warning names the rule', async () => {
    await redisQueueScenario({ dir, start, set: (k, v) => admin.set(k, v), command: 'a node-redis command' });
  }, 60_000);

  it('a hotspot rule on the redis resource limits per key (`arg` 0 is the command’s first argument)', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      hotspot: [
        {
          id: 'redis-per-key',
          resource: resourceName(),
          param: { from: 'arg', index: 0 },
          threshold: 100,
          overrides: { 'hot-key': 0 },
        },
      ],
    });
    const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    await admin.set('cold-key', 'fine');
    expect(json(await get(`${service.url}/get?key=cold-key`))).toEqual({ value: 'fine' });
    const hot = await get(`${service.url}/get?key=hot-key`);
    expect(hot.status).toBe(503);
    expect(json(hot)).toMatchObject({ name: 'BlockedError', ruleId: 'redis-per-key' });
  }, 60_000);

  it('isolation of 2 on the redis resource: Redis never blocks more than 2 of the service’s commands, the rest fail fast with BlockedError', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      isolation: [{ id: 'redis-two', resource: resourceName(), maxConcurrency: 2 }],
    });
    const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const busy = async (): Promise<number> => {
      const list = (await admin.client('LIST')) as string;
      return list.split('\n').filter((line) => line.includes('name=instts-sleeper') && / cmd=blpop /.test(line)).length;
    };
    const { result: answers, most } = await peakWhile(
      Promise.all(Array.from({ length: 20 }, () => get(`${service.url}/sleep`))),
      busy,
    );
    const ok = answers.filter((a) => a.status === 200);
    const blocked = answers.filter((a) => a.status === 503);
    expect(ok.length + blocked.length).toBe(20);
    expect(ok.length).toBeGreaterThanOrEqual(2);
    expect(blocked.length).toBeGreaterThanOrEqual(1);
    for (const a of blocked)
      expect(json(a)).toMatchObject({ name: 'BlockedError', code: 'INSTTS_BLOCKED', ruleId: 'redis-two' });
    expect(most).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(2);
  }, 60_000);

  it('a blocked call fails the way node-redis fails (a rejected promise; a transaction or pipeline as a whole), before anything is sent', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      resources: [
        { id: 'redis-data', kind: 'db', match: { system: 'redis', operation: ['GET', 'SET', 'MULTI', 'PIPELINE'] } },
      ],
      flow: [{ id: 'redis-none', resource: 'redis-data', threshold: 0 }],
    });
    const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    await admin.config('RESETSTAT');
    const answer = await get(`${service.url}/blocked-forms`);
    expect(answer.status).toBe(200);
    const blocked = {
      error: true,
      name: 'BlockedError',
      ctor: 'BlockedError',
      code: 'INSTTS_BLOCKED',
      ruleId: 'redis-none',
      message: "blocked by flow rule 'redis-none' on resource 'redis-data'",
    };
    expect(json(answer)).toEqual({
      promiseIsNative: true,
      promise: blocked,
      sendCommand: blocked,
      multi: blocked,
      pipeline: blocked,
    });
    const stats = (await admin.info('commandstats')) as string;
    expect(stats).not.toMatch(/cmdstat_(get|set|incr|multi|exec):/);
  }, 60_000);

  it('a breaker on the redis resource opens on command errors and closes once Redis answers again', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      circuitBreakers: [
        {
          id: 'redis-errors',
          resource: resourceName(),
          strategy: 'errorCount',
          threshold: 3,
          minRequests: 3,
          openMs: 300,
        },
      ],
    });
    const service = await start({ INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    await admin.set('flaky', 'fine');
    expect(json(await get(`${service.url}/flaky`))).toEqual({ value: 'fine' });
    await admin.del('flaky');
    await admin.lpush('flaky', 'x');
    for (let i = 0; i < 3; i++) {
      const a = await get(`${service.url}/flaky`);
      expect(a.status).toBe(500);
      expect(json(a)).toMatchObject({ ctor: 'SimpleError' });
    }
    const open = await get(`${service.url}/flaky`);
    expect(open.status).toBe(503);
    expect(json(open)).toMatchObject({ name: 'BlockedError', ruleId: 'redis-errors' });
    await admin.del('flaky');
    await admin.set('flaky', 'back');
    await new Promise((r) => setTimeout(r, 400));
    expect(json(await get(`${service.url}/flaky`))).toEqual({ value: 'back' });
    expect((await get(`${service.url}/flaky`)).status).toBe(200);
  }, 60_000);

  for (const [alias, client, rules] of [
    ['redis-4', '@redis/client 1', /node-redis4\.command: 1, node-redis4\.multi: 1/],
    ['redis-5', '@redis/client 5', /node-redis\.command: 1, node-redis\.multi: 1/],
  ] as const) {
    it(`node-redis ${alias.slice(-1)} (${client}): a command and a transaction traced under the request, a blocked command rejected`, async () => {
      // A small service of its own, importing the alias (redis@4, redis@5) the repository installs.
      fs.mkdirSync(path.join(ROOT, 'test', '.out'), { recursive: true });
      const project = fs.mkdtempSync(path.join(ROOT, 'test', '.out', `node-${alias}-`));
      try {
        fs.mkdirSync(path.join(project, 'src'));
        fs.writeFileSync(
          path.join(project, 'package.json'),
          JSON.stringify({ name: 'node-redis-5', private: true, type: 'module' }),
        );
        fs.writeFileSync(path.join(project, 'tsconfig.json'), fs.readFileSync(path.join(FIXTURE, 'tsconfig.json')));
        fs.writeFileSync(
          path.join(project, 'src', 'service.ts'),
          [
            "import http from 'node:http';",
            `import { createClient } from '${alias}';`,
            'const redis = createClient({ url: process.env.REDIS_URL });',
            'await redis.connect();',
            'const server = http.createServer(async (_req, res) => {',
            '  try {',
            "    const value = await redis.get('greeting');",
            "    const multi = await redis.multi().incr('n5').get('n5').exec();",
            '    res.end(JSON.stringify({ value, multi }));',
            '  } catch (error) {',
            '    res.statusCode = 503; res.end(JSON.stringify({ name: (error as Error).name }));',
            '  }',
            '});',
            "server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${(server.address() as { port: number }).port}`));",
            "process.on('SIGTERM', () => { server.close(); redis.destroy(); process.exit(0); });",
          ].join('\n'),
        );
        const out = path.join(project, 'out');
        const build = await instts(
          [
            'build',
            '--rules',
            'instts:db',
            '--rules',
            'instts:http',
            '--entry',
            'src/service.ts',
            '--outDir',
            out,
            '--format',
            'esm',
            '--no-typecheck',
          ],
          project,
        );
        expect(build.code, build.stderr).toBe(0);
        expect(build.stderr).toMatch(rules);
        await admin.set('greeting', 'five');
        await admin.del('n5');
        await admin.set('greeting', 'five');
        const service = await startService(path.join(out, 'service.js'), {
          REDIS_URL: server.url,
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_BSP_SCHEDULE_DELAY: '50',
        });
        const since = receiver.spans().length;
        expect(json(await get(`${service.url}/`))).toEqual({ value: 'five', multi: [1, '1'] });
        const spans = await traceOf(receiver, 'GET', 3, since);
        const root = spans.find((s) => s.kind === 'SERVER')!;
        const client = spans.filter((s) => s.kind === 'CLIENT');
        expect(client.map((s) => [s.name, s.attributes['db.query.text'], s.parentSpanId === root.spanId])).toEqual([
          ['GET', 'GET ?', true],
          ['MULTI', 'INCR ?; GET ?', true],
        ]);
        await service.stop();
        const policy = writePolicy(dir, {
          version: 1,
          flow: [{ id: 'redis-none', resource: resourceName(), threshold: 0 }],
        });
        const blocked = await startService(path.join(out, 'service.js'), {
          REDIS_URL: server.url,
          INSTTS_POLICY: policy,
          OTEL_SDK_DISABLED: 'true',
        });
        const answer = await get(`${blocked.url}/`);
        expect([answer.status, json(answer)]).toEqual([503, { name: 'BlockedError' }]);
      } finally {
        fs.rmSync(project, { recursive: true, force: true });
      }
    }, 60_000);
  }

  it('a client version no node-redis rule covers: the build says its calls are not instrumented', async () => {
    // @redis/client 1.5 came with redis 4.6 (2023); the fixture package says it is 1.4.2, older.
    fs.mkdirSync(path.join(ROOT, 'test', '.out'), { recursive: true });
    const project = fs.mkdtempSync(path.join(ROOT, 'test', '.out', 'node-redis-old-'));
    try {
      const client = path.join(project, 'node_modules', '@redis', 'client');
      fs.mkdirSync(path.join(client, 'dist'), { recursive: true });
      fs.writeFileSync(
        path.join(client, 'package.json'),
        JSON.stringify({ name: '@redis/client', version: '1.4.2', main: 'dist/index.js' }),
      );
      fs.writeFileSync(path.join(client, 'dist', 'index.js'), 'exports.createClient = () => ({});\n');
      fs.writeFileSync(
        path.join(project, 'package.json'),
        JSON.stringify({ name: 'node-redis-old', private: true, type: 'module' }),
      );
      fs.writeFileSync(
        path.join(project, 'main.ts'),
        "import { createClient } from '@redis/client';\nconsole.log(typeof createClient);\n",
      );
      const build = await instts(
        ['build', '--rules', 'instts:db', '--entry', 'main.ts', '--outDir', 'out', '--no-typecheck'],
        project,
      );
      expect(build.code).toBe(0);
      expect(build.stderr).toMatch(
        /warning INSTTS1011: this build loads @redis\/client@1\.4\.2, which the built-in rules for it \(node-redis\.command, [^)]*node-redis4\.multi\) do not cover \(>=5 <7, >=1\.5 <2\): its calls are not instrumented/,
      );
      const strict = await instts(
        ['build', '--strict', '--rules', 'instts:db', '--entry', 'main.ts', '--outDir', 'out-strict', '--no-typecheck'],
        project,
      );
      expect(strict.code).toBe(1);
      // inspect says the same where it lists the rule
      const inspect = await instts(['inspect', '--rules', 'instts:db', '--entry', 'main.ts'], project);
      expect(inspect.stdout).toContain(
        "no match in this program (this build loads @redis/client@1.4.2, outside the rule's >=1.5 <2)",
      );
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});
