// The OpenTelemetry environment variables that decide whether and where metrics go, read into one
// plain object (pure, like tracing/env.ts). Unlike the specification's default (otlp), an unset
// OTEL_METRICS_EXPORTER means `none` here: nothing is recorded and no SDK is loaded (ADR 0012).

import { envBoolean, envSignalExporters, envSignalProtocol, envString, type Env, type OtlpProtocol } from '../tracing/env.js';

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
  // OTEL_SDK_DISABLED turns every signal off, metrics included.
  const disabled = envBoolean(env, 'OTEL_SDK_DISABLED', []);
  const exporters = envSignalExporters(env, 'OTEL_METRICS_EXPORTER', EXPORTERS, disabled, warnings);
  const protocol = envSignalProtocol(env, 'METRICS', exporters.includes('otlp'), warnings);

  const intervalMillis = envMillis(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000, warnings);
  const timeoutMillis = Math.min(envMillis(env, 'OTEL_METRIC_EXPORT_TIMEOUT', 30_000, warnings), intervalMillis);
  return { exporters, protocol, intervalMillis, timeoutMillis, warnings };
}
