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
      expect(inRequest.map((line, index) => withoutCorrelation(line, added[index]!))).toEqual([...reference, ...reference]);
      expect(first!.traceId).not.toBe(second!.traceId);
      expect(inRequest[1]).toBe(
        `{"level":"info","message":"request: winston meta","nested":{"a":1},"service":"logs","span_id":"${first!.spanId}","trace_flags":"01","trace_id":"${first!.traceId}","user":"u1"}`,
      );
    }, 60_000);
  }

  it('a transport that holds its callbacks: records logged in one request and written out in another carry the first one\'s ids', async () => {
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
