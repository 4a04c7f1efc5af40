// Log records exported as OpenTelemetry logs, when OTEL_LOGS_EXPORTER names an exporter.
//
// The pino and winston hooks hand each record here (after one check: `logsExportEnabled()`).
// The logs SDK (sdk.ts) is loaded with a dynamic import the first time, off the start-up path;
// records made while it loads wait in a bounded queue, with the context they were written in, so
// each exported record carries the trace and span ids of its request. With no exporter
// configured (the default) nothing is loaded and the hooks only add the correlation fields.

import type { Context } from '@opentelemetry/api';
import type { LogAttributes, SeverityNumber } from '@opentelemetry/api-logs';
import { processEnv } from '../env.js';
import { stderrSink } from '../log.js';
import { reportOnce } from '../report.js';
import { installExitHandlers } from '../tracing/exit.js';
import { readLogsConfig, type LogsConfig } from './env.js';
import type { LogsSdk } from './sdk.js';

/** One record as a logging library wrote it, in OpenTelemetry terms. */
export interface ExportedLogRecord {
  /** Instrumentation scope: the library that wrote the record (`pino`, `winston`). */
  library: string;
  timestamp: number;
  severityNumber: SeverityNumber | undefined;
  severityText: string | undefined;
  body: string | undefined;
  attributes: LogAttributes;
  /** The context the record was written in (its span gives the record's trace and span ids). */
  context: Context;
}

interface State {
  enabled: boolean;
  config: LogsConfig;
  sdk: LogsSdk | undefined;
  ready: Promise<LogsSdk | undefined>;
  queued: ExportedLogRecord[];
  dropped: number;
  emittedSinceFlush: number;
  shutdown: Promise<void> | undefined;
}

/** Most records kept while the SDK loads (tens of milliseconds); more are dropped and counted. */
const MAX_QUEUED = 2_000;

const STATE_KEY = Symbol.for('instts.runtime.logs.export.v1');
const slot = globalThis as unknown as Record<symbol, State | undefined>;

function start(): State {
  const existing = slot[STATE_KEY];
  if (existing !== undefined) return existing;
  const config = readLogsConfig(processEnv());
  for (const warning of config.warnings) stderrSink(`instts: ${warning}`);
  const state: State = {
    enabled: config.exporters.length > 0,
    config,
    sdk: undefined,
    ready: Promise.resolve(undefined),
    queued: [],
    dropped: 0,
    emittedSinceFlush: 0,
    shutdown: undefined,
  };
  slot[STATE_KEY] = state;
  if (state.enabled) state.ready = load(state);
  return state;
}

async function load(state: State): Promise<LogsSdk | undefined> {
  try {
    const { createLogsSdk } = await import('./sdk.js');
    if (state.shutdown !== undefined) return undefined;
    const sdk = createLogsSdk(state.config, processEnv());
    state.sdk = sdk;
    for (const record of state.queued) sdk.emit(record);
    state.queued = [];
    if (state.dropped > 0)
      stderrSink(`instts: ${state.dropped} log record(s) written before the logs SDK loaded were not exported`);
    installExitHandlers({
      pending: () => state.emittedSinceFlush > 0,
      flush: (timeoutMillis) => flushState(state, timeoutMillis),
    });
    return sdk;
  } catch (error) {
    state.enabled = false;
    reportOnce('logs SDK', error);
    return undefined;
  }
}

/** The one check a logging hook makes before building a record to export. */
export function logsExportEnabled(): boolean {
  const state = slot[STATE_KEY];
  return state !== undefined ? state.enabled : start().enabled;
}

/** Exports one record (or queues it while the SDK loads). Never throws. */
export function exportLogRecord(record: ExportedLogRecord): void {
  const state = slot[STATE_KEY];
  if (state === undefined || !state.enabled) return;
  state.emittedSinceFlush++;
  const sdk = state.sdk;
  if (sdk !== undefined) {
    try {
      sdk.emit(record);
    } catch (error) {
      reportOnce('logs export', error);
    }
  } else if (state.queued.length < MAX_QUEUED) state.queued.push(record);
  else state.dropped++;
}

function flushState(state: State, timeoutMillis: number): Promise<void> {
  state.emittedSinceFlush = 0;
  const sdk = state.sdk;
  if (sdk === undefined || state.shutdown !== undefined) return Promise.resolve();
  return sdk.flush(timeoutMillis).then(
    () => undefined,
    () => undefined,
  );
}

/** Exports what was written so far. */
export async function flushLogs(timeoutMillis = 30_000): Promise<void> {
  const state = slot[STATE_KEY];
  if (state === undefined) return;
  await state.ready;
  await flushState(state, timeoutMillis);
}
