// The tracing API in-process: start once, span operations, carriers, shutdown.

import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import {
  contextWithSpan,
  endSpanError,
  endSpanOk,
  errorType,
  extractContext,
  injectHeaders,
  runInContext,
  shutdownTracing,
  SpanKind,
  startSpan,
  startTracing,
  toSpanKind,
  tracingEnabled,
  tracingStatus,
} from '../../src/runtime/tracing/index.js';

const memory = new InMemorySpanExporter();
const status = startTracing({
  env: { OTEL_TRACES_EXPORTER: 'none', OTEL_SERVICE_NAME: 'in-process' },
  spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  exitHandlers: false,
  serviceName: 'from-options',
  resourceAttributes: { 'deployment.environment.name': 'test' },
});

afterAll(() => shutdownTracing());

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('startTracing', () => {
  it('starts once and reports what it did', () => {
    expect(status).toMatchObject({
      enabled: true,
      sdkDisabled: false,
      provider: 'instts',
      exporters: ['none'],
      sampler: 'parentbased_always_on',
      propagators: ['tracecontext', 'baggage'],
      propagator: 'instts',
      contextManager: 'instts',
    });
    expect(startTracing({ serviceName: 'ignored' })).toBe(status);
    expect(tracingStatus()).toBe(status);
    expect(tracingEnabled()).toBe(true);
  });

  it('the environment wins over options for the resource', () => {
    memory.reset();
    endSpanOk(startSpan('r'));
    const resource = memory.getFinishedSpans()[0]!.resource.attributes;
    expect(resource['service.name']).toBe('in-process');
    expect(resource['deployment.environment.name']).toBe('test');
  });
});

describe('span operations', () => {
  it('startSpan takes kinds by name or enum; children follow the context they run in', async () => {
    memory.reset();
    const server = startSpan('server', 'SERVER', { a: 1 });
    await runInContext(contextWithSpan(server), async () => {
      await Promise.resolve();
      endSpanOk(startSpan('child', SpanKind.CLIENT), { b: 'x' });
    });
    endSpanOk(server);
    const [child, parent] = memory.getFinishedSpans();
    expect(parent!.kind).toBe(SpanKind.SERVER);
    expect(child!.kind).toBe(SpanKind.CLIENT);
    expect(child!.parentSpanContext?.spanId).toBe(parent!.spanContext().spanId);
    expect(child!.attributes).toEqual({ b: 'x' });
    expect(parent!.status.code).toBe(SpanStatusCode.UNSET);
    expect(toSpanKind('producer')).toBe(SpanKind.PRODUCER);
    expect(toSpanKind('weird')).toBe(SpanKind.INTERNAL);
    expect(toSpanKind(99 as SpanKind)).toBe(SpanKind.INTERNAL);
  });

  it('endSpanError records the exception, status ERROR and error.type, for any thrown value', () => {
    memory.reset();
    class PaymentDeclined extends Error {}
    const thrown: unknown[] = [
      new PaymentDeclined('no funds'),
      'plain string',
      { name: 'AbortError', message: 'aborted' },
      42,
      null,
    ];
    for (const value of thrown) endSpanError(startSpan('op'), value);
    const spans = memory.getFinishedSpans();
    expect(spans.map((s) => s.attributes['error.type'])).toEqual([
      'PaymentDeclined',
      '_OTHER',
      'AbortError',
      '_OTHER',
      '_OTHER',
    ]);
    expect(spans.map((s) => s.status)).toEqual([
      { code: SpanStatusCode.ERROR, message: 'no funds' },
      { code: SpanStatusCode.ERROR, message: 'plain string' },
      { code: SpanStatusCode.ERROR, message: 'aborted' },
      { code: SpanStatusCode.ERROR, message: '42' },
      { code: SpanStatusCode.ERROR, message: 'null' },
    ]);
    expect(spans.every((s) => s.events.length === 1 && s.events[0]!.name === 'exception')).toBe(true);
    expect(spans[0]!.events[0]!.attributes).toMatchObject({ 'exception.message': 'no funds' });
    expect(errorType(Object.create(null))).toBe('_OTHER');
  });

  it('never throws on a span that throws', () => {
    const hostile = new Proxy(startSpan('x'), {
      get() {
        throw new Error('hostile');
      },
    });
    expect(() => endSpanOk(hostile, { a: 1 })).not.toThrow();
    expect(() => endSpanError(hostile, new Error('e'))).not.toThrow();
  });
});

describe('carriers', () => {
  it('extracts from plain headers (any case, array values), Headers and Map', () => {
    const tp = `00-${TRACE}-${SPAN}-01`;
    for (const carrier of [
      { TraceParent: tp, baggage: ['a=1', 'b=2'] },
      new Headers({ traceparent: tp, baggage: 'a=1,b=2' }),
      new Map([
        ['traceparent', tp],
        ['baggage', 'a=1,b=2'],
      ]),
    ]) {
      const ctx = extractContext(carrier as never);
      expect(trace.getSpanContext(ctx)).toMatchObject({ traceId: TRACE, spanId: SPAN, isRemote: true });
      expect(propagation.getBaggage(ctx)?.getEntry('b')?.value).toBe('2');
    }
    expect(extractContext(null)).toBe(context.active());
    expect(trace.getSpanContext(extractContext({ traceparent: 'garbage' }))).toBeUndefined();
  });

  it('injects into plain objects, Headers and Map; a frozen carrier is left alone', () => {
    const span = startSpan('out', 'client');
    const ctx = contextWithSpan(span);
    const expected = `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;
    expect(injectHeaders({}, ctx)).toEqual({ traceparent: expected });
    expect(injectHeaders(new Headers(), ctx).get('traceparent')).toBe(expected);
    expect(injectHeaders(new Map<string, string>(), ctx).get('traceparent')).toBe(expected);
    expect(() => injectHeaders(Object.freeze({}) as Record<string, unknown>, ctx)).not.toThrow();
    endSpanOk(span);
  });
});

describe('shutdownTracing', () => {
  it('flushes, shuts down and turns tracing off for good', async () => {
    const span = startSpan('last');
    endSpanOk(span);
    await shutdownTracing();
    expect(tracingEnabled()).toBe(false);
    expect(tracingStatus().enabled).toBe(false);
    expect(await shutdownTracing()).toBeUndefined(); // idempotent
    expect(startTracing().enabled).toBe(false);
  });
});
