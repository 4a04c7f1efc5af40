// The OpenTelemetry environment variables that decide whether and where metrics go, read into one
// plain object (pure, like tracing/env.ts). Unlike the specification's default (otlp), an unset
// OTEL_METRICS_EXPORTER means `none` here: nothing is recorded and no SDK is loaded (ADR 0012).

import { envBoolean, envList, envString, type Env, type OtlpProtocol } from '../tracing/env.js';

export type MetricsExporterName = 'otlp' | 'prometheus' | 'console';

export interface MetricsConfig {
  /** OTEL_METRICS_EXPORTER without `none` and unknown names; empty: metrics are off. */
  readonly exporters: readonly MetricsExporterName[];
  /** OTEL_EXPORTER_OTLP_METRICS_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL. */
  readonly protocol: OtlpProtocol;
  /** OTEL_METRIC_EXPORT_INTERVAL (ms), default 60000. */
  readonly intervalMillis: number;
  /** OTEL_METRIC_EXPORT_TIMEOUT (ms), default 30000 (never above the interval). */
  readonly timeoutMillis: number;
  readonly warnings: readonly string[];
}

const EXPORTERS: readonly MetricsExporterName[] = ['otlp', 'prometheus', 'console'];

function envMillis(env: Env, name: string, fallback: number, warnings: string[]): number {
  const text = envString(env, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    warnings.push(`${name}="${text}" is not a whole number of milliseconds > 0; using ${fallback}`);
    return fallback;
  }
  return n;
}

export function readMetricsConfig(env: Env): MetricsConfig {
  const warnings: string[] = [];
  const exporters: MetricsExporterName[] = [];
  // OTEL_SDK_DISABLED turns every signal off, metrics included.
  const disabled = envBoolean(env, 'OTEL_SDK_DISABLED', []);
  const list = envList(env, 'OTEL_METRICS_EXPORTER') ?? [];
  for (const name of list) {
    if ((EXPORTERS as readonly string[]).includes(name)) {
      if (!disabled) exporters.push(name as MetricsExporterName);
    } else if (name === 'none') {
      if (list.length > 1) warnings.push('OTEL_METRICS_EXPORTER lists "none" with other exporters; "none" ignored');
    } else {
      warnings.push(`OTEL_METRICS_EXPORTER "${name}" is not a known exporter (otlp, prometheus, console, none); ignored`);
    }
  }

  const protocolVar = envString(env, 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL') !== undefined
    ? 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocolText = envString(env, protocolVar)?.toLowerCase();
  let protocol: OtlpProtocol = 'http/protobuf';
  if (protocolText === 'http/json' || protocolText === 'http/protobuf') protocol = protocolText;
  else if (protocolText !== undefined && exporters.includes('otlp')) {
    warnings.push(`${protocolVar}="${protocolText}" is not supported for metrics (http/protobuf, http/json); using http/protobuf`);
  }

  const intervalMillis = envMillis(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000, warnings);
  const timeoutMillis = Math.min(envMillis(env, 'OTEL_METRIC_EXPORT_TIMEOUT', 30_000, warnings), intervalMillis);
  return { exporters, protocol, intervalMillis, timeoutMillis, warnings };
}
