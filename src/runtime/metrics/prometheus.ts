// The OTel metrics as Prometheus text, for the admin endpoint's GET /metrics. The exporter
// package's serializer writes the text; before it, names get their unit as Prometheus expects
// (`http.server.request.duration` in `s` → `http_server_request_duration_seconds`; the serializer
// adds `_total` to counters itself), as OpenTelemetry's Prometheus compatibility rules say.
// Scope labels are left out: every instrument here comes from the one `instts` meter.

import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { DataPointType, MetricReader, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** A reader that only answers collect(): what the admin endpoint reads on each scrape. */
export class PullReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'seconds',
  ms: 'milliseconds',
  By: 'bytes',
  '%': 'percent',
};

/** `name` with its unit's Prometheus word appended (once); annotations like `{request}` add nothing. */
export function prometheusName(name: string, unit: string, dataPointType: DataPointType): string {
  let word = UNIT_WORDS[unit];
  if (unit === '1' && dataPointType === DataPointType.GAUGE) word = 'ratio';
  if (word === undefined) return name;
  return name.endsWith(`.${word}`) || name.endsWith(`_${word}`) ? name : `${name}.${word}`;
}

const serializer = new PrometheusSerializer(undefined, false, undefined, false, true);

export async function renderOtelPrometheus(reader: MetricReader): Promise<string> {
  const { resourceMetrics } = await reader.collect();
  const renamed: ResourceMetrics = {
    resource: resourceMetrics.resource,
    scopeMetrics: resourceMetrics.scopeMetrics.map((scope) => ({
      scope: scope.scope,
      metrics: scope.metrics.map(
        (metric): MetricData => ({
          ...metric,
          descriptor: { ...metric.descriptor, name: prometheusName(metric.descriptor.name, metric.descriptor.unit, metric.dataPointType) },
        }),
      ),
    })),
  };
  return serializer.serialize(renamed);
}
