// The OTLP span exporters, in a module of their own so that a bundle splits them off and only a
// service that exports over OTLP reads them (exporters.ts imports this module dynamically).

import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpProtocol } from './env.js';

export function otlpTraceExporter(
  protocol: OtlpProtocol,
  config: { url?: string; headers?: Record<string, string> },
): SpanExporter {
  return protocol === 'http/json' ? new OtlpJsonExporter(config) : new OtlpProtoExporter(config);
}
