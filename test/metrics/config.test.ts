// OTEL_METRICS_EXPORTER and friends read into settings, and the Prometheus names the OTel metrics
// get; the in-process runtime with metrics off records nothing and loads no SDK.

import { describe, expect, it } from 'vitest';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { readMetricsConfig } from '../../src/runtime/metrics/env.js';
import { prometheusName } from '../../src/runtime/metrics/prometheus.js';

describe('readMetricsConfig', () => {
  it('unset means off (no exporter), with the specification defaults for the rest', () => {
    expect(readMetricsConfig({})).toEqual({
      exporters: [],
      protocol: 'http/protobuf',
      intervalMillis: 60_000,
      timeoutMillis: 30_000,
      warnings: [],
    });
  });

  it('exporters, protocol, interval and timeout from the environment', () => {
    expect(
      readMetricsConfig({
        OTEL_METRICS_EXPORTER: ' OTLP, prometheus ,console',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
        OTEL_METRIC_EXPORT_INTERVAL: '5000',
        OTEL_METRIC_EXPORT_TIMEOUT: '9000',
      }),
    ).toEqual({
      exporters: ['otlp', 'prometheus', 'console'],
      protocol: 'http/json',
      intervalMillis: 5000,
      timeoutMillis: 5000,
      warnings: [],
    });
  });

  it('bad values: one warning each, the default applies', () => {
    const config = readMetricsConfig({
      OTEL_METRICS_EXPORTER: 'otlp,none,zipkin',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_METRIC_EXPORT_INTERVAL: '1s',
    });
    expect(config.exporters).toEqual(['otlp']);
    expect(config.protocol).toBe('http/protobuf');
    expect(config.intervalMillis).toBe(60_000);
    expect(config.warnings).toEqual([
      'OTEL_METRICS_EXPORTER lists "none" with other exporters; "none" ignored',
      'OTEL_METRICS_EXPORTER "zipkin" is not a known exporter (otlp, prometheus, console, none); ignored',
      'OTEL_EXPORTER_OTLP_PROTOCOL="grpc" is not supported for metrics (http/protobuf, http/json); using http/protobuf',
      'OTEL_METRIC_EXPORT_INTERVAL="1s" is not a whole number of milliseconds > 0; using 60000',
    ]);
  });

  it('`none` and OTEL_SDK_DISABLED=true: off', () => {
    expect(readMetricsConfig({ OTEL_METRICS_EXPORTER: 'none' }).exporters).toEqual([]);
    expect(readMetricsConfig({ OTEL_METRICS_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }).exporters).toEqual([]);
  });
});

describe('prometheusName', () => {
  it('appends the unit word once; annotations add nothing', () => {
    expect(prometheusName('http.server.request.duration', 's', DataPointType.HISTOGRAM)).toBe(
      'http.server.request.duration.seconds',
    );
    expect(prometheusName('rpc.server.duration', 'ms', DataPointType.HISTOGRAM)).toBe(
      'rpc.server.duration.milliseconds',
    );
    expect(prometheusName('v8js.memory.heap.used', 'By', DataPointType.SUM)).toBe('v8js.memory.heap.used.bytes');
    expect(prometheusName('nodejs.eventloop.utilization', '1', DataPointType.GAUGE)).toBe(
      'nodejs.eventloop.utilization.ratio',
    );
    expect(prometheusName('instts.governance.passed', '{call}', DataPointType.SUM)).toBe('instts.governance.passed');
    expect(prometheusName('request_seconds', 's', DataPointType.HISTOGRAM)).toBe('request_seconds');
  });
});

describe('metrics off in this process', () => {
  it('metricsEnabled() is false, a recording is dropped on the spot, no SDK is started', async () => {
    delete process.env.OTEL_METRICS_EXPORTER;
    const { metricsEnabled, metricsReady, metricsStatus, recordDuration } =
      await import('../../src/runtime/metrics/setup.js');
    expect(metricsEnabled()).toBe(false);
    recordDuration('httpServer', 0.01, { 'http.route': '/x' });
    expect(await metricsReady()).toBeUndefined();
    expect(metricsStatus()).toEqual({ enabled: false, exporters: [], intervalMillis: 60_000, warnings: [] });
  });
});
