// DbCall in-process with the real OpenTelemetry SDK (an in-memory exporter) and the real governance
// engine: the span is made and ended after the call's critical path with the call's own times,
// flushes and shutdown finish it first, and the governance exit is immediate.

import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { usePolicyFile } from '../../../test/support/policy-file.js';
import { BlockedError } from '../governance/behavior.js';
import { governance, resetGovernance } from '../governance/index.js';
import { runInContext } from '../tracing/span-ops.js';
import {
  contextWithSpan,
  endSpanOk,
  flushTracing,
  shutdownTracing,
  startSpan,
  startTracing,
} from '../tracing/index.js';
import { DbCall, dbTarget, type DbClientKind } from './call.js';

const policy = usePolicyFile('instts-dbcall', {
  version: 1,
  isolation: [{ resource: 'pg:db.test:5432/isolated', maxConcurrency: 1 }],
  flow: [
    // 10 per second: one every 100 ms, a wait of at most 250 ms
    { id: 'db-queue', resource: 'pg:db.test:5432/queued', threshold: 10, shaping: 'queue', maxQueueMs: 250 },
  ],
});

const memory = new InMemorySpanExporter();
/** Names of the spans handed to the processors (the in-memory exporter forgets its spans at shutdown). */
const ended: string[] = [];
startTracing({
  env: { OTEL_TRACES_EXPORTER: 'none', OTEL_SERVICE_NAME: 'db-call' },
  spanProcessors: [
    new SimpleSpanProcessor({ exporter: memory }),
    {
      onStart: () => undefined,
      onEnd: (span) => void ended.push(span.name),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    },
  ],
  exitHandlers: false,
});

afterAll(() => {
  resetGovernance();
  policy.remove();
});

const PG: DbClientKind = { system: 'postgresql', client: 'pg' };
const app = {};
const isolated = {};
const target = dbTarget(app, PG, 'db.test', 5432, 'app');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const durationMs = (span: { startTime: [number, number]; endTime: [number, number] }): number =>
  hrTimeToMilliseconds(span.endTime) - hrTimeToMilliseconds(span.startTime);

