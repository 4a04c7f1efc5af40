// The logs SDK, loaded only when OTEL_LOGS_EXPORTER names an exporter (export.ts imports this
// module dynamically): one LoggerProvider with the spans' resource, a batch processor in front of
// the OTLP exporter (OTLP/HTTP, protobuf or JSON; OTEL_BLRP_* and OTEL_EXPORTER_OTLP_LOGS_* are
// read by the SDK) and a simple one in front of the console exporter. One logger per library.

import { context } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { suppressTracing, type ExportResult } from '@opentelemetry/core';
import { OTLPLogExporter as OtlpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OtlpProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import {
  BatchLogRecordProcessor,
  ConsoleLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type LogRecordExporter,
  type LogRecordProcessor,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs';
import type { Env } from '../env.js';
import { readTracingConfig } from '../tracing/env.js';
import { buildResource } from '../tracing/resource.js';
import type { LogsConfig } from './env.js';
import type { ExportedLogRecord } from './export.js';
import { RUNTIME_VERSION } from '../version.js';

export interface LogsSdk {
  emit(record: ExportedLogRecord): void;
  flush(timeoutMillis: number): Promise<void>;
  shutdown(): Promise<void>;
}

/** Sends with tracing suppressed, as the span exporters do: the export's own request makes no span. */
function suppressed(exporter: LogRecordExporter): LogRecordExporter {
  return {
    export: (records: ReadableLogRecord[], done: (result: ExportResult) => void) =>
      context.with(suppressTracing(context.active()), () => exporter.export(records, done)),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

export function createLogsSdk(config: LogsConfig, env: Env): LogsSdk {
  const tracingConfig = readTracingConfig(env); // the same resource as the spans (warnings are tracing's to print)
  const processors: LogRecordProcessor[] = config.exporters.map((name) =>
    name === 'otlp'
      ? new BatchLogRecordProcessor({
          exporter: suppressed(
            config.protocol === 'http/json' ? new OtlpJsonLogExporter() : new OtlpProtoLogExporter(),
          ),
        })
      : new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() }),
  );
  const provider = new LoggerProvider({ resource: buildResource(tracingConfig), processors });
  const loggers = new Map<string, Logger>();
  const loggerFor = (library: string): Logger => {
    let logger = loggers.get(library);
    if (logger === undefined) {
      logger = provider.getLogger(`instts/${library}`, RUNTIME_VERSION);
      loggers.set(library, logger);
    }
    return logger;
  };
  return {
    emit(record) {
      loggerFor(record.library).emit({
        timestamp: record.timestamp,
        severityNumber: record.severityNumber,
        severityText: record.severityText,
        body: record.body,
        attributes: record.attributes,
        context: record.context,
      });
    },
    flush: (timeoutMillis) => withTimeout(provider.forceFlush(), timeoutMillis),
    shutdown: () => provider.shutdown(),
  };
}

function withTimeout(work: Promise<void>, millis: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, millis);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
