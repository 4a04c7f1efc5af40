// OTEL_PROPAGATORS as one text-map propagator.

import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { JaegerPropagator } from '@opentelemetry/propagator-jaeger';
import type { PropagatorName } from './env.js';

function one(name: PropagatorName): TextMapPropagator {
  switch (name) {
    case 'tracecontext':
      return new W3CTraceContextPropagator();
    case 'baggage':
      return new W3CBaggagePropagator();
    case 'b3':
      return new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER });
    case 'b3multi':
      return new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER });
    case 'jaeger':
      return new JaegerPropagator();
  }
}

/** The propagators named, in order; undefined for none. */
export function buildPropagator(names: readonly PropagatorName[]): TextMapPropagator | undefined {
  if (names.length === 0) return undefined;
  if (names.length === 1) return one(names[0]!);
  return new CompositePropagator({ propagators: names.map(one) });
}
