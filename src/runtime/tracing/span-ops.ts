// What the trace hook does with spans: start one (under the active context or a given parent),
// end it as a success or a failure, run code with a span's context active. None of these throws
// into user code.

import {
  context,
  INVALID_SPAN_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TimeInput,
} from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { errorMessage } from '../log.js';
import { reflectApply } from '../intrinsics.js';
import { attributesAfterStart, getTracer } from './setup.js';
import { spanTime } from './clock.js';

export { SpanKind };
export type { Span, Context, Attributes };

export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

const KINDS: Record<string, SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

/** A kind given by name (any case) or as the API's enum; anything else is INTERNAL. */
export function toSpanKind(kind: SpanKind | SpanKindName | string | undefined): SpanKind {
  if (typeof kind === 'number') return kind in SpanKind ? kind : SpanKind.INTERNAL;
  if (typeof kind === 'string') return KINDS[kind.toLowerCase()] ?? SpanKind.INTERNAL;
  return SpanKind.INTERNAL;
}

/**
 * Starts a span under `parentCtx` (default: the active context). The span is not made active:
 * run the call in `contextWithSpan(span, parentCtx)` for that. With tracing off the result is a
 * non-recording span that carries the parent's context (so propagation still works).
 * `startTime` (a `performance.now()` value, say) when the span is made after its start. Every time
 * goes through {@link spanTime}, so the spans instts makes share one clock; end them with
 * {@link endSpanOk}, {@link endSpanError} or `span.end(spanTime())` (the SDK takes `Date.now()`,
 * in whole milliseconds, for a span given a start time and ended without one).
 */
export function startSpan(
  name: string,
  kind: SpanKind | SpanKindName | string = SpanKind.INTERNAL,
  attributes?: Attributes,
  parentCtx?: Context,
  startTime?: TimeInput,
): Span {
  const parent = parentCtx ?? context.active();
  try {
    if (attributes !== undefined && attributesAfterStart()) {
      const span = getTracer().startSpan(name, { kind: toSpanKind(kind), startTime: timeOf(startTime) }, parent);
      span.setAttributes(attributes);
      return span;
    }
    return getTracer().startSpan(name, { kind: toSpanKind(kind), attributes, startTime: timeOf(startTime) }, parent);
  } catch {
    return trace.wrapSpanContext(trace.getSpanContext(parent) ?? INVALID_SPAN_CONTEXT);
  }
}

/** A time given to a span: `performance.now()` readings and "now" on instts's clock, the rest as given. */
function timeOf(time: TimeInput | undefined): TimeInput {
  if (time === undefined) return spanTime();
  // as the SDK tells them apart: a number no later than performance.now() is one of its readings
  if (typeof time === 'number' && time <= performance.now()) return spanTime(time);
  return time;
}

/** `parentCtx` (default: the active context) with `span` as the current span. */
export function contextWithSpan(span: Span, parentCtx?: Context): Context {
  return trace.setSpan(parentCtx ?? context.active(), span);
}

/** Ends a span that succeeded (at `endTime`, default now). The status stays unset, as instrumentation leaves it on success. */
export function endSpanOk(span: Span, attributes?: Attributes, endTime?: TimeInput): void {
  try {
    if (attributes) span.setAttributes(attributes);
    span.end(timeOf(endTime));
  } catch {
    // a span implementation that throws must not break the call
  }
}

/** `error.type`: the error's class (low cardinality), `_OTHER` when it has none. */
export function errorType(error: unknown): string {
  try {
    if (typeof error === 'object' && error !== null) {
      const ctorName = (error as { constructor?: { name?: unknown } }).constructor?.name;
      if (typeof ctorName === 'string' && ctorName !== '' && ctorName !== 'Object') return ctorName;
      const name = (error as { name?: unknown }).name;
      if (typeof name === 'string' && name !== '') return name;
    }
  } catch {
    // exotic objects (revoked proxies…)
  }
  return '_OTHER';
}

/** Records `error` on `span` as an `exception` event at `at`; returns its message (for the status). */
export function recordError(span: Span, error: unknown, at: TimeInput): string {
  const message = errorMessage(error);
  if (error instanceof Error) span.recordException(error, at);
  else if (typeof error === 'object' && error !== null) {
    // an error from another realm, or an error-like object
    const stack = (error as { stack?: unknown }).stack;
    span.recordException({ name: errorType(error), message, ...(typeof stack === 'string' ? { stack } : {}) }, at);
  } else span.recordException(message, at);
  return message;
}

/**
 * Ends a span that failed (at `endTime`, default now; the exception event has the same time):
 * the exception as an event, status ERROR with the error's message, and `error.type`.
 */
export function endSpanError(span: Span, error: unknown, attributes?: Attributes, at?: TimeInput): void {
  const endTime = timeOf(at);
  try {
    const message = recordError(span, error, endTime);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
    span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
    if (attributes) span.setAttributes(attributes);
  } catch {
    // fall through to end the span anyway
  }
  try {
    span.end(endTime);
  } catch {
    // as above
  }
}

/**
 * Runs `fn` with `ctx` active (through the global context manager); directly when `ctx` already
 * is (a database callback for a query made outside any request, say), which spares the switch,
 * the bind it makes per call and, while no context was ever entered, Node's async hooks.
 */
export function runInContext<A extends unknown[], R>(
  ctx: Context,
  fn: (...args: A) => R,
  thisArg?: unknown,
  ...args: A
): R {
  return context.active() === ctx ? (reflectApply(fn, thisArg, args) as R) : context.with(ctx, fn, thisArg, ...args);
}

/** The active context. */
export function activeContext(): Context {
  return context.active();
}
