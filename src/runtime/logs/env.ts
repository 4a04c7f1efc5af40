// The environment variables that decide whether pino and winston records are also exported as
// OpenTelemetry log records, read into one plain object (pure, like tracing/env.ts). As for
// metrics (ADR 0012), an unset OTEL_LOGS_EXPORTER means `none` here, not the specification's
// `otlp`: a service starts sending its logs over the network only when told to (ADR 0013).

import { envBoolean, envList, envString, type Env, type OtlpProtocol } from '../tracing/env.js';

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
  const exporters: LogsExporterName[] = [];
  // OTEL_SDK_DISABLED turns every signal off, logs included.
  const disabled = envBoolean(env, 'OTEL_SDK_DISABLED', []);
  const list = envList(env, 'OTEL_LOGS_EXPORTER') ?? [];
  for (const name of list) {
    if ((EXPORTERS as readonly string[]).includes(name)) {
      if (!disabled && !exporters.includes(name as LogsExporterName)) exporters.push(name as LogsExporterName);
    } else if (name === 'none') {
      if (list.length > 1) warnings.push('OTEL_LOGS_EXPORTER lists "none" with other exporters; "none" ignored');
    } else {
      warnings.push(`OTEL_LOGS_EXPORTER "${name}" is not a known exporter (otlp, console, none); ignored`);
    }
  }

  const protocolVar = envString(env, 'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL') !== undefined
    ? 'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocolText = envString(env, protocolVar)?.toLowerCase();
  let protocol: OtlpProtocol = 'http/protobuf';
  if (protocolText === 'http/json' || protocolText === 'http/protobuf') protocol = protocolText;
  else if (protocolText !== undefined && exporters.includes('otlp')) {
    warnings.push(`${protocolVar}="${protocolText}" is not supported for logs (http/protobuf, http/json); using http/protobuf`);
  }
  return { exporters, protocol, warnings };
}
