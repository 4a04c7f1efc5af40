// An outbound call that waited for its turn and was then refused, in process with the real
// OpenTelemetry SDK (an in-memory exporter) and the real governance engine: a breaker whose
// half-open state makes the calls after the probe wait, and refuses them when the wait runs out.

import { context, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { usePolicyFile } from '../../../test/support/policy-file.js';
import { BlockedError } from '../governance/behavior.js';
import { resetGovernance } from '../governance/index.js';
import { contextWithSpan, endSpanOk, startSpan, startTracing } from '../tracing/index.js';
import { beginOutbound, endOutbound, type Outbound } from './outbound.js';

const policy = usePolicyFile('instts-outbound', {
  version: 1,
  circuitBreakers: [
    {
      id: 'api-errors',
      resource: 'api.test:80',
      strategy: 'errorCount',
      threshold: 1,
      minRequests: 1,
      openMs: 100,
      recovery: { mode: 'probe', excessInHalfOpen: 'wait', maxWaitMs: 100 },
    },
  ],
});

const memory = new InMemorySpanExporter();
startTracing({
  env: { OTEL_TRACES_EXPORTER: 'none', OTEL_SERVICE_NAME: 'outbound' },
  spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  exitHandlers: false,
});

afterAll(() => {
  resetGovernance();
  policy.remove();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const call = (): Outbound => beginOutbound(new URL('http://api.test/orders'), 'GET', () => undefined, true)!;

describe('an outbound call refused after it waited', () => {
  it("its CLIENT span carries the instts.governance.blocked event and fails with the BlockedError; the caller's span has no event", async () => {
    const caller = startSpan('handler', 'server');
    await context.with(contextWithSpan(caller), async () => {
      const failed = call();
      expect(failed.waiting).toBeUndefined();
      endOutbound(failed, 503); // the breaker opens
      await sleep(130); // past openMs: half-open
      const probe = call();
      expect(probe.entry).toBeDefined();
      const waiter = call();
      expect(waiter.waiting).toBeDefined();
      await expect(waiter.waiting).rejects.toBeInstanceOf(BlockedError); // maxWaitMs ran out
      endOutbound(probe, 200);
    });
    endSpanOk(caller);

    const spans = memory.getFinishedSpans();
    const clients = spans.filter((s) => s.name === 'GET');
    expect(clients).toHaveLength(3);
    const refused = clients.find((s) => s.events.some((e) => e.name === 'instts.governance.blocked'));
    expect(refused?.status.code).toBe(SpanStatusCode.ERROR);
    expect(refused?.events.find((e) => e.name === 'instts.governance.blocked')?.attributes).toMatchObject({
      'instts.governance.rule': 'api-errors',
      'instts.governance.rule_type': 'breaker',
      'instts.governance.resource': 'api.test:80',
    });
    // the other two: the call that failed with 503 and the probe that passed
    expect(clients.filter((s) => s !== refused).map((s) => s.attributes['http.response.status_code'])).toEqual([
      503, 200,
    ]);
    const handler = spans.find((s) => s.name === 'handler');
    expect(handler?.events).toEqual([]);
  });
});
