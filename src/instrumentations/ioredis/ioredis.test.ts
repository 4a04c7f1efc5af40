// ioredis with `instts build --rules instts:db --rules instts:http` against a real Redis (started
// once for this file): test/fixtures/ioredis-service (express over ioredis) as a child process,
// spans sent to an OTLP endpoint the test runs, governance from a policy file.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { instts, ROOT } from '../../../test/cli-helpers.js';
import { get, startService, stopAll, type Service } from '../../../test/http/services.js';
import { json, peakWhile, traceOf, writePolicy, redisQueueScenario } from '../../../test/support/db-tests.js';
import { startOtlpReceiver, type OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { startRedis, startRedisCluster, type RedisServer } from '../../../test/support/servers/redis.js';
import { describeWithServices, REDIS } from '../../../test/support/services.js';
import { runForms, runPubSub } from '../../../test/fixtures/ioredis-service/src/forms.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'ioredis-service');

describeWithServices('ioredis', [REDIS], () => {
  let dir: string;
  let file: string;
  let receiver: OtlpReceiver;
  let server: RedisServer;
  let admin: Redis;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-ioredis-'));
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
    expect(build.stderr).toMatch(/ioredis\.command: [1-9]/);
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

  const resourceName = (): string => `ioredis:127.0.0.1:${server.port}/0`;

  function start(env: Record<string, string>): Promise<Service> {
    return startService(file, {
      REDIS_URL: server.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_SERVICE_NAME: 'ioredis-service',
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
    expect(json(failed)).toMatchObject({ name: 'ReplyError' });
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

  it('every command form (promise, callback, buffers, transformed replies, pipelines, MULTI/EXEC, errors) answers as bare ioredis does, each traced', async () => {
    const bare = new Redis(server.url);
    const expected = await runForms(bare, 'service');
    bare.disconnect();
    const service = await start({});
    const since = receiver.spans().length;
    const answer = await get(`${service.url}/forms`);
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected).toMatchObject({ promiseIsNative: true, callback: { value: 'one', calledSync: false } });
    // 25 commands (pipelines and transactions: each command, MULTI and EXEC), all under the request
    const spans = await traceOf(receiver, 'GET /forms', 26, since);
    const root = spans.find((s) => s.kind === 'SERVER')!;
    const client = spans.filter((s) => s.kind === 'CLIENT');
    expect(client).toHaveLength(25);
    for (const s of client) expect(s.parentSpanId).toBe(root.spanId);
    expect(client.filter((s) => s.name === 'MULTI')).toHaveLength(2);
    expect(client.filter((s) => s.name === 'EXEC')).toHaveLength(2);
    expect(client.filter((s) => s.attributes['db.response.status_code'] === 'WRONGTYPE').length).toBeGreaterThanOrEqual(
      3,
    );
  }, 60_000);

  it('pub/sub: a subscriber on a second connection gets what the service publishes, as with bare ioredis; SUBSCRIBE, PUBLISH and UNSUBSCRIBE traced under the request', async () => {
    const bare = new Redis(server.url);
    const expected = await runPubSub(bare, 'bare');
    bare.disconnect();
    expect(expected).toMatchObject({ published: 1, message: ['bare:news', 'hello'], afterwards: 0 });
    const service = await start({});
    const since = receiver.spans().length;
    const answer = await get(`${service.url}/pubsub`);
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual(JSON.parse(JSON.stringify(expected).replaceAll('bare:', 'service:')));
    const spans = await traceOf(receiver, 'GET /pubsub', 5, since);
    const root = spans.find((s) => s.kind === 'SERVER')!;
    // SUBSCRIBE and UNSUBSCRIBE are commands of the subscriber connection like any other
    const client = spans.filter((s) => s.kind === 'CLIENT');
    expect(client.map((s) => [s.attributes['db.query.text'], s.parentSpanId === root.spanId])).toEqual([
      ['SUBSCRIBE ?', true],
      ['PUBLISH ? ?', true],
      ['UNSUBSCRIBE ?', true],
      ['PUBLISH ? ?', true],
    ]);
  }, 60_000);

  it('a queue-shaped rule on the redis resource: commands cannot wait, so it blocks them, and one warning names the rule', async () => {
    await redisQueueScenario({ dir, start, set: (k, v) => admin.set(k, v), command: 'an ioredis command' });
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

  it('a blocked command fails the way ioredis fails (rejected promise, callback error on a later tick, its pipeline slot, a transaction as on EXECABORT), before anything is sent', async () => {
    const policy = writePolicy(dir, {
      version: 1,
      resources: [
        { id: 'redis-data', kind: 'db', match: { system: 'redis', operation: ['GET', 'SET', 'INCR', 'QUIT'] } },
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
      callback: { ...blocked, calledSync: false },
      pipeline: [
        [blocked, null],
        [blocked, null],
      ],
      mixedPipeline: [
        [blocked, null],
        [null, 0],
      ],
      transaction: { ...blocked, previousErrors: 1 },
      transactionRefusedFirst: { ...blocked, previousErrors: 2 },
      after: 0,
      quit: { value: 'OK' },
    });
    const stats = (await admin.info('commandstats')) as string;
    expect(stats).not.toMatch(/cmdstat_(get|set|incr|exec):/);
    // MULTI went out and was discarded: nothing of either transaction ran
    expect(stats).toMatch(/cmdstat_discard:calls=2,/);
  }, 60_000);

  it('a Cluster client: each command a CLIENT span and a call of the node that serves its key; a rule on one node leaves the others alone', async () => {
    const cluster = await startRedisCluster();
    fs.mkdirSync(path.join(ROOT, 'test', '.out'), { recursive: true });
    const project = fs.mkdtempSync(path.join(ROOT, 'test', '.out', 'ioredis-cluster-'));
    try {
      fs.mkdirSync(path.join(project, 'src'));
      fs.writeFileSync(
        path.join(project, 'package.json'),
        JSON.stringify({ name: 'ioredis-cluster', private: true, type: 'module' }),
      );
      fs.writeFileSync(path.join(project, 'tsconfig.json'), fs.readFileSync(path.join(FIXTURE, 'tsconfig.json')));
      fs.writeFileSync(
        path.join(project, 'src', 'service.ts'),
        [
          "import http from 'node:http';",
          "import { Cluster } from 'ioredis';",
          "const ports = process.env.REDIS_PORTS!.split(',').map(Number);",
          "const cluster = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));",
          'const server = http.createServer(async (req, res) => {',
          '  try {',
          "    const key = new URL(req.url!, 'http://x').searchParams.get('key')!;",
          '    const value = await cluster.get(key);',
          "    const pipelined = await cluster.pipeline().set(`{${key}}:p`, '1').incr(`{${key}}:p`).exec();",
          '    res.end(JSON.stringify({ value, pipelined }));',
          '  } catch (error) {',
          '    res.statusCode = 503; res.end(JSON.stringify({ name: (error as Error).name, ruleId: (error as { ruleId?: string }).ruleId }));',
          '  }',
          '});',
          "cluster.once('ready', () => server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${(server.address() as { port: number }).port}`)));",
          "process.on('SIGTERM', () => { server.close(); cluster.disconnect(); process.exit(0); });",
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
      expect(build.stderr).toMatch(/ioredis\.cluster: 1/);
      // which node serves which key: a, b and c hash to the three thirds of the slots
      const ports = cluster.nodes.map((n) => n.port);
      const nodeOf: Record<string, number> = { b: ports[0]!, c: ports[1]!, a: ports[2]! };
      const env = {
        REDIS_PORTS: ports.join(','),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '50',
      };
      const before = receiver.spans().length;
      const service = await startService(path.join(out, 'service.js'), env);
      for (const key of ['a', 'b', 'c']) {
        const since = receiver.spans().length;
        expect(json(await get(`${service.url}/?key=${key}`))).toEqual({
          value: null,
          pipelined: [
            [null, 'OK'],
            [null, 2],
          ],
        });
        const spans = await traceOf(receiver, 'GET', 4, since);
        const root = spans.find((s) => s.kind === 'SERVER')!;
        const client = spans.filter((s) => s.kind === 'CLIENT');
        expect(client.map((s) => [s.name, s.attributes['server.port'], s.parentSpanId === root.spanId])).toEqual([
          ['GET', nodeOf[key], true],
          ['SET', nodeOf[key], true],
          ['INCR', nodeOf[key], true],
        ]);
      }
      // the cluster's own CLUSTER SLOTS and CLUSTER INFO are not the application's calls
      expect(
        receiver
          .spans()
          .slice(before)
          .filter((s) => s.kind === 'CLIENT' && s.parentSpanId === ''),
      ).toEqual([]);
      await service.stop();
      // the node that serves b, one the cluster may also ask for its slots: refused, the cluster
      // still starts (its own commands are not governed) and serves the other nodes
      const policy = writePolicy(dir, {
        version: 1,
        flow: [{ id: 'node-b-none', resource: `ioredis:127.0.0.1:${nodeOf.b}/0`, threshold: 0 }],
      });
      const governed = await startService(path.join(out, 'service.js'), {
        ...env,
        INSTTS_POLICY: policy,
        OTEL_SDK_DISABLED: 'true',
      });
      expect(json(await get(`${governed.url}/?key=b`))).toEqual({ name: 'BlockedError', ruleId: 'node-b-none' });
      expect(json(await get(`${governed.url}/?key=a`))).toMatchObject({ value: null });
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
      await cluster.stop();
    }
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
      expect(json(a).name).toBe('ReplyError');
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
});
