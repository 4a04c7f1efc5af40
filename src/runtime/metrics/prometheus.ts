// The OTel metrics as Prometheus text, for the admin endpoint's GET /metrics. The exporter
// package's serializer writes the text; before it, names get their unit as Prometheus expects
// (`http.server.request.duration` in `s` → `http_server_request_duration_seconds`; the serializer
// adds `_total` to counters itself), as OpenTelemetry's Prometheus compatibility rules say.
// Prometheus wants base units: a metric in milliseconds (`rpc.*.duration`, as their conventions
// define them) is served in seconds (values and bucket bounds divided by 1000, `_seconds`).
// Scope labels are left out: every instrument here comes from the one `instts` meter.

import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import {
  DataPointType,
  MetricReader,
  type DataPoint,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

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

/** A metric in milliseconds, converted to seconds. */
function inSeconds(metric: MetricData): MetricData {
  const descriptor = { ...metric.descriptor, unit: 's' };
  if (metric.dataPointType === DataPointType.HISTOGRAM) {
    const scale = (v: number | undefined): number | undefined => (v === undefined ? undefined : v / 1000);
    const dataPoints = metric.dataPoints.map((p): DataPoint<Histogram> => ({
      ...p,
      value: {
        ...p.value,
        sum: scale(p.value.sum),
        min: scale(p.value.min),
        max: scale(p.value.max),
        buckets: { boundaries: p.value.buckets.boundaries.map((b) => b / 1000), counts: p.value.buckets.counts },
      },
    }));
    return { ...metric, descriptor, dataPoints };
  }
  if (metric.dataPointType === DataPointType.SUM || metric.dataPointType === DataPointType.GAUGE) {
    return {
      ...metric,
      descriptor,
      dataPoints: metric.dataPoints.map((p) => ({ ...p, value: p.value / 1000 })),
    } as MetricData;
  }
  return metric;
}

/** The metric as Prometheus will see it: base unit, unit word in the name. */
function forPrometheus(metric: MetricData): MetricData {
  const converted = metric.descriptor.unit === 'ms' ? inSeconds(metric) : metric;
  const { name, unit } = converted.descriptor;
  return {
    ...converted,
    descriptor: { ...converted.descriptor, name: prometheusName(name, unit, converted.dataPointType) },
  };
}

const serializer = new PrometheusSerializer(undefined, false, undefined, false, true);

export async function renderOtelPrometheus(reader: MetricReader): Promise<string> {
  const { resourceMetrics } = await reader.collect();
  const renamed: ResourceMetrics = {
    resource: resourceMetrics.resource,
    scopeMetrics: resourceMetrics.scopeMetrics.map((scope) => ({
      scope: scope.scope,
      metrics: scope.metrics.map(forPrometheus),
    })),
  };
  return serializer.serialize(renamed);
}
