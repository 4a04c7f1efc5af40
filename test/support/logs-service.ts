// test/fixtures/logs-service (express + pino + winston) built three ways — with `instts:logs`
// bundled, with `instts:logs` and --no-bundle (pino and winston loaded from node_modules, their
// instrumented copies swapped in at load time), and without `instts:logs` (the reference output)
// — run against an OTLP receiver; the log files each run wrote, and the SERVER span of each request.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { instts, ROOT } from '../cli-helpers.js';
import { get, startService } from '../http/services.js';
import type { DecodedSpan, OtlpReceiver } from './otlp-receiver.js';

export const LOGS_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'logs-service');
export const CORRELATION_FIELDS = ['trace_id', 'span_id', 'trace_flags', 'lane'] as const;

export type LogsBuild = 'logs' | 'logs-no-bundle' | 'plain';

export interface LogsBuilds {
  dir: string;
  file(build: LogsBuild): string;
}

export async function buildLogsService(): Promise<LogsBuilds> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-logs-'));
  const outDir = (build: LogsBuild): string => path.join(dir, build);
  const noBundle = outDir('logs-no-bundle');
  fs.mkdirSync(noBundle);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(noBundle, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(noBundle, 'package.json'), JSON.stringify({ type: 'module' }));
  const common = ['build', '--entry', 'src/service.ts', '--format', 'esm', '--no-typecheck'];
  const results = await Promise.all([
    instts([...common, '--rules', 'instts:http', '--rules', 'instts:logs', '--outDir', outDir('logs')], LOGS_FIXTURE),
    instts(
      [...common, '--rules', 'instts:http', '--rules', 'instts:logs', '--no-bundle', '--outDir', noBundle],
      LOGS_FIXTURE,
    ),
    instts([...common, '--rules', 'instts:http', '--outDir', outDir('plain')], LOGS_FIXTURE),
  ]);
  for (const result of results)
    if (result.code !== 0) throw new Error(`build failed (${result.code}):\n${result.stderr}`);
  return { dir, file: (build) => path.join(outDir(build), 'service.js') };
}

export interface LogsRun {
  pino: string[];
  winston: string[];
  /** The records of the winston logger whose transport holds its callbacks (GET /hold, /release). */
  winstonHeld: string[];
  /** The SERVER span of each request, in the order sent. */
  servers: DecodedSpan[];
  /** What the service printed (stdout and stderr). */
  output: string;
}

/** One GET: `path` (default /work) with `headers`. */
export interface LogsRequest {
  path?: string;
  headers?: Record<string, string>;
}

/**
 * Starts `file`, sends the GETs of `requests` one after the other, waits for each request's
 * SERVER span, stops the service and returns what it logged.
 */
export async function runLogsService(
  builds: LogsBuilds,
  build: LogsBuild,
  receiver: OtlpReceiver,
  env: Record<string, string>,
  requests: LogsRequest[],
): Promise<LogsRun> {
  const run = fs.mkdtempSync(path.join(builds.dir, `run-${build}-`));
  const pinoFile = path.join(run, 'pino.log');
  const winstonFile = path.join(run, 'winston.log');
  const heldFile = path.join(run, 'winston-held.log');
  const service = await startService(builds.file(build), {
    PINO_FILE: pinoFile,
    WINSTON_FILE: winstonFile,
    WINSTON_HELD_FILE: heldFile,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '50',
    OTEL_SERVICE_NAME: 'logs-service',
    ...env,
  });
  const servers: DecodedSpan[] = [];
  try {
    for (const request of requests) {
      const route = request.path ?? '/work';
      const since = receiver.spans().length;
      const answer = await get(`${service.url}${route}`, request.headers);
      if (answer.status !== 200) throw new Error(`GET ${route} answered ${answer.status}: ${answer.body}`);
      servers.push(await serverSpan(receiver, since, `GET ${route}`));
    }
  } finally {
    await service.stop();
  }
  const read = (file: string): string[] =>
    fs.existsSync(file)
      ? fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) => line !== '')
      : [];
  return {
    pino: read(pinoFile),
    winston: read(winstonFile),
    winstonHeld: read(heldFile),
    servers,
    output: service.output(),
  };
}

async function serverSpan(receiver: OtlpReceiver, since: number, name: string): Promise<DecodedSpan> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const span = receiver
      .spans()
      .slice(since)
      .find((s) => s.kind === 'SERVER' && s.name === name);
    if (span !== undefined) return span;
    if (Date.now() > deadline) throw new Error(`no SERVER span ${name} exported`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A JSON record line without the correlation fields `added` (exactly those key/value pairs, as
 * text: the other keys keep their order and bytes).
 */
export function withoutCorrelation(line: string, added: Record<string, string>): string {
  let text = line;
  for (const [key, value] of Object.entries(added)) {
    const pair = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    text = text.includes(`${pair},`) ? text.replace(`${pair},`, '') : text.replace(`,${pair}}`, '}');
  }
  return text;
}

/** The correlation fields of a JSON record line (undefined entries left out). */
export function correlationOf(line: string): Record<string, unknown> {
  if (!line.startsWith('{')) return {};
  const record = JSON.parse(line) as Record<string, unknown>;
  return Object.fromEntries(CORRELATION_FIELDS.filter((key) => key in record).map((key) => [key, record[key]]));
}
