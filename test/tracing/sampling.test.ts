// OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG change what is recorded as the specification says.

import { describe, expect, it } from 'vitest';
import { startOtlpReceiver } from '../support/otlp-receiver.js';
import { useProgramBundle, run, traceparent } from './helpers.js';

const programFile = useProgramBundle();

const REMOTE_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const REMOTE_SPAN = '00f067aa0ba902b7';

interface Case {
  sampler?: string;
  arg?: string;
  parent?: 'sampled' | 'unsampled';
}

async function sample(c: Case) {
  const receiver = await startOtlpReceiver();
  try {
    const incoming = c.parent ? { traceparent: traceparent(c.parent === 'sampled', REMOTE_TRACE, REMOTE_SPAN) } : {};
    const result = await run(programFile(), {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_TRACES_SAMPLER: c.sampler,
      OTEL_TRACES_SAMPLER_ARG: c.arg,
      FIXTURE_INCOMING: JSON.stringify(incoming),
    });
    expect(result.code, result.stderr).toBe(0);
    return { spans: receiver.spans(), requests: receiver.requests.length, result };
  } finally {
    await receiver.close();
  }
}

describe('samplers', () => {
  it('always_on, always_off and traceidratio 0 / 1 (the ratio sampler ignores the parent)', async () => {
    const [on, off, ratio0, ratio1, ratio0Sampled, badArg] = await Promise.all([
      sample({ sampler: 'always_on', parent: 'unsampled' }),
      sample({ sampler: 'always_off' }),
      sample({ sampler: 'traceidratio', arg: '0' }),
      sample({ sampler: 'TraceIdRatio', arg: '1' }),
      sample({ sampler: 'traceidratio', arg: '0', parent: 'sampled' }),
      sample({ sampler: 'traceidratio', arg: '2' }),
    ]);
    expect(on.spans).toHaveLength(3); // always_on records even under an unsampled parent
    expect(on.spans.every((s) => s.traceId === REMOTE_TRACE)).toBe(true);

    expect(off.spans).toHaveLength(0);
    expect(off.requests).toBe(0);
    // not sampled: the outgoing traceparent says so (flags 00)
    expect(off.result.result.outgoing.traceparent).toMatch(/-00$/);

    expect(ratio0.spans).toHaveLength(0);
    expect(ratio1.spans).toHaveLength(3);
    expect(ratio0Sampled.spans).toHaveLength(0);

    // out of range: a warning, and the default ratio 1
    expect(badArg.spans).toHaveLength(3);
    expect(badArg.result.stderr).toMatch(/OTEL_TRACES_SAMPLER_ARG="2" is not a ratio in \[0, 1\]; using 1/);
  });

  it('parentbased_* follow an incoming sampled / unsampled traceparent', async () => {
    const [
      defaultSampled,
      defaultUnsampled,
      defaultRoot,
      offRoot,
      offSampled,
      ratioRoot,
      ratioSampled,
      ratioUnsampled,
    ] = await Promise.all([
      sample({ parent: 'sampled' }),
      sample({ parent: 'unsampled' }),
      sample({}),
      sample({ sampler: 'parentbased_always_off' }),
      sample({ sampler: 'parentbased_always_off', parent: 'sampled' }),
      sample({ sampler: 'parentbased_traceidratio', arg: '0' }),
      sample({ sampler: 'parentbased_traceidratio', arg: '0', parent: 'sampled' }),
      sample({ sampler: 'parentbased_traceidratio', arg: '1', parent: 'unsampled' }),
    ]);

    // default parentbased_always_on
    expect(defaultSampled.spans).toHaveLength(3);
    const server = defaultSampled.spans.find((s) => s.kind === 'SERVER')!;
    expect(server.traceId).toBe(REMOTE_TRACE);
    expect(server.parentSpanId).toBe(REMOTE_SPAN);
    expect(defaultUnsampled.spans).toHaveLength(0);
    // the unsampled decision travels on, in the same trace
    expect(defaultUnsampled.result.result.outgoing.traceparent).toMatch(
      new RegExp(`^00-${REMOTE_TRACE}-[0-9a-f]{16}-00$`),
    );
    expect(defaultRoot.spans).toHaveLength(3);

    expect(offRoot.spans).toHaveLength(0);
    expect(offSampled.spans).toHaveLength(3);
    expect(ratioRoot.spans).toHaveLength(0);
    expect(ratioSampled.spans).toHaveLength(3);
    expect(ratioUnsampled.spans).toHaveLength(0);
  });

  it('jaeger_remote, xray and unknown names warn and use parentbased_always_on', async () => {
    const [jaeger, xray, unknown] = await Promise.all([
      sample({ sampler: 'jaeger_remote', parent: 'unsampled' }),
      sample({ sampler: 'xray' }),
      sample({ sampler: 'sometimes' }),
    ]);
    expect(jaeger.spans).toHaveLength(0); // parent-based: the unsampled parent wins
    expect(jaeger.result.stderr).toMatch(
      /OTEL_TRACES_SAMPLER "jaeger_remote" is not supported; using parentbased_always_on/,
    );
    expect(xray.spans).toHaveLength(3);
    expect(xray.result.stderr).toMatch(/"xray" is not supported/);
    expect(unknown.spans).toHaveLength(3);
    expect(unknown.result.stderr).toMatch(/"sometimes" is not a known sampler/);
    expect(unknown.result.result.status.sampler).toBe('parentbased_always_on');
  });
});
