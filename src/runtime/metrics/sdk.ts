// The metrics SDK, loaded only when OTEL_METRICS_EXPORTER names an exporter (setup.ts imports
// this module dynamically): one MeterProvider with
// - a periodic reader per push exporter (otlp: OTLP/HTTP, protobuf or JSON; console), which also
//   carries the governance counters (governance-producer.ts);
// - a pull reader for `prometheus`, read by the admin endpoint's GET /metrics (prometheus.ts);
// - the duration histograms of the HTTP, RPC and database hooks, and the Node runtime gauges.

import { context, ValueType, type Attributes, type Histogram } from '@opentelemetry/api';
import { suppressTracing, type ExportResult } from '@opentelemetry/core';
import { OTLPMetricExporter as OtlpJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OtlpProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricProducer,
  type MetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { policyConfigured, type Env } from '../env.js';
import { readTracingConfig } from '../tracing/env.js';
import { buildResource } from '../tracing/resource.js';
import type { MetricsConfig } from './env.js';
import { governanceProducer } from './governance-producer.js';
import { PullReader, renderOtelPrometheus } from './prometheus.js';
import { registerRuntimeMetrics } from './runtime-metrics.js';
import type { DurationMetric } from './setup.js';
import { RUNTIME_VERSION } from '../version.js';

export interface MetricsSdk {
  record(metric: DurationMetric, value: number, attributes: Attributes): void;
  /** Prometheus text of the OTel metrics (only with the prometheus exporter). */
  prometheusText: (() => Promise<string>) | undefined;
  flush(timeoutMillis: number): Promise<void>;
  shutdown(): Promise<void>;
}

/** OTel semantic conventions' advice for HTTP and database call durations, in seconds. */
export const HTTP_DURATION_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
export const DB_DURATION_BOUNDS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];
/** `rpc.*.duration` are in milliseconds by the conventions (the SDK's default boundaries). */
export const RPC_DURATION_BOUNDS_MS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

interface HistogramSpec {
  name: string;
  description: string;
  unit: 's' | 'ms';
  bounds: number[];
}

export const DURATION_METRICS: Readonly<Record<DurationMetric, HistogramSpec>> = {
  httpServer: {
    name: 'http.server.request.duration',
    description: 'Duration of HTTP server requests.',
    unit: 's',
    bounds: HTTP_DURATION_BOUNDS,
  },
  httpClient: {
    name: 'http.client.request.duration',
    description: 'Duration of HTTP client requests.',
    unit: 's',
    bounds: HTTP_DURATION_BOUNDS,
  },
  rpcServer: {
    name: 'rpc.server.duration',
    description: 'Duration of inbound RPCs.',
    unit: 'ms',
    bounds: RPC_DURATION_BOUNDS_MS,
  },
  rpcClient: {
    name: 'rpc.client.duration',
    description: 'Duration of outbound RPCs.',
    unit: 'ms',
    bounds: RPC_DURATION_BOUNDS_MS,
  },
  dbClient: {
    name: 'db.client.operation.duration',
    description: 'Duration of database client operations.',
    unit: 's',
    bounds: DB_DURATION_BOUNDS,
  },
};

/** Sends with tracing suppressed, as the span exporters do: the export's own HTTP request makes no span and no metric. */
function suppressed(exporter: PushMetricExporter): PushMetricExporter {
  return {
    export: (metrics: ResourceMetrics, done: (result: ExportResult) => void) =>
      context.with(suppressTracing(context.active()), () => exporter.export(metrics, done)),
    forceFlush: () => exporter.forceFlush(),
    shutdown: () => exporter.shutdown(),
    selectAggregationTemporality: exporter.selectAggregationTemporality?.bind(exporter),
    selectAggregation: exporter.selectAggregation?.bind(exporter),
  };
}

export function createMetricsSdk(config: MetricsConfig, env: Env): MetricsSdk {
  const tracingConfig = readTracingConfig(env); // the same resource as the spans (warnings are tracing's to print)
  const producers: MetricProducer[] = policyConfigured() ? [governanceProducer()] : [];
  const readers: MetricReader[] = [];
  let pull: PullReader | undefined;
  for (const name of config.exporters) {
    if (name === 'prometheus') {
      // The admin endpoint renders the governance counters itself: not through this reader too.
      pull = new PullReader();
      readers.push(pull);
      continue;
    }
    const exporter: PushMetricExporter =
      name === 'console'
        ? new ConsoleMetricExporter()
        : config.protocol === 'http/json'
          ? new OtlpJsonMetricExporter()
          : new OtlpProtoMetricExporter();
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: suppressed(exporter),
        exportIntervalMillis: config.intervalMillis,
        exportTimeoutMillis: config.timeoutMillis,
        metricProducers: producers,
      }),
    );
  }
  const provider = new MeterProvider({ resource: buildResource(tracingConfig), readers });
  const meter = provider.getMeter('instts', RUNTIME_VERSION);
  const histograms = {} as Record<DurationMetric, Histogram>;
  for (const [key, spec] of Object.entries(DURATION_METRICS) as [DurationMetric, HistogramSpec][]) {
    histograms[key] = meter.createHistogram(spec.name, {
      description: spec.description,
      unit: spec.unit,
      valueType: ValueType.DOUBLE,
      advice: { explicitBucketBoundaries: spec.bounds },
    });
  }
  const stopRuntime = registerRuntimeMetrics(meter);
  const reader = pull;
  return {
    record(metric, seconds, attributes) {
      histograms[metric].record(DURATION_METRICS[metric].unit === 'ms' ? seconds * 1000 : seconds, attributes);
    },
    prometheusText: reader === undefined ? undefined : () => renderOtelPrometheus(reader),
    flush: (timeoutMillis) => provider.forceFlush({ timeoutMillis }),
    shutdown: () => {
      stopRuntime();
      return provider.shutdown();
    },
  };
}