describe('DbCall', () => {
  it('one target object per client while what it names stays the same', () => {
    expect(dbTarget(app, PG, 'db.test', 5432, 'app')).toBe(target);
    expect(dbTarget(app, PG, 'db.test', 5432, 'other')).toMatchObject({ namespace: 'other', system: 'postgresql' });
    expect(dbTarget(app, PG, 'db.test', 5432, 'app')).not.toBe(target);
  });

  it('makes the span under the context active at begin, with the times of the call, after the caller went on', async () => {
    memory.reset();
    const parent = startSpan('request', 'server');
    const call = context.with(contextWithSpan(parent), () =>
      DbCall.begin(target, { text: "SELECT name FROM users WHERE email = 'a@b.c'", params: [] }),
    );
    expect(call).toBeInstanceOf(DbCall);
    await sleep(30);
    (call as DbCall).end();
    // the caller's continuation runs before the span is handed over
    expect(memory.getFinishedSpans()).toHaveLength(0);
    await sleep(40);
    endSpanOk(parent);
    const spans = memory.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['SELECT users', 'request']);
    const [db] = spans;
    expect(db!.kind).toBe(SpanKind.CLIENT);
    expect(db!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(db!.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(db!.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.namespace': 'app',
      'db.operation.name': 'SELECT',
      'db.collection.name': 'users',
      'db.query.text': 'SELECT name FROM users WHERE email = ?',
      'server.address': 'db.test',
      'server.port': 5432,
    });
    // from begin to end (30 ms), not to when the span was handed over (70 ms)
    expect(durationMs(db!)).toBeGreaterThanOrEqual(29);
    expect(durationMs(db!)).toBeLessThan(60);
    expect(hrTimeToMilliseconds(db!.startTime)).toBeGreaterThanOrEqual(hrTimeToMilliseconds(spans[1]!.startTime) - 1);
  });

  it('a failing call marks its span: status, exception at the end time, the database code', async () => {
    memory.reset();
    const call = DbCall.begin(target, { text: 'SELECT * FROM missing' }) as DbCall;
    const error = Object.assign(new Error('relation "missing" does not exist'), { code: '42P01' });
    call.end(error, '42P01');
    await flushTracing();
    const [db] = memory.getFinishedSpans();
    expect(db!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'relation "missing" does not exist' });
    expect(db!.attributes).toMatchObject({ 'db.response.status_code': '42P01', 'error.type': '42P01' });
    expect(db!.events.map((e) => e.name)).toEqual(['exception']);
    expect(db!.events[0]!.time).toEqual(db!.endTime);
  });

  it('a flush right after the call ended (no tick in between) exports its span', async () => {
    memory.reset();
    const call = DbCall.begin(target, { text: 'SELECT 1' }) as DbCall;
    call.end();
    const flushed = flushTracing();
    expect(memory.getFinishedSpans().map((s) => s.name)).toEqual(['SELECT']);
    await flushed;
  });

  it('the governance slot is free as soon as the call ended: the next call, made at once, passes', () => {
    const where = dbTarget(isolated, PG, 'db.test', 5432, 'isolated');
    const first = DbCall.begin(where, { text: 'SELECT 1' });
    expect(first).toBeInstanceOf(DbCall);
    const second = DbCall.begin(where, { text: 'SELECT 2' });
    expect(second).toBeInstanceOf(BlockedError);
    (first as DbCall).end();
    const third = DbCall.begin(where, { text: 'SELECT 3' });
    expect(third).toBeInstanceOf(DbCall);
    (third as DbCall).end();
  });

  it('a call that can wait for its turn (queue shaping) waits; its span is made once it is admitted, from its begin', async () => {
    memory.reset();
    const queued = dbTarget({}, PG, 'db.test', 5432, 'queued');
    const calls = [1, 2, 3, 4].map((n) => DbCall.begin(queued, { text: `SELECT ${n}`, canWait: true }));
    // 100 ms apart: the fourth would wait 300 ms (more than maxQueueMs), it is blocked at once
    expect(calls[3]).toBeInstanceOf(BlockedError);
    const [first, second, third] = calls as DbCall[];
    expect(first!.waiting).toBeUndefined(); // its slot is now
    expect(second!.waiting).toBeInstanceOf(Promise);
    expect(third!.waiting).toBeInstanceOf(Promise);
    const admitted: number[] = [];
    const started = performance.now();
    await second!.waiting!.then(() => admitted.push(2));
    await third!.waiting!.then(() => admitted.push(3));
    expect(admitted).toEqual([2, 3]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(memory.getFinishedSpans()).toHaveLength(0);
    for (const c of [first, second, third]) c!.end();
    await flushTracing();
    const spans = memory.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['SELECT', 'SELECT', 'SELECT']);
    // from begin (the wait included) to end
    expect(Math.max(...spans.map(durationMs))).toBeGreaterThanOrEqual(190);
  });

  it('a call that cannot wait is blocked by a queue-shaped rule, and the rule is named once', async () => {
    memory.reset();
    await sleep(300); // the queue's slots are free again
    const queued = dbTarget({}, PG, 'db.test', 5432, 'queued');
    const shape = 'a test call';
    const results = [1, 2, 3].map((n) => DbCall.begin(queued, { text: `SELECT ${n}`, shape }));
    expect(results[0]).toBeInstanceOf(DbCall);
    expect(results[1]).toBeInstanceOf(BlockedError);
    expect(results[2]).toBeInstanceOf(BlockedError);
    (results[0] as DbCall).end();
    const warnings = governance()
      .inspect()
      .warnings.filter((w) => w.rule === 'db-queue');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(
      /policy rule 'db-queue' on resource 'pg:db\.test:5432\/queued' \(a database call\) has shaping "queue", but a test call cannot wait/,
    );
  });

  it("a client's callback runs in the caller's context: switched to it, or called directly when it is active", () => {
    const caller = contextWithSpan(startSpan('caller', SpanKind.INTERNAL));
    const seen: unknown[] = [];
    function callback(this: unknown, error: unknown, rows: unknown): string {
      seen.push(this, error, rows, context.active() === caller);
      return 'returned';
    }
    const self = { client: true };
    // the socket's context (root) is active: the callback gets the caller's
    expect(runInContext(caller, callback, self, null, [1])).toBe('returned');
    // already active: the same call without a context switch
    expect(context.with(caller, () => runInContext(caller, callback, self, null, [2]))).toBe('returned');
    expect(seen).toEqual([self, null, [1], true, self, null, [2], true]);
    endSpanOk(trace.getSpan(caller)!);
  });

  it('shutdown right after a call ended exports its span', async () => {
    ended.length = 0;
    const call = DbCall.begin(target, { text: 'UPDATE users SET name = $1 WHERE id = $2', params: ['x', 1] }) as DbCall;
    call.end();
    await shutdownTracing();
    expect(ended).toEqual(['UPDATE users']);
  });
});
