// OTEL_PROPAGATORS decides which headers are read and written; OTEL_SDK_DISABLED stops spans and
// exports but not propagation.

import { describe, expect, it } from 'vitest';
import { startOtlpReceiver } from '../support/otlp-receiver.js';
import { useProgramBundle, run, traceparent } from './helpers.js';

const programFile = useProgramBundle();

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const W3C_IN = { traceparent: traceparent(true, TRACE, SPAN), baggage: 'user=alice,tier=gold%20plus' };

async function propagate(env: Record<string, string | undefined>, incoming: Record<string, string> = W3C_IN) {
  const receiver = await startOtlpReceiver();
  try {
    const result = await run(programFile(), {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      FIXTURE_INCOMING: JSON.stringify(incoming),
      ...env,
    });
    expect(result.code, result.stderr).toBe(0);
    const out = result.result as {
      outgoing: Record<string, string>;
      baggageIn: [string, string][];
      server: { traceId: string };
      enabled: boolean;
      status: any;
    };
    return { out, spans: receiver.spans(), requests: receiver.requests.length, stderr: result.stderr };
  } finally {
    await receiver.close();
  }
}

describe('propagators', () => {
  it('tracecontext,baggage by default; each alone; none', async () => {
    const [both, tcOnly, baggageOnly, none, noneMixed] = await Promise.all([
      propagate({}),
      propagate({ OTEL_PROPAGATORS: 'tracecontext' }),
      propagate({ OTEL_PROPAGATORS: 'baggage' }),
      propagate({ OTEL_PROPAGATORS: 'none' }),
      propagate({ OTEL_PROPAGATORS: 'none,tracecontext' }),
    ]);

    expect(both.out.status.propagators).toEqual(['tracecontext', 'baggage']);
    expect(both.out.server.traceId).toBe(TRACE);
    expect(both.out.baggageIn).toEqual([
      ['user', 'alice'],
      ['tier', 'gold plus'],
    ]);
    expect(both.out.outgoing.traceparent).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    expect(both.out.outgoing.baggage).toBe('user=alice,tier=gold%20plus');
    expect(both.spans.find((s) => s.kind === 'SERVER')!.parentSpanId).toBe(SPAN);

    expect(tcOnly.out.server.traceId).toBe(TRACE);
    expect(tcOnly.out.baggageIn).toEqual([]);
    expect(Object.keys(tcOnly.out.outgoing)).toEqual(['traceparent']);

    // baggage alone: the trace context is not read, so the server span starts a new trace
    expect(baggageOnly.out.server.traceId).not.toBe(TRACE);
    expect(baggageOnly.out.baggageIn).toHaveLength(2);
    expect(Object.keys(baggageOnly.out.outgoing)).toEqual(['baggage']);

    expect(none.out.status.propagator).toBe('none');
    expect(none.out.server.traceId).not.toBe(TRACE);
    expect(none.out.baggageIn).toEqual([]);
    expect(none.out.outgoing).toEqual({});
    expect(none.spans).toHaveLength(3); // spans still made and exported

    expect(Object.keys(noneMixed.out.outgoing)).toEqual(['traceparent']);
    expect(noneMixed.stderr).toMatch(/OTEL_PROPAGATORS lists "none" with other propagators/);
  });

  it('b3 (single header), b3multi and jaeger read and write their headers; xray warns', async () => {
    const [b3, b3multi, jaeger, xray] = await Promise.all([
      propagate({ OTEL_PROPAGATORS: 'b3' }, { b3: `${TRACE}-${SPAN}-1` }),
      propagate({ OTEL_PROPAGATORS: 'b3multi' }, { 'X-B3-TraceId': TRACE, 'X-B3-SpanId': SPAN, 'X-B3-Sampled': '1' }),
      propagate({ OTEL_PROPAGATORS: 'jaeger' }, { 'uber-trace-id': `${TRACE}:${SPAN}:0:1` }),
      propagate({ OTEL_PROPAGATORS: 'xray,tracecontext' }),
    ]);
    expect(b3.out.server.traceId).toBe(TRACE);
    expect(b3.out.outgoing.b3).toMatch(new RegExp(`^${TRACE}-[0-9a-f]{16}-1$`));
    expect(b3.out.outgoing.traceparent).toBeUndefined();

    expect(b3multi.out.server.traceId).toBe(TRACE);
    expect(b3multi.out.outgoing['X-B3-TraceId'] ?? b3multi.out.outgoing['x-b3-traceid']).toBe(TRACE);

    expect(jaeger.out.server.traceId).toBe(TRACE);
    expect(jaeger.out.outgoing['uber-trace-id']).toMatch(new RegExp(`^${TRACE}:[0-9a-f]{16}:0:0?1$`));

    expect(xray.stderr).toMatch(/OTEL_PROPAGATORS "xray" is not supported/);
    expect(xray.out.outgoing.traceparent).toBeDefined();
  });

  it('OTEL_SDK_DISABLED=true: no spans, no exporter traffic, propagation still works', async () => {
    const [disabled, upper, notBoolean] = await Promise.all([
      propagate({ OTEL_SDK_DISABLED: 'true' }),
      propagate({ OTEL_SDK_DISABLED: 'TRUE' }),
      propagate({ OTEL_SDK_DISABLED: 'yes' }),
    ]);
    for (const r of [disabled, upper]) {
      expect(r.requests).toBe(0);
      expect(r.spans).toHaveLength(0);
      expect(r.out.enabled).toBe(false);
      expect(r.out.status).toMatchObject({ sdkDisabled: true, provider: 'none', propagator: 'instts' });
      // the incoming context passes through unchanged: same trace, same parent, same decision
      expect(r.out.outgoing.traceparent).toBe(traceparent(true, TRACE, SPAN));
      expect(r.out.outgoing.baggage).toBe('user=alice,tier=gold%20plus');
      expect(r.stderr).toBe('');
    }
    // only "true" (any case) disables; other values warn and leave the SDK on
    expect(notBoolean.spans).toHaveLength(3);
    expect(notBoolean.stderr).toMatch(/OTEL_SDK_DISABLED="yes" is not a boolean/);
  });
});
