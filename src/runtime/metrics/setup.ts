// The metrics runtime: what the HTTP, RPC and database hooks call where their spans end, and
// what programs may call directly.
//
// OTEL_METRICS_EXPORTER decides everything, once per process:
// - unset or `none` (the default): `metricsEnabled()` is false, the hooks take no timestamps and
//   record nothing, and the metrics SDK is never loaded;
// - otlp / console / prometheus: the SDK (sdk.ts) is loaded with a dynamic import at the first
//   check, off the start-up path. Durations recorded while it loads wait in a bounded queue.
// `prometheus` serves the metrics from the admin endpoint's GET /metrics, in one exposition with
// the governance counters (see ADR 0012).

import type { Attributes } from '@opentelemetry/api';
import { startGovernance } from '../governance/access.js';
import { processEnv } from '../env.js';
import { stderrSink } from '../log.js';
import { reportOnce } from '../report.js';
import { installExitHandlers } from '../tracing/exit.js';
import { readMetricsConfig, type MetricsConfig, type MetricsExporterName } from './env.js';
import { setMetricsExposition } from '../exposition.js';
import type { MetricsSdk } from './sdk.js';

/** The duration histograms the hooks record into (their OTel names are in sdk.ts). */
export type DurationMetric = 'httpServer' | 'httpClient' | 'rpcServer' | 'rpcClient' | 'dbClient';

export interface MetricsStatus {
  readonly enabled: boolean;
  readonly exporters: readonly MetricsExporterName[];
  readonly intervalMillis: number;
  readonly warnings: readonly string[];
}

type Recording = [DurationMetric, number, Attributes];

interface State {
  status: MetricsStatus;
  enabled: boolean;
  config: MetricsConfig;
  sdk: MetricsSdk | undefined;
  ready: Promise<MetricsSdk | undefined>;
  /** Recordings made while the SDK loads (bounded: a flood before it is up is dropped, counted). */
  queued: Recording[];
  dropped: number;
  recordedSinceFlush: number;
  removeExitHandlers: (() => void) | undefined;
  shutdown: Promise<void> | undefined;
}

/** Most recordings kept while the SDK loads (it takes tens of milliseconds). */
const MAX_QUEUED = 10_000;

const STATE_KEY = Symbol.for('instts.runtime.metrics.v1');
const slot = globalThis as unknown as Record<symbol, State | undefined>;

/** Starts metrics once, from the environment; later calls return the same status. */
export function startMetrics(): MetricsStatus {
  const existing = slot[STATE_KEY];
  if (existing !== undefined) return existing.status;
  const config = readMetricsConfig(processEnv());
  for (const warning of config.warnings) stderrSink(`instts: ${warning}`);
  const enabled = config.exporters.length > 0;
  const state: State = {
    status: Object.freeze({
      enabled,
      exporters: config.exporters,
      intervalMillis: config.intervalMillis,
      warnings: config.warnings,
    }),
    enabled,
    config,
    sdk: undefined,
    ready: Promise.resolve(undefined),
    queued: [],
    dropped: 0,
    recordedSinceFlush: 0,
    removeExitHandlers: undefined,
    shutdown: undefined,
  };
  slot[STATE_KEY] = state;
  if (enabled) state.ready = load(state);
  return state.status;
}

async function load(state: State): Promise<MetricsSdk | undefined> {
  try {
    const { createMetricsSdk } = await import('./sdk.js');
    if (state.shutdown !== undefined) return undefined;
    const sdk = createMetricsSdk(state.config, processEnv());
    state.sdk = sdk;
    for (const [metric, value, attributes] of state.queued) sdk.record(metric, value, attributes);
    state.queued = [];
    if (state.dropped > 0)
      stderrSink(`instts: ${state.dropped} metric recording(s) made before the metrics SDK loaded were dropped`);
    if (sdk.prometheusText !== undefined) {
      setMetricsExposition(sdk.prometheusText);
      serveOnAdminEndpoint();
    }
    if (state.config.exporters.some((name) => name !== 'prometheus')) {
      state.removeExitHandlers = installExitHandlers({
        pending: () => state.recordedSinceFlush > 0,
        flush: (timeoutMillis) => flushState(state, timeoutMillis),
      });
    }
    return sdk;
  } catch (error) {
    state.enabled = false;
    reportOnce('metrics SDK', error);
    return undefined;
  }
}

/**
 * Prometheus metrics are served by the admin endpoint, which governance starts when
 * INSTTS_ADMIN_PORT is set; without a policy, start it here. Without a port: say so.
 */
function serveOnAdminEndpoint(): void {
  const port = processEnv().INSTTS_ADMIN_PORT;
  if (port === undefined || port.trim() === '') {
    stderrSink(
      'instts: OTEL_METRICS_EXPORTER=prometheus: the metrics are served by the admin endpoint, which needs INSTTS_ADMIN_PORT; not served',
    );
    return;
  }
  startGovernance(); // starts the admin endpoint with the process-wide engine (once)
}

function current(): State {
  const state = slot[STATE_KEY];
  if (state !== undefined) return state;
  startMetrics();
  return slot[STATE_KEY]!;
}

/** The one check the hooks make before taking a timestamp (starts metrics the first time). */
export function metricsEnabled(): boolean {
  const state = slot[STATE_KEY];
  return state !== undefined ? state.enabled : current().enabled;
}

export function metricsStatus(): MetricsStatus {
  return current().status;
}

/** Resolves once the SDK is loaded (undefined when metrics are off or it failed to load). */
export function metricsReady(): Promise<unknown> {
  return current().ready;
}

/** One duration in seconds into one of the histograms. Never throws. */
export function recordDuration(metric: DurationMetric, seconds: number, attributes: Attributes): void {
  const state = slot[STATE_KEY];
  if (state === undefined || !state.enabled) return;
  state.recordedSinceFlush++;
  const sdk = state.sdk;
  if (sdk !== undefined) {
    try {
      sdk.record(metric, seconds, attributes);
    } catch (error) {
      reportOnce('metrics', error);
    }
  } else if (state.queued.length < MAX_QUEUED) state.queued.push([metric, seconds, attributes]);
  else state.dropped++;
}

/** Seconds since `start` (a `performance.now()` reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}

function flushState(state: State, timeoutMillis: number): Promise<void> {
  state.recordedSinceFlush = 0;
  const sdk = state.sdk;
  if (sdk === undefined || state.shutdown !== undefined) return Promise.resolve();
  return sdk.flush(timeoutMillis).then(
    () => undefined,
    () => undefined,
  );
}

/** Exports what was recorded so far (push exporters). */
export async function flushMetrics(timeoutMillis = 30_000): Promise<void> {
  const state = slot[STATE_KEY];
  if (state === undefined) return;
  await state.ready;
  await flushState(state, timeoutMillis);
}

/** Flushes and shuts the meter provider down; metrics stay off in this process afterwards. */
export function shutdownMetrics(): Promise<void> {
  const state = slot[STATE_KEY];
  if (state === undefined) return Promise.resolve();
  if (state.shutdown !== undefined) return state.shutdown;
  state.enabled = false;
  state.status = Object.freeze({ ...state.status, enabled: false });
  state.removeExitHandlers?.();
  state.removeExitHandlers = undefined;
  setMetricsExposition(undefined);
  state.shutdown = state.ready
    .then((sdk) => sdk?.shutdown())
    .then(
      () => undefined,
      () => undefined,
    );
  return state.shutdown;
}
