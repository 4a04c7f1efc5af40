// A span's attributes are set right after its start when nothing reads them at the start (our
// provider, the SDK's processors): the exported span is the same. A processor of another kind
// sees them in its onStart, as the SDK hands them there.

import { SimpleSpanProcessor, InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Attributes } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { attributesAfterStart } from '../../src/runtime/tracing/setup.js';
import { endSpanOk, shutdownTracing, SpanKind, startSpan, startTracing } from '../../src/runtime/tracing/index.js';

const memory = new InMemorySpanExporter();
const seenAtStart: Attributes[] = [];
const readsAtStart = {
  onStart(span: ReadableSpan) {
    seenAtStart.push({ ...span.attributes });
  },
  onEnd() {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

afterAll(() => shutdownTracing());

describe('span attributes at the start', () => {
  it('a processor that reads spans at their start sees the attributes there', () => {
    startTracing({
      env: { OTEL_TRACES_EXPORTER: 'none' },
      spanProcessors: [new SimpleSpanProcessor({ exporter: memory }), readsAtStart],
      exitHandlers: false,
    });
    expect(attributesAfterStart()).toBe(false);
    endSpanOk(startSpan('q', SpanKind.CLIENT, { 'db.system.name': 'postgresql', 'server.port': 5432 }));
    expect(seenAtStart).toEqual([{ 'db.system.name': 'postgresql', 'server.port': 5432 }]);
    expect(memory.getFinishedSpans()[0]!.attributes).toEqual({ 'db.system.name': 'postgresql', 'server.port': 5432 });
  });
});
