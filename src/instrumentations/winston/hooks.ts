// winston 3: a record (winston's `info` object) reaches the logger's format in Logger#_transform,
// which a stream under back-pressure may run later, in another request's context. So the fields
// are read where the application logs, never in _transform:
//   - Logger#log builds the record itself; its onEnter takes the fields of the active span and
//     the first _transform run while it is on the stack (winston writes synchronously when the
//     stream is not backed up) writes them into that record; onExit drops what was not used, so
//     a record transformed later carries no fields rather than wrong ones;
//   - the level methods called with one argument (`logger.info({ message })`, `logger.info('x')`)
//     and Logger#log with one info object go through Logger#_addDefaultMeta with the record in
//     hand: the fields are written there.
// Fields go onto winston's record like the OpenTelemetry winston instrumentation does (the same
// object formats and transports get); a field of the same name the application set wins.
// Outside any span each hook returns after one check.
//
// With OTEL_LOGS_EXPORTER set, _transform's onExit also exports the record as an OpenTelemetry
// log record once the logger's format has run (splat filled in, timestamps added: what the
// transports get): body `message`, severity from the npm level, the other fields as attributes,
// and the trace and span ids the record itself carries (so an exported record and the written
// line always name the same span). A record the format did not finish (no MESSAGE: filtered
// out) and records below the logger's level are not exported, as a transport would not write them.

import { ROOT_CONTEXT, trace, TraceFlags, type Context } from '@opentelemetry/api';
import { SeverityNumber, type LogAttributes } from '@opentelemetry/api-logs';
import type { HookContext } from '../../runtime/context.js';
import { addMissingFields, correlationFields, type CorrelationFields } from '../../runtime/logs/correlation.js';
import { exportLogRecord, logsExportEnabled } from '../../runtime/logs/export.js';
import { severityOfName } from '../../runtime/logs/severity.js';

/** Fields taken by a Logger#log in progress, waiting for its record's _transform. */
let pending: CorrelationFields | undefined;

function isRecord(value: unknown): value is Record<string | symbol, unknown> {
  return typeof value === 'object' && value !== null;
}

/** onEnter of Logger#log. */
export function onLog(): void {
  pending = correlationFields();
}

/** onExit of Logger#log: fields its record did not take (it was queued) are dropped. */
export function onLogReturned(): void {
  pending = undefined;
}

/** onEnter of Logger#_addDefaultMeta(info). */
export function onInfoObject(ctx: HookContext): void {
  const fields = correlationFields();
  if (fields === undefined) return;
  const record = ctx.args[0];
  if (isRecord(record)) addMissingFields(record, fields);
}

/** onEnter of Logger#_transform(info, enc, callback). */
export function onRecord(ctx: HookContext): void {
  const fields = pending;
  pending = undefined;
  const record = ctx.args[0];
  if (fields !== undefined && isRecord(record)) addMissingFields(record, fields);
}

/** onExit of Logger#_transform: the formatted record as an OTel log record (only when logs are exported). */
export function onRecordTransformed(ctx: HookContext): void {
  if (!logsExportEnabled()) return;
  const record = ctx.args[0];
  if (isRecord(record) && record[MESSAGE] !== undefined) exportRecord(ctx.self, record);
}

/** winston's npm levels (its default), as the OTel winston instrumentation maps them. */
const NPM_SEVERITY: Readonly<Record<string, SeverityNumber>> = {
  error: SeverityNumber.ERROR,
  warn: SeverityNumber.WARN,
  info: SeverityNumber.INFO,
  http: SeverityNumber.DEBUG3,
  verbose: SeverityNumber.DEBUG2,
  debug: SeverityNumber.DEBUG,
  silly: SeverityNumber.TRACE,
};

/** triple-beam's LEVEL: the record's level before any format (colorize) touches `level`. */
const LEVEL = Symbol.for('level');
/** triple-beam's MESSAGE: set by the format that finishes a record for the transports. */
const MESSAGE = Symbol.for('message');
const NOT_ATTRIBUTES = new Set(['level', 'message', 'trace_id', 'span_id', 'trace_flags']);

interface WinstonLogger {
  silent?: unknown;
  level?: unknown;
  levels?: Record<string, number>;
}

function exportRecord(self: unknown, record: Record<string | symbol, unknown>): void {
  const logger = (self ?? {}) as WinstonLogger;
  if (logger.silent) return;
  const level =
    typeof record[LEVEL] === 'string'
      ? (record[LEVEL] as string)
      : typeof record.level === 'string'
        ? record.level
        : undefined;
  const levels = logger.levels;
  if (level !== undefined && levels !== undefined && typeof logger.level === 'string') {
    const rank = levels[level];
    const threshold = levels[logger.level];
    if (rank !== undefined && threshold !== undefined && rank > threshold) return;
  }
  const attributes: LogAttributes = {};
  for (const key of Object.keys(record)) {
    if (!NOT_ATTRIBUTES.has(key)) attributes[key] = record[key] as LogAttributes[string];
  }
  const message = record.message;
  exportLogRecord({
    library: 'winston',
    timestamp: Date.now(),
    severityNumber: level !== undefined ? severityOfName(level, NPM_SEVERITY) : undefined,
    severityText: level,
    body: typeof message === 'string' ? message : message === undefined ? undefined : JSON.stringify(message),
    attributes,
    context: contextOf(record),
  });
}

/** The span the record's own trace_id / span_id name (none when it names none, or invalid ids). */
function contextOf(record: Record<string, unknown>): Context {
  const { trace_id: traceId, span_id: spanId, trace_flags: flags } = record;
  if (typeof traceId !== 'string' || typeof spanId !== 'string') return ROOT_CONTEXT;
  const traceFlags = typeof flags === 'string' ? Number.parseInt(flags, 16) & 0xff : TraceFlags.NONE;
  const spanContext = {
    traceId,
    spanId,
    traceFlags: Number.isNaN(traceFlags) ? TraceFlags.NONE : traceFlags,
    isRemote: false,
  };
  return trace.isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}
