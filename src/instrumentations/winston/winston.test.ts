// winston 3 with `instts build --rules instts:logs`: test/fixtures/logs-service (express) logs
// through winston in every call form (message, meta, splat, log(), info objects, child loggers,
// a level below the logger's, a printf format) at start-up and inside requests; each JSON record
// inside a request carries the ids of that request's SERVER span as exported (and its lane),
// records outside carry none, and every line is otherwise the bytes the build without
// instts:logs writes. Bundled and --no-bundle.

import fs from 'node:fs';
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

const RECORDS_PER_REQUEST = 11; // 10 in writeRecords (one below the level), one after the await

describe('winston log correlation', () => {
  let builds: LogsBuilds;
  let receiver: OtlpReceiver;
  let plain: LogsRun;

  beforeAll(async () => {
    [builds, receiver] = await Promise.all([buildLogsService(), startOtlpReceiver()]);
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
      const startup = run.winston.filter((line) => line.includes('startup: '));
      const inRequest = run.winston.filter((line) => line.includes('request: '));
      expect(startup).toHaveLength(RECORDS_PER_REQUEST - 1);
      expect(inRequest).toHaveLength(2 * RECORDS_PER_REQUEST);

      // Outside any request: exactly the reference lines.
      expect(startup).toEqual(plain.winston.filter((line) => line.includes('startup: ')));

      const added = inRequest.map((line, index) => {
        const span = index < RECORDS_PER_REQUEST ? first! : second!;
        const expected: Record<string, string> = { trace_id: span.traceId, span_id: span.spanId, trace_flags: '01' };
        // printf prints what its template names: the fields are in the record, not on the line.
        if (!line.startsWith('{')) return {};
        // The application's own trace_id wins over the added one.
        if (line.includes('own trace_id')) {
          const { trace_id: _replaced, ...rest } = expected;
          expect(correlationOf(line)).toEqual({ ...rest, trace_id: 'mine' });
          return rest;
        }
        expect(correlationOf(line), line).toEqual(expected);
        return expected;
      });
      // Inside: the reference lines of one request (twice) once exactly the added fields are taken out.
      const reference = plain.winston.filter((line) => line.includes('request: '));
      expect(inRequest.map((line, index) => withoutCorrelation(line, added[index]!))).toEqual([
        ...reference,
        ...reference,
      ]);
      expect(first!.traceId).not.toBe(second!.traceId);
      expect(inRequest[1]).toBe(
        `{"level":"info","message":"request: winston meta","nested":{"a":1},"service":"logs","span_id":"${first!.spanId}","trace_flags":"01","trace_id":"${first!.traceId}","user":"u1"}`,
      );
    }, 60_000);
  }

  it('OTEL_LOGS_EXPORTER=otlp: every written record is also an OTel log record, formatted, with its span', async () => {
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
    expect(run.winston.filter((line) => line.includes('startup: '))).toEqual(
      plain.winston.filter((line) => line.includes('startup: ')),
    );
    // One exported record per written line, in order: the message as formatted (splat filled in).
    const exported = receiver
      .logRecords()
      .slice(since)
      .filter((r) => r.scope.name === 'instts/winston');
    const messages = run.winston.map((line) =>
      line.startsWith('{') ? (JSON.parse(line) as { message: string }).message : line.replace(/^\w+ /, ''),
    );
    expect(exported.map((r) => r.body)).toEqual(messages);
    const byBody = (body: string) => exported.find((r) => r.body === body)!;
    expect(byBody('startup: winston message')).toMatchObject({
      traceId: '',
      spanId: '',
      severityNumber: 9,
      severityText: 'info',
    });
    expect(byBody('request: winston message')).toMatchObject({
      traceId: server!.traceId,
      spanId: server!.spanId,
      flags: 1,
    });
    expect(byBody('request: winston after await')).toMatchObject({ traceId: server!.traceId, spanId: server!.spanId });
    expect(byBody('request: winston splat 42')).toMatchObject({ severityNumber: 13, severityText: 'warn' });
    expect(byBody('request: winston log')).toMatchObject({ severityNumber: 17, severityText: 'error' });
    expect(byBody('request: winston debug')).toMatchObject({ severityNumber: 5, severityText: 'debug' });
    expect(byBody('request: winston meta').attributes).toEqual({ service: 'logs', user: 'u1', nested: { a: 1 } });
    expect(byBody('request: winston one object').attributes).toEqual({ service: 'logs', extra: 2 });
    // The record names the application's own (invalid) trace_id: the export names no span rather than a wrong one.
    expect(byBody('request: winston own trace_id')).toMatchObject({ traceId: '', spanId: '' });
    // The printf logger's record: fields it does not print are still the record's.
    expect(byBody('request: winston printf')).toMatchObject({ traceId: server!.traceId, spanId: server!.spanId });
  }, 60_000);

  it("a transport that holds its callbacks: records logged in one request and written out in another carry the first one's ids", async () => {
    // GET /hold logs 100 records while the transport holds each callback (winston's stream backs
    // up); GET /release lets them through, so they reach the transport in its context.
    const run = await runLogsService(builds, 'logs', receiver, {}, [{ path: '/hold' }, { path: '/release' }]);
    const [hold, release] = run.servers;
    expect(run.winstonHeld).toHaveLength(100);
    for (const line of run.winstonHeld) {
      expect(correlationOf(line), line).toEqual({ trace_id: hold!.traceId, span_id: hold!.spanId, trace_flags: '01' });
    }
    expect(release!.traceId).not.toBe(hold!.traceId);
  }, 60_000);
});
