// With our provider and the SDK's processors, a span's attributes are set right after its start
// (see attributesAfterStart): the exported span is the one the SDK makes from attributes given at
// the start, span limits included.

import { SimpleSpanProcessor, InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { attributesAfterStart } from '../../src/runtime/tracing/setup.js';
import { endSpanOk, shutdownTracing, SpanKind, startSpan, startTracing } from '../../src/runtime/tracing/index.js';

const memory = new InMemorySpanExporter();

afterAll(() => shutdownTracing());

describe('span attributes after the start', () => {
  it('the span has the attributes given, within the span limits', () => {
    startTracing({
      env: {
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '2',
        OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '5',
      },
      spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
      exitHandlers: false,
    });
    expect(attributesAfterStart()).toBe(true);
    endSpanOk(startSpan('q', SpanKind.CLIENT, { 'db.system.name': 'postgresql', 'server.port': 5432, extra: 1 }));
    const [span] = memory.getFinishedSpans();
    expect(span!.attributes).toEqual({ 'db.system.name': 'postg', 'server.port': 5432 });
    expect(span!.droppedAttributesCount).toBe(1);
    expect(span!.kind).toBe(SpanKind.CLIENT);
  });
});
