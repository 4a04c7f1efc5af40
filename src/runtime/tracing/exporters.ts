// OTEL_TRACES_EXPORTER as span processors: OTLP behind a batch processor (OTEL_BSP_*), the
// console exporter behind a simple one, as the OpenTelemetry JS SDK does. The OTLP exporters read
// the endpoint, headers, timeout, compression and certificate variables themselves: a base
// OTEL_EXPORTER_OTLP_ENDPOINT gets `/v1/traces`, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as is,
// and the default is http://localhost:4318/v1/traces.
//
// The OTLP exporters (and the transformer and protobuf code under them) load only when an OTLP
// exporter is configured, and then after start-up: a service that exports nothing, or exports to
// the console, does not pay for reading them (see otlp.ts).

import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ExportResultCode, parseKeyPairsIntoRecord, type ExportResult } from '@opentelemetry/core';
import { envString, processEnv, type Env } from '../env.js';
import type { BatchSettings, ExporterName, OtlpProtocol } from './env.js';

/** Defaults from startTracing options; the environment wins over them, as everywhere. */
export interface OtlpOptions {
  /** Full traces URL, used when neither OTLP endpoint variable is set. */
  url?: string | undefined;
  /** Headers sent with every export; the environment's headers of the same name win. */
  headers?: Record<string, string> | undefined;
}

export function buildOtlpExporter(
  protocol: OtlpProtocol,
  options: OtlpOptions = {},
  env: Env = processEnv(),
): SpanExporter {
  const config: { url?: string; headers?: Record<string, string> } = {};
  const envEndpoint =
    envString(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? envString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (options.url !== undefined && envEndpoint === undefined) config.url = options.url;
  if (options.headers !== undefined) {
    config.headers = {
      ...options.headers,
      ...parseKeyPairsIntoRecord(envString(env, 'OTEL_EXPORTER_OTLP_HEADERS')),
      ...parseKeyPairsIntoRecord(envString(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS')),
    };
  }
  return new DeferredExporter(import('./otlp.js').then((otlp) => otlp.otlpTraceExporter(protocol, config)));
}

/**
 * A span exporter whose implementation is still loading: every call waits for it. The batch
 * processor in front keeps its queue bounded meanwhile; a load that fails fails each export, as
 * an unreachable collector would.
 */
class DeferredExporter implements SpanExporter {
  constructor(private readonly loading: Promise<SpanExporter>) {
    // Failures are reported per export; this only keeps the rejection from being unhandled.
    loading.catch(() => undefined);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.loading.then(
      (exporter) => exporter.export(spans, resultCallback),
      (error: unknown) =>
        resultCallback({
          code: ExportResultCode.FAILED,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
  }

  async shutdown(): Promise<void> {
    const exporter = await this.loading.catch(() => undefined);
    await exporter?.shutdown();
  }

  async forceFlush(): Promise<void> {
    const exporter = await this.loading.catch(() => undefined);
    await exporter?.forceFlush?.();
  }
}

export function buildSpanProcessors(
  exporters: readonly ExporterName[],
  protocol: OtlpProtocol,
  batch: BatchSettings,
  otlp: OtlpOptions = {},
  env: Env = processEnv(),
): SpanProcessor[] {
  const processors: SpanProcessor[] = [];
  for (const name of exporters) {
    if (name === 'otlp')
      processors.push(new BatchSpanProcessor({ exporter: buildOtlpExporter(protocol, otlp, env), ...batch }));
    else processors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));
  }
  return processors;
}
