// Where the admin endpoint finds the OTel metrics to add to its GET /metrics. A slot on
// globalThis rather than an import: the admin endpoint (governance) must not depend on the
// metrics SDK, and the metrics runtime sets it only when OTEL_METRICS_EXPORTER has prometheus.

const KEY = Symbol.for('instts.metrics.exposition.v1');
const slot = globalThis as unknown as Record<symbol, (() => Promise<string>) | undefined>;

/** Prometheus text of the OTel metrics, or undefined when they are not exposed this way. */
export function metricsExposition(): (() => Promise<string>) | undefined {
  return slot[KEY];
}

export function setMetricsExposition(render: (() => Promise<string>) | undefined): void {
  slot[KEY] = render;
}
