// amqplib with `instts build --rules instts:amqp --rules instts:http` against a real RabbitMQ
// (started once for this file): test/fixtures/amqp-chain's producer (HTTP in, sendToQueue out)
// and consumers as child processes, with amqplib's promise and callback APIs and through
// amqp-connection-manager; spans to an OTLP endpoint the test runs.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { instts, ROOT } from '../../../test/cli-helpers.js';
import { get, startService, stopAll, type Service } from '../../../test/http/services.js';
import { startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { startRabbitMq, type RabbitMq } from '../../../test/support/rabbitmq.js';
import { describeWithServices, RABBITMQ } from '../../../test/support/services.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'amqp-chain');

describeWithServices('amqplib', [RABBITMQ], () => {
  let dir: string;
  let file: string;
  let callbackFile: string;
  let managerFile: string;
  let receiver: OtlpReceiver;
  let broker: RabbitMq;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-amqp-'));
    const [build, started] = await Promise.all([
      instts(
        [
          'build',
          '--rules',
          'instts:amqp',
          '--rules',
          'instts:http',
          '--entry',
          'src/service.ts',
          '--entry',
          'src/callback-service.ts',
          '--entry',
          'src/manager-service.ts',
          '--outDir',
          dir,
          '--format',
          'esm',
          '--no-typecheck',
        ],
        FIXTURE,
      ),
      startRabbitMq(),
      (async () => (receiver = await startOtlpReceiver()))(),
    ]);
    broker = started;
    if (build.code !== 0) throw new Error(`build failed (${build.code}):\n${build.stderr}`);
    file = path.join(dir, 'service.js');
    callbackFile = path.join(dir, 'callback-service.js');
    managerFile = path.join(dir, 'manager-service.js');
  }, 120_000);

  afterEach(stopAll);

  afterAll(async () => {
    await broker?.stop();
    await receiver?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  /** What each service printed after it started listening. */
  const printed = new WeakMap<Service, { text: string }>();

  async function start(
    role: 'producer' | 'consumer',
    env: Record<string, string>,
    api: 'promise' | 'callback' | 'manager' = 'promise',
  ): Promise<Service> {
    const entry = { promise: file, callback: callbackFile, manager: managerFile }[api];
    const service = await startService(entry, {
      ROLE: role,
      AMQP_URL: broker.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      ...env,
    });
    const sink = { text: '' };
    printed.set(service, sink);
    service.child.stdout!.on('data', (d: Buffer) => (sink.text += d.toString()));
    return service;
  }

  /** Message id → the consumers that took it, from the consumers' output. */
  function consumed(...consumers: Service[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const c of consumers) {
      for (const m of (printed.get(c)?.text ?? '').matchAll(/^CONSUMED (\S+) (\S+)$/gm))
        out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!]);
    }
    return out;
  }

  async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  function output(service: Service): string {
    return printed.get(service)?.text ?? '';
  }

  /** The spans of the trace whose SERVER span answered `GET /publish?id=<id>…`. */
  function traceOf(id: string, since: number): DecodedSpan[] {
    const spans = receiver.spans().slice(since);
    const query = (s: DecodedSpan): string => String(s.attributes['url.query']);
    const http = spans.find((s) => s.kind === 'SERVER' && new URLSearchParams(query(s)).get('id') === id);
    return http === undefined ? [] : spans.filter((s) => s.traceId === http.traceId);
  }

  function writePolicy(policy: unknown, name = `policy-${Math.random().toString(36).slice(2)}.json`): string {
    const policyFile = path.join(dir, name);
    fs.writeFileSync(policyFile, JSON.stringify(policy));
    return policyFile;
  }

  it.each(['promise', 'callback'] as const)(
    "%s API: publish and process spans, the consumer span a child of the producer span, in the HTTP request's trace",
    async (api) => {
      const queue = `traced-${api}`;
      const env = { QUEUE: queue };
      const consumer = await start('consumer', { ...env, OTEL_SERVICE_NAME: 'worker' }, api);
      const producer = await start('producer', { ...env, OTEL_SERVICE_NAME: 'shop' }, api);
      const since = receiver.spans().length;
      expect((await get(`${producer.url}/publish?id=m1`)).status).toBe(200);
      await until(() => consumed(consumer).has('m1'), 'm1');
      // The SERVER and PRODUCER spans come from the producer's process, the CONSUMER span from the
      // consumer's: either export can arrive first.
      const arrived = (kind: string): boolean =>
        receiver
          .spans()
          .slice(since)
          .some((s) => s.kind === kind);
      await until(() => ['SERVER', 'PRODUCER', 'CONSUMER'].every(arrived), 'the three spans');
      const spans = receiver.spans().slice(since);
      const http = spans.find((s) => s.kind === 'SERVER')!;
      const publish = spans.find((s) => s.kind === 'PRODUCER')!;
      const processed = spans.find((s) => s.kind === 'CONSUMER')!;
      expect(publish.name).toBe(`publish ${queue}`);
      expect(publish.parentSpanId).toBe(http.spanId);
      expect(publish.attributes).toMatchObject({
        'messaging.system': 'rabbitmq',
        'messaging.operation.type': 'send',
        'messaging.destination.name': queue,
        'server.address': '127.0.0.1',
      });
      expect(processed.name).toBe(`process ${queue}`);
      expect(processed.traceId).toBe(http.traceId);
      expect(processed.parentSpanId).toBe(publish.spanId);
      expect(processed.resource['service.name']).toBe('worker');
      expect(processed.attributes).toMatchObject({
        'messaging.system': 'rabbitmq',
        'messaging.operation.type': 'process',
        'messaging.destination.name': queue,
      });
    },
    60_000,
  );

  it("each message carries its own headers and none of another's; the caller's options and headers are left as they were", async () => {
    const env = { QUEUE: 'own-headers' };
    const consumer = await start('consumer', env);
    const producer = await start('producer', env);
    const sent: Array<[string, string, Record<string, string>]> = [
      ['h1', '&h=a:1&h=b:2', { a: '1', b: '2' }],
      ['h2', '&h=c:3', { c: '3' }],
      ['h3', '', {}],
      ['h4', '&h=a:4', { a: '4' }],
    ];
    for (const [id, headers] of sent)
      expect((await get(`${producer.url}/publish?id=${id}${headers}`)).status).toBe(200);
    const headersLine = (id: string): RegExpExecArray | null =>
      new RegExp(`^HEADERS ${id} (.*)$`, 'm').exec(output(consumer));
    // HEADERS is printed after CONSUMED, in a write of its own: wait for it.
    await until(() => sent.every(([id]) => headersLine(id) !== null), 'the four messages');
    for (const [id, , headers] of sent) {
      const line = headersLine(id);
      expect(JSON.parse(line![1]!), id).toEqual(headers);
    }
    for (const id of ['h1', 'h2', 'h4']) expect(output(producer)).toContain(`OPTIONS_KEPT ${id} yes`);
    // each message was traced: its context travelled in the headers next to the application's
    await until(
      () => receiver.spans().filter((s) => s.kind === 'CONSUMER' && s.name === 'process own-headers').length >= 4,
      'the consumer spans',
    );
  }, 60_000);

  it('consumer flow control: messages over the limit are requeued and processed later, none lost', async () => {
    const policy = writePolicy({ version: 1, flow: [{ id: 'slow-worker', resource: 'amqp:limited', threshold: 2 }] });
    const consumer = await start('consumer', { QUEUE: 'limited', INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' });
    const producer = await start('producer', { QUEUE: 'limited', OTEL_SDK_DISABLED: 'true' });
    const started = Date.now();
    for (let i = 0; i < 6; i++) await get(`${producer.url}/publish?id=f${i}`);
    await until(() => consumed(consumer).size === 6, 'all 6 messages', 15_000);
    // 2 a second: the sixth cannot be processed before the third second began.
    expect(Date.now() - started).toBeGreaterThan(2_000);
    expect([...consumed(consumer).values()].every((by) => by.length === 1)).toBe(true);
  }, 60_000);

  it("a message requeued by a rule: its CONSUMER span ends 'requeued' with the instts.governance.blocked event naming the rule", async () => {
    const queue = 'limited-traced';
    const policy = writePolicy({ version: 1, flow: [{ id: 'one-a-second', resource: `amqp:${queue}`, threshold: 1 }] });
    const consumer = await start('consumer', { QUEUE: queue, INSTTS_POLICY: policy, OTEL_SERVICE_NAME: 'worker' });
    const producer = await start('producer', { QUEUE: queue });
    for (let i = 0; i < 3; i++) await get(`${producer.url}/publish?id=r${i}`);
    await until(() => consumed(consumer).size === 3, 'all 3 messages', 15_000);
    const requeued = (): DecodedSpan[] =>
      receiver
        .spans()
        .filter(
          (s) =>
            s.kind === 'CONSUMER' &&
            s.name === `process ${queue}` &&
            s.attributes['instts.messaging.outcome'] === 'requeued',
        );
    await until(() => requeued().length > 0, 'a requeued message span');
    const event = requeued()[0]!.events.find((e) => e.name === 'instts.governance.blocked');
    expect(event?.attributes).toMatchObject({
      'instts.governance.rule': 'one-a-second',
      'instts.governance.rule_type': 'flow',
      'instts.governance.resource': `amqp:${queue}`,
    });
  }, 60_000);

  it('rules a delivered message cannot follow say so once: queue shaping (it cannot wait), hotspot rules on a query or route parameter', async () => {
    const policy = writePolicy({
      version: 1,
      flow: [{ id: 'queued', resource: 'amqp:shaped', threshold: 2, shaping: 'queue', maxQueueMs: 5_000 }],
      hotspot: [
        { id: 'per-tenant', resource: 'amqp:shaped', param: { from: 'query', name: 'tenant' }, threshold: 100 },
        { id: 'per-order', resource: 'amqp:shaped', param: { from: 'path', name: 'id' }, threshold: 100 },
      ],
    });
    const env = { QUEUE: 'shaped', OTEL_SDK_DISABLED: 'true' };
    const consumer = await start('consumer', { ...env, INSTTS_POLICY: policy });
    const producer = await start('producer', env);
    for (let i = 0; i < 3; i++) await get(`${producer.url}/publish?id=q${i}`);
    await until(() => consumed(consumer).size === 3, 'all 3 messages', 15_000);
    const lines = consumer.output().split('\n');
    const shaping = lines.filter((l) => l.includes("rule 'queued'"));
    expect(shaping).toEqual([
      'instts: policy rule \'queued\' on resource \'amqp:shaped\' (a delivered message) has shaping "queue", but a message delivered to a consumer cannot wait for its turn: such messages are rejected and requeued at once instead, and the broker delivers them again (reported once; use shaping "reject" with the rate you mean, or bound the consumer with a channel prefetch)',
    ]);
    expect(lines.filter((l) => l.includes("rule 'per-tenant'"))).toEqual([
      "instts: policy hotspot rule 'per-tenant' on resource 'amqp:shaped' reads query parameter \"tenant\", which a message delivered to an amqplib consumer never carries (it carries only its message headers (header)); the rule never applies to those calls",
    ]);
    expect(lines.filter((l) => l.includes("rule 'per-order'"))).toEqual([
      "instts: policy hotspot rule 'per-order' on resource 'amqp:shaped' reads route parameter \"id\", which a message delivered to an amqplib consumer never carries (it carries only its message headers (header)); the rule never applies to those calls",
    ]);
  }, 60_000);

  it.each(['promise', 'manager'] as const)(
    '%s: consumer isolation, one message at a time; the others are nacked, requeued and processed later, none lost',
    async (api) => {
      const queue = `isolated-${api}`;
      const policy = writePolicy({
        version: 1,
        isolation: [{ id: 'one-at-a-time', resource: `amqp:${queue}`, maxConcurrency: 1 }],
      });
      const env = { QUEUE: queue, OTEL_SDK_DISABLED: 'true' };
      const consumer = await start('consumer', { ...env, INSTTS_POLICY: policy, WORK_MS: '100' }, api);
      const producer = await start('producer', env, api);
      if (api === 'manager') await get(`${producer.url}/open`);
      for (let i = 0; i < 4; i++) await get(`${producer.url}/publish?id=i${i}`);
      const progressLines = (): RegExpMatchArray[] => [
        ...output(consumer).matchAll(/^IN_PROGRESS (\S+) (\d+)( redelivered)?$/gm),
      ];
      // Each line is its own write: wait for the last message's IN_PROGRESS too, not just its CONSUMED.
      await until(
        () => consumed(consumer).size === 4 && new Set(progressLines().map((m) => m[1])).size === 4,
        'all 4 messages',
        15_000,
      );
      const progress = progressLines();
      // Prefetch hands the consumer all four at once: the callback ran for one at a time.
      expect(progress.every((m) => m[2] === '1')).toBe(true);
      if (api === 'promise') {
        expect(progress.map((m) => m[1]).sort()).toEqual(['i0', 'i1', 'i2', 'i3']);
        // Those that arrived while one was in progress came back from the queue.
        expect(progress.filter((m) => m[3] !== undefined).length).toBeGreaterThanOrEqual(1);
      }
      for (const by of consumed(consumer).values()) expect(by).toHaveLength(1);
    },
    60_000,
  );

  it('message gray: lane messages go to the gray consumer, others to the baseline; with the gray consumer gone nothing is lost', async () => {
    const policy = writePolicy(grayLanePolicy(true));
    const env = { QUEUE: 'orders', INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' };
    const base = await start('consumer', { ...env, INSTTS_SERVICE: 'worker', NAME: 'base' });
    const gray = await start('consumer', { ...env, INSTTS_SERVICE: 'worker', INSTTS_TAG: 'gray', NAME: 'gray' });
    const producer = await start('producer', { ...env, INSTTS_SERVICE: 'shop' });
    for (let i = 0; i < 8; i++) {
      await get(`${producer.url}/publish?id=g${i}`, { 'x-lane': 'gray' });
      await get(`${producer.url}/publish?id=b${i}`);
    }
    await until(() => consumed(base, gray).size === 16, '16 messages', 30_000);
    for (const [id, by] of consumed(base, gray)) expect(by, id).toEqual([id.startsWith('g') ? 'gray' : 'base']);

    await gray.stop();
    for (let i = 8; i < 12; i++) await get(`${producer.url}/publish?id=g${i}`, { 'x-lane': 'gray' });
    await get(`${producer.url}/publish?id=b8`);
    await until(() => consumed(base).has('b8'), 'b8', 30_000);
    // The gray instance is still registered: its messages wait in the queue.
    expect(['g8', 'g9', 'g10', 'g11'].some((id) => consumed(base).has(id))).toBe(false);
    fs.writeFileSync(policy, JSON.stringify(grayLanePolicy(false)));
    await until(
      () => ['g8', 'g9', 'g10', 'g11'].every((id) => consumed(base).has(id)),
      'the gray messages at the baseline',
    );
    expect(consumed(base, gray).size).toBe(21);
    for (const by of consumed(base, gray).values()) expect(by).toHaveLength(1);
  }, 90_000);

  it.each(['promise', 'manager'] as const)(
    "%s: a consumer's rejected promise marks its span, and stays unhandled as without instrumentation",
    async (api) => {
      const queue = `failing-${api}`;
      const env = { QUEUE: queue, OTEL_SERVICE_NAME: 'worker', WORK_MS: '50' };
      const consumer = await start('consumer', env, api);
      const producer = await start('producer', { ...env, OTEL_SERVICE_NAME: 'shop' }, api);
      if (api === 'manager') await get(`${producer.url}/open`);
      const since = receiver.spans().length;
      await get(`${producer.url}/publish?id=fail1`);
      await get(`${producer.url}/publish?id=ok1`);
      await until(() => output(consumer).includes('UNHANDLED fail1 failed'), 'the unhandled rejection');
      await until(() => consumed(consumer).has('ok1'), 'ok1');
      const processed = (id: string): DecodedSpan | undefined => traceOf(id, since).find((s) => s.kind === 'CONSUMER');
      await until(() => processed('fail1') !== undefined && processed('ok1') !== undefined, 'the consumer spans');
      expect(processed('fail1')!.status).toEqual({ code: 'ERROR', message: 'fail1 failed' });
      expect(processed('ok1')!.status.code).toBe('UNSET');
      if (api === 'manager') {
        // The span lasts as long as the callback's work (WORK_MS), not until it first awaits.
        const ok = processed('ok1')!;
        expect(Number(BigInt(ok.endTimeUnixNano) - BigInt(ok.startTimeUnixNano)) / 1e6).toBeGreaterThanOrEqual(45);
      }
    },
    60_000,
  );

  it.each(['promise', 'callback'] as const)(
    '%s: a message the consumer refuses (nack, reject) without throwing marks its span as failed',
    async (api) => {
      const queue = `refused-${api}`;
      const env = { QUEUE: queue, OTEL_SERVICE_NAME: 'worker' };
      const consumer = await start('consumer', env, api);
      const producer = await start('producer', { ...env, OTEL_SERVICE_NAME: 'shop' }, api);
      const since = receiver.spans().length;
      await get(`${producer.url}/publish?id=refuse1`);
      await get(`${producer.url}/publish?id=fine1`);
      await until(() => output(consumer).includes('REFUSED refuse1') && consumed(consumer).has('fine1'), 'both');
      const processed = (id: string): DecodedSpan | undefined => traceOf(id, since).find((s) => s.kind === 'CONSUMER');
      await until(() => processed('refuse1') !== undefined && processed('fine1') !== undefined, 'the consumer spans');
      const operation = api === 'promise' ? 'nack' : 'reject';
      expect(processed('refuse1')!.status).toEqual({
        code: 'ERROR',
        message: `${operation} called on the message (not requeued)`,
      });
      expect(processed('refuse1')!.attributes['error.type']).toBe(operation);
      expect(processed('fine1')!.status.code).toBe('UNSET');
    },
    60_000,
  );

  it('amqp-connection-manager: messages published before the channel is ready are sent later in their own trace, headers kept', async () => {
    const env = { QUEUE: 'managed', OTEL_SERVICE_NAME: 'worker' };
    const consumer = await start('consumer', env, 'manager');
    const producer = await start('producer', { ...env, OTEL_SERVICE_NAME: 'shop' }, 'manager');
    const since = receiver.spans().length;
    // The channel's setup waits for /open: both are queued by amqp-connection-manager.
    await get(`${producer.url}/publish?id=early1`);
    await get(`${producer.url}/publish?id=early2&via=publish`);
    await get(`${producer.url}/open`);
    await get(`${producer.url}/publish?id=late1`);
    await until(() => ['early1', 'early2', 'late1'].every((id) => consumed(consumer).has(id)), 'the 3 messages');
    for (const id of ['early1', 'early2', 'late1']) {
      expect(output(consumer)).toContain(`X_APP ${id} kept`);
      // The PRODUCER span comes from the producer's process, the CONSUMER span from the consumer's.
      await until(
        () => ['PRODUCER', 'CONSUMER'].every((k) => traceOf(id, since).some((s) => s.kind === k)),
        `the producer and consumer spans of ${id}`,
      );
      const spans = traceOf(id, since);
      const http = spans.find((s) => s.kind === 'SERVER')!;
      const publish = spans.find((s) => s.kind === 'PRODUCER');
      expect(publish?.name, id).toBe('publish managed');
      expect(publish!.parentSpanId, id).toBe(http.spanId);
      const processed = spans.find((s) => s.kind === 'CONSUMER')!;
      expect(processed.parentSpanId, id).toBe(publish!.spanId);
      expect(processed.resource['service.name']).toBe('worker');
    }
  }, 60_000);

  it('amqp-connection-manager: a message published in a lane before the channel is ready keeps its lane', async () => {
    const policy = writePolicy(grayLanePolicy(true));
    const env = { QUEUE: 'managed-lanes', INSTTS_POLICY: policy, OTEL_SDK_DISABLED: 'true' };
    const base = await start('consumer', { ...env, INSTTS_SERVICE: 'worker', NAME: 'base' }, 'manager');
    const gray = await start(
      'consumer',
      { ...env, INSTTS_SERVICE: 'worker', INSTTS_TAG: 'gray', NAME: 'gray' },
      'manager',
    );
    const producer = await start('producer', { ...env, INSTTS_SERVICE: 'shop' }, 'manager');
    await get(`${producer.url}/publish?id=g1`, { 'x-lane': 'gray' });
    await get(`${producer.url}/publish?id=b1`);
    await get(`${producer.url}/open`);
    await get(`${producer.url}/publish?id=g2`, { 'x-lane': 'gray' });
    await until(() => consumed(base, gray).size === 3, 'the 3 messages', 30_000);
    expect(Object.fromEntries(consumed(base, gray))).toEqual({ g1: ['gray'], b1: ['base'], g2: ['gray'] });
  }, 60_000);
});

/** Lanes: `gray` (messages with header x-lane: gray) in group shop (shop → worker); the worker's gray instance when `withGray`. */
function grayLanePolicy(withGray: boolean): unknown {
  return {
    version: 1,
    lanes: {
      groups: [{ name: 'shop', entry: 'shop', services: ['shop', 'worker'] }],
      lanes: [
        {
          name: 'gray',
          group: 'shop',
          tag: 'gray',
          enabled: true,
          match: { condition: 'and', items: [{ type: 'header', name: 'x-lane', op: '==', value: 'gray' }] },
        },
      ],
    },
    // Consumers listen on no port: the addresses only name the instances.
    services: {
      worker: {
        instances: [{ address: '127.0.0.1:1' }, ...(withGray ? [{ address: '127.0.0.1:2', tag: 'gray' }] : [])],
      },
    },
  };
}
