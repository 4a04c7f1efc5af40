// The helpers instrumented code uses to carry context across process boundaries: always through
// the global propagator, so a program that registered its own keeps it.

import { context, propagation, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { startTracing } from './setup.js';

/** Something headers can be read from: a plain object (Node's IncomingHttpHeaders), a Headers or a Map. */
export type HeaderSource =
  | Readonly<Record<string, string | readonly string[] | number | undefined>>
  | { get(name: string): unknown; keys?(): Iterable<string> };

/** Something headers can be written to: a plain object (OutgoingHttpHeaders), a Headers or a Map. */
export type HeaderTarget = Record<string, unknown> | { set(name: string, value: string): unknown };

function hasMethod(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[name] === 'function';
}

function lookup(carrier: Record<string, unknown>, key: string): unknown {
  if (Object.prototype.hasOwnProperty.call(carrier, key)) return carrier[key];
  const lower = key.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(carrier, lower)) return carrier[lower];
  for (const name of Object.keys(carrier)) if (name.toLowerCase() === lower) return carrier[name];
  return undefined;
}

function text(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return undefined;
}

const headerGetter: TextMapGetter<unknown> = {
  get(carrier, key) {
    if (carrier === null || carrier === undefined) return undefined;
    if (hasMethod(carrier, 'get') && !Array.isArray(carrier)) {
      const value = (carrier as { get(name: string): unknown }).get(key);
      return text(value === null ? undefined : value);
    }
    return text(lookup(carrier as Record<string, unknown>, key));
  },
  keys(carrier) {
    if (carrier === null || carrier === undefined) return [];
    if (hasMethod(carrier, 'keys') && hasMethod(carrier, 'get')) {
      return Array.from((carrier as { keys(): Iterable<string> }).keys());
    }
    return Object.keys(carrier as object);
  },
};

/**
 * For carriers whose names are lower case already (Node's `IncomingMessage.headers`, HTTP/2
 * headers): no search by case, which listed every header for each field a propagator reads
 * (traceparent, tracestate, baggage) that the request did not carry.
 */
const lowerCaseHeaderGetter: TextMapGetter<unknown> = {
  get(carrier, key) {
    if (typeof carrier !== 'object' || carrier === null) return undefined;
    const name = key.toLowerCase();
    return Object.prototype.hasOwnProperty.call(carrier, name)
      ? text((carrier as Record<string, unknown>)[name])
      : undefined;
  },
  keys: headerGetter.keys,
};

const headerSetter: TextMapSetter<unknown> = {
  set(carrier, key, value) {
    if (carrier === null || carrier === undefined) return;
    if (hasMethod(carrier, 'set')) (carrier as { set(name: string, value: string): unknown }).set(key, value);
    else (carrier as Record<string, unknown>)[key] = value;
  },
};

/**
 * Writes the context's propagation headers (traceparent, baggage, … as OTEL_PROPAGATORS says)
 * into `carrier` and returns it. Works when the SDK is disabled too.
 */
export function injectHeaders<T extends HeaderTarget>(carrier: T, ctx: Context = context.active()): T {
  startTracing();
  try {
    propagation.inject(ctx, carrier, headerSetter);
  } catch {
    // a carrier that refuses writes (frozen, a Headers in the 'immutable' guard) gets nothing
  }
  return carrier;
}

/**
 * The context `headers` carry (a remote parent, baggage), on top of `base` (the active context).
 * `lowerCaseNames`: every header name in `headers` is lower case (Node's request headers, HTTP/2
 * headers), so a field is looked up by its lower-case name only. Works when the SDK is disabled
 * too. Never throws.
 */
export function extractContext(
  headers: HeaderSource | null | undefined,
  base: Context = context.active(),
  lowerCaseNames = false,
): Context {
  startTracing();
  try {
    return propagation.extract(base, headers, lowerCaseNames ? lowerCaseHeaderGetter : headerGetter);
  } catch {
    return base;
  }
}
