// OTEL_TRACES_EXPORTER as span processors: OTLP behind a batch processor (OTEL_BSP_*), the
// console exporter behind a simple one, as the OpenTelemetry JS SDK does. The OTLP exporters read
// the endpoint, headers, timeout, compression and certificate variables themselves: a base
// OTEL_EXPORTER_OTLP_ENDPOINT gets `/v1/traces`, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as is,
// and the default is http://localhost:4318/v1/traces.

import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { parseKeyPairsIntoRecord } from '@opentelemetry/core';
import { envString, type BatchSettings, type Env, type ExporterName, type OtlpProtocol } from './env.js';

/** Defaults from startTracing options; the environment wins over them, as everywhere. */
export interface OtlpOptions {
  /** Full traces URL, used when neither OTLP endpoint variable is set. */
  url?: string | undefined;
  /** Headers sent with every export; the environment's headers of the same name win. */
  headers?: Record<string, string> | undefined;
}

export function buildOtlpExporter(protocol: OtlpProtocol, options: OtlpOptions = {}, env: Env = process.env): SpanExporter {
  const config: { url?: string; headers?: Record<string, string> } = {};
  const envEndpoint = envString(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? envString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (options.url !== undefined && envEndpoint === undefined) config.url = options.url;
  if (options.headers !== undefined) {
    config.headers = {
      ...options.headers,
      ...parseKeyPairsIntoRecord(envString(env, 'OTEL_EXPORTER_OTLP_HEADERS')),
      ...parseKeyPairsIntoRecord(envString(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS')),
    };
  }
  return protocol === 'http/json' ? new OtlpJsonExporter(config) : new OtlpProtoExporter(config);
}

export function buildSpanProcessors(
  exporters: readonly ExporterName[],
  protocol: OtlpProtocol,
  batch: BatchSettings,
  otlp: OtlpOptions = {},
  env: Env = process.env,
): SpanProcessor[] {
  const processors: SpanProcessor[] = [];
  for (const name of exporters) {
    if (name === 'otlp') processors.push(new BatchSpanProcessor({ exporter: buildOtlpExporter(protocol, otlp, env), ...batch }));
    else processors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));
  }
  return processors;
}
