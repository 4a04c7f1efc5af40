// pino: the correlation fields go into the object asJson serializes. asJson gets the object of
// the log call as pino merged it (call object, mixin, `{ err }` for an Error) and may be handed
// the caller's own object: it is never changed, the hook passes a new object holding the
// correlation fields first and then the same own properties (asJson itself only writes own
// enumerable keys). A field of the same name in the record wins and keeps its place.
// Outside any span the hook returns after one check and the record is untouched.
//
// With OTEL_LOGS_EXPORTER set, onExit also exports the record as an OpenTelemetry log record,
// built from the line asJson returned — what pino writes, after its serializers, formatters and
// redaction, so an exported record never holds a field the written line does not.

import { context } from '@opentelemetry/api';
import type { LogAttributes } from '@opentelemetry/api-logs';
import type { HookContext } from '../../runtime/context.js';
import { CORRELATION_KEYS, correlationFields } from '../../runtime/logs/correlation.js';
import { exportLogRecord, logsExportEnabled } from '../../runtime/logs/export.js';
import { severityOfNumber } from '../../runtime/logs/severity.js';

/** onEnter of pino's asJson(obj, msg, num, time). */
export function onRecord(ctx: HookContext): void {
  const fields = correlationFields();
  if (fields === undefined) return;
  const record = ctx.args[0];
  if (typeof record !== 'object' || record === null) return;
  const merged: Record<string, unknown> = {};
  // A key the record has keeps its value and its place among the record's own keys.
  for (const key of CORRELATION_KEYS) {
    if (fields[key] !== undefined && !Object.prototype.hasOwnProperty.call(record, key)) merged[key] = fields[key];
  }
  ctx.args[0] = Object.assign(merged, record);
}

/** The line's keys that become fields of the OTel record itself, not attributes. */
const RECORD_KEYS = new Set<string>(['level', 'time', ...CORRELATION_KEYS.filter((key) => key !== 'lane')]);

/** onExit of asJson: the written line as an OpenTelemetry log record (only when logs are exported). */
export function onRecordWritten(ctx: HookContext): void {
  if (!logsExportEnabled()) return;
  const line = ctx.result;
  if (typeof line !== 'string') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return; // not JSON (a custom serializer wrote something else): nothing to export it as
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
  const fields = parsed as Record<string, unknown>;
  const messageKey = messageKeyOf(ctx.self);
  const level = ctx.args[2];
  const label = labelOf(ctx.self, level);
  const attributes: LogAttributes = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key !== messageKey && !RECORD_KEYS.has(key)) attributes[key] = value as LogAttributes[string];
  }
  const body = fields[messageKey];
  exportLogRecord({
    library: 'pino',
    timestamp: typeof fields.time === 'number' ? fields.time : Date.now(),
    severityNumber: typeof level === 'number' ? severityOfNumber(level, PINO_LEVELS) : undefined,
    severityText: label,
    body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
    attributes,
    context: context.active(),
  });
}

/** pino's default level numbers, as the OTel pino instrumentation maps them. */
const PINO_LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

const messageKeys = new WeakMap<object, string>();

/** The logger's messageKey option (pino keeps it under a symbol described `pino.messageKey`). */
function messageKeyOf(logger: unknown): string {
  if (typeof logger !== 'object' || logger === null) return 'msg';
  let key = messageKeys.get(logger);
  if (key === undefined) {
    key = 'msg';
    for (let o: object | null = logger; o !== null; o = Object.getPrototypeOf(o) as object | null) {
      const symbol = Object.getOwnPropertySymbols(o).find((s) => s.description === 'pino.messageKey');
      if (symbol !== undefined) {
        const value = (o as Record<symbol, unknown>)[symbol];
        if (typeof value === 'string') key = value;
        break;
      }
    }
    messageKeys.set(logger, key);
  }
  return key;
}

/** The level's label (custom levels included), from the logger's `levels.labels`. */
function labelOf(logger: unknown, level: unknown): string | undefined {
  if (typeof level !== 'number') return undefined;
  const labels = (logger as { levels?: { labels?: Record<number, string> } } | null)?.levels?.labels;
  const label = labels?.[level];
  return typeof label === 'string' ? label : undefined;
}
