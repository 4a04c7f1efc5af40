// The environment variables that decide whether pino and winston records are also exported as
// OpenTelemetry log records, read into one plain object (pure, like tracing/env.ts). As for
// metrics (ADR 0012), an unset OTEL_LOGS_EXPORTER means `none` here, not the specification's
// `otlp`: a service starts sending its logs over the network only when told to (ADR 0013).

import { envBoolean, envSignalExporters, envSignalProtocol, type Env, type OtlpProtocol } from '../tracing/env.js';

export type LogsExporterName = 'otlp' | 'console';

export interface LogsConfig {
  /** OTEL_LOGS_EXPORTER without `none` and unknown names; empty: records are not exported. */
  readonly exporters: readonly LogsExporterName[];
  /** OTEL_EXPORTER_OTLP_LOGS_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL. */
  readonly protocol: OtlpProtocol;
  readonly warnings: readonly string[];
}

const EXPORTERS: readonly LogsExporterName[] = ['otlp', 'console'];

export function readLogsConfig(env: Env): LogsConfig {
  const warnings: string[] = [];
  // OTEL_SDK_DISABLED turns every signal off, logs included.
  const disabled = envBoolean(env, 'OTEL_SDK_DISABLED', []);
  const exporters = envSignalExporters(env, 'OTEL_LOGS_EXPORTER', EXPORTERS, disabled, warnings);
  const protocol = envSignalProtocol(env, 'LOGS', exporters.includes('otlp'), warnings);
  return { exporters, protocol, warnings };
}
