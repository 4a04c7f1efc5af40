// Log correlation: the fields a log record written inside a traced request carries, in the
// names the OpenTelemetry log instrumentations use (`trace_id`, `span_id`, `trace_flags`, as
// lower-case hex), plus `lane` when the request runs in a gray lane. Shared by the pino and
// winston hooks; nothing here knows either library.

import { context, trace, isSpanContextValid } from '@opentelemetry/api';
import { currentLane } from '../lanes/context.js';

export interface CorrelationFields {
  trace_id: string;
  span_id: string;
  trace_flags: string;
  lane?: string;
}

/** Field names added to records, in the order they are written. */
export const CORRELATION_KEYS = ['trace_id', 'span_id', 'trace_flags', 'lane'] as const;

/**
 * The correlation fields of the active span, or undefined when no valid span is active (the one
 * check a record written outside any request pays).
 */
export function correlationFields(): CorrelationFields | undefined {
  const span = trace.getSpan(context.active());
  if (span === undefined) return undefined;
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return undefined;
  const fields: CorrelationFields = {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0'),
  };
  const lane = currentLane();
  if (lane !== undefined) fields.lane = lane;
  return fields;
}

/**
 * Copies the fields `record` does not already have as own properties onto it: a field the
 * application wrote itself wins.
 */
export function addMissingFields(record: Record<string, unknown>, fields: CorrelationFields): void {
  for (const key of CORRELATION_KEYS) {
    const value = fields[key];
    if (value !== undefined && !Object.prototype.hasOwnProperty.call(record, key)) record[key] = value;
  }
}
