// The lane entry in the W3C `baggage` header (https://www.w3.org/TR/baggage/): read it from an
// inbound header, and add, replace or remove it in an outbound one while every other entry
// (with its properties) stays. Parsing, percent-encoding and the size limits are
// OpenTelemetry's W3C baggage propagator, applied to a detached context (no SDK needed).

import { propagation, ROOT_CONTEXT, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';

const w3c = new W3CBaggagePropagator();

type Carrier = { baggage?: string | readonly string[] | undefined };

const getter: TextMapGetter<Carrier> = {
  get: (carrier, key) => (key === 'baggage' ? (carrier.baggage as string | string[] | undefined) : undefined),
  keys: () => ['baggage'],
};

const setter: TextMapSetter<{ baggage?: string }> = {
  set: (carrier, key, value) => {
    if (key === 'baggage') carrier.baggage = value;
  },
};

/** The value of `key` in a `baggage` header (one string or several header lines). */
export function readBaggage(header: string | readonly string[] | undefined, key: string): string | undefined {
  if (header === undefined || header.length === 0) return undefined;
  const baggage = propagation.getBaggage(w3c.extract(ROOT_CONTEXT, { baggage: header }, getter));
  return baggage?.getEntry(key)?.value;
}

/**
 * `header` with `key` set to `value` (or removed when `value` is undefined); other entries keep
 * their order and properties. Returns undefined when no entry is left.
 */
export function mergeBaggage(
  header: string | readonly string[] | undefined,
  key: string,
  value: string | undefined,
): string | undefined {
  let baggage =
    (header !== undefined && header.length > 0
      ? propagation.getBaggage(w3c.extract(ROOT_CONTEXT, { baggage: header }, getter))
      : undefined) ?? propagation.createBaggage();
  baggage = value === undefined ? baggage.removeEntry(key) : baggage.setEntry(key, { value });
  const out: { baggage?: string } = {};
  w3c.inject(propagation.setBaggage(ROOT_CONTEXT, baggage), out, setter);
  return out.baggage;
}
