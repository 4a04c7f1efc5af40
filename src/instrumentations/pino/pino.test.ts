// pino with `instts build --rules instts:logs`: test/fixtures/logs-service (express) writes pino
// records at start-up and inside requests; each record inside a request carries the ids of that
// request's SERVER span as exported (and its lane), records outside carry none, and every line is
// otherwise the bytes the build without instts:logs writes. Bundled and --no-bundle.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../../../test/http/services.js';
import { startOtlpReceiver, type OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import {
  buildLogsService,
  correlationOf,
  runLogsService,
  withoutCorrelation,
  type LogsBuilds,
  type LogsRun,
} from '../../../test/support/logs-service.js';

describe('pino log correlation', () => {
  let builds: LogsBuilds;
  let receiver: OtlpReceiver;
  let plain: LogsRun;
  let policy: string;

  beforeAll(async () => {
    [builds, receiver] = await Promise.all([buildLogsService(), startOtlpReceiver()]);
    policy = path.join(builds.dir, 'policy.json');
    fs.writeFileSync(
      policy,
      JSON.stringify({
        lanes: {
          groups: [{ name: 'logs', entry: 'logs-service', services: ['logs-service'] }],
          lanes: [
            {
              name: 'gray-user',
              group: 'logs',
              tag: 'gray',
              enabled: true,
              match: { condition: 'or', items: [{ type: 'header', name: 'x-user', op: '==', value: '7' }] },
            },
          ],
        },
      }),
    );
    plain = await runLogsService(builds, 'plain', receiver, {}, [{}]);
  }, 120_000);

  afterEach(stopAll);

  afterAll(async () => {
    await receiver?.close();
    if (builds) fs.rmSync(builds.dir, { recursive: true, force: true });
  });

  for (const build of ['logs', 'logs-no-bundle'] as const) {
    it(`${build}: records inside a request carry its SERVER span's ids, outside none; otherwise the same bytes`, async () => {
      const run = await runLogsService(builds, build, receiver, {}, [{}, {}]);
      const [first, second] = run.servers;
      const startup = run.pino.filter((line) => line.includes('startup: '));
      const inRequest = run.pino.filter((line) => line.includes('request: '));
      expect(startup).toHaveLength(7);
      expect(inRequest).toHaveLength(16); // 8 records per request, two requests

      // Outside any request: exactly the reference lines.
      expect(startup).toEqual(plain.pino.filter((line) => line.includes('startup: ')));
      const ids = (span: typeof first): Record<string, string> => ({
        trace_id: span!.traceId,
        span_id: span!.spanId,
        trace_flags: '01',
      });
      const added = inRequest.map((line, index) => {
        const expected = ids(index < 8 ? first : second);
        // The application's own trace_id wins over the added one (and keeps its place).
        if (!line.includes('own trace_id')) return expected;
        const { trace_id: _replaced, ...rest } = expected;
        expect(correlationOf(line)).toEqual({ ...rest, trace_id: 'mine' });
        return rest;
      });
      inRequest.forEach((line, index) => {
        if (!line.includes('own trace_id')) expect(correlationOf(line)).toEqual(added[index]);
      });
      // Inside: the reference lines of one request (twice) once exactly the added fields are taken out.
      const reference = plain.pino.filter((line) => line.includes('request: '));
      expect(inRequest.map((line, index) => withoutCorrelation(line, added[index]!))).toEqual([
        ...reference,
        ...reference,
      ]);
      expect(first!.traceId).not.toBe(second!.traceId);
      // Added fields come first after pino's bindings, before the mixin's and the call's fields.
      expect(inRequest[1]).toBe(
        `{"level":30,"service":"logs","trace_id":"${first!.traceId}","span_id":"${first!.spanId}","trace_flags":"01","mixed":true,"user":"u1","nested":{"a":1},"msg":"request: pino object"}`,
      );
    }, 60_000);
  }

  it('a request in a gray lane: its records carry the lane tag too', async () => {
    const run = await runLogsService(
      builds,
      'logs',
      receiver,
      { INSTTS_POLICY: policy, INSTTS_SERVICE: 'logs-service' },
      [{ headers: { 'x-user': '7' } }, {}],
    );
    const [gray, baseline] = run.servers;
    const inRequest = run.pino.filter((line) => line.includes('request: pino message'));
    expect(inRequest.map(correlationOf)).toEqual([
      { trace_id: gray!.traceId, span_id: gray!.spanId, trace_flags: '01', lane: 'gray' },
      { trace_id: baseline!.traceId, span_id: baseline!.spanId, trace_flags: '01' },
    ]);
  }, 60_000);

  it('OTEL_LOGS_EXPORTER=otlp: every written record is also an OTel log record, with its span; the lines stay the same', async () => {
    const since = receiver.logRecords().length;
    const run = await runLogsService(
      builds,
      'logs',
      receiver,
      { OTEL_LOGS_EXPORTER: 'otlp', OTEL_BLRP_SCHEDULE_DELAY: '50' },
      [{}],
    );
    const [server] = run.servers;
    expect(run.output).not.toContain('OTEL_LOGS_EXPORTER');
    // The written lines: as without the exporter.
    expect(run.pino.filter((line) => line.includes('startup: '))).toEqual(
      plain.pino.filter((line) => line.includes('startup: ')),
    );
    // One exported record per written line (stopping the service flushed them), in order.
    const exported = receiver
      .logRecords()
      .slice(since)
      .filter((r) => r.scope.name === 'instts/pino');
    expect(exported.map((r) => r.body)).toEqual(run.pino.map((line) => (JSON.parse(line) as { msg: string }).msg));
    const byBody = (body: string) => exported.find((r) => r.body === body)!;
    // Outside a request: no span. Inside: the SERVER span of the request, as exported.
    expect(byBody('startup: pino message')).toMatchObject({
      traceId: '',
      spanId: '',
      severityNumber: 9,
      severityText: 'info',
    });
    expect(byBody('request: pino message')).toMatchObject({
      traceId: server!.traceId,
      spanId: server!.spanId,
      flags: 1,
    });
    expect(byBody('request: pino after await')).toMatchObject({ traceId: server!.traceId, spanId: server!.spanId });
    // Severity from pino's level, the line's other fields as attributes (the ids are the record's own).
    expect(byBody('request: pino format 42')).toMatchObject({ severityNumber: 13, severityText: 'warn' });
    expect(byBody('request: pino error')).toMatchObject({ severityNumber: 17, severityText: 'error' });
    expect(byBody('request: pino object').attributes).toEqual({
      service: 'logs',
      mixed: true,
      user: 'u1',
      nested: { a: 1 },
    });
    expect(byBody('request: pino child').attributes).toMatchObject({ component: 'child' });
    expect(byBody('request: pino own trace_id').attributes).toEqual({ service: 'logs', mixed: true });
    expect(byBody('request: pino own trace_id').traceId).toBe(server!.traceId);
    expect(exported[0]!.resource['service.name']).toBe('logs-service');
  }, 60_000);
});
