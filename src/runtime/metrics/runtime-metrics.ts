// Node runtime metrics under the OTel semantic conventions' names (nodejs.*, v8js.*), from
// node:perf_hooks and node:v8 directly: @opentelemetry/instrumentation-runtime-node records the
// same, but only as an Instrumentation (it brings the require/import hooking machinery along).
// Event-loop delay and utilization are per collection: each reading starts them afresh.

import { ValueType, type Meter } from '@opentelemetry/api';
import {
  constants,
  monitorEventLoopDelay,
  performance,
  PerformanceObserver,
  type EventLoopUtilization,
} from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const GC_KINDS: Readonly<Record<number, string>> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/** Registers the instruments; returns what stops the samplers. */
export function registerRuntimeMetrics(meter: Meter): () => void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gauge = (name: string, description: string): ReturnType<Meter['createObservableGauge']> =>
    meter.createObservableGauge(name, { description, unit: 's', valueType: ValueType.DOUBLE });
  const delayGauges = {
    min: gauge('nodejs.eventloop.delay.min', 'Event loop minimum delay.'),
    max: gauge('nodejs.eventloop.delay.max', 'Event loop maximum delay.'),
    mean: gauge('nodejs.eventloop.delay.mean', 'Event loop mean delay.'),
    p50: gauge('nodejs.eventloop.delay.p50', 'Event loop 50 percentile delay.'),
    p90: gauge('nodejs.eventloop.delay.p90', 'Event loop 90 percentile delay.'),
    p99: gauge('nodejs.eventloop.delay.p99', 'Event loop 99 percentile delay.'),
  };
  const utilization = meter.createObservableGauge('nodejs.eventloop.utilization', {
    description: 'Event loop utilization (share of time not idle) since the last reading.',
    unit: '1',
    valueType: ValueType.DOUBLE,
  });
  const heapUsed = meter.createObservableUpDownCounter('v8js.memory.heap.used', {
    description: 'Heap memory used, by heap space.',
    unit: 'By',
    valueType: ValueType.INT,
  });
  const heapLimit = meter.createObservableUpDownCounter('v8js.memory.heap.limit', {
    description: 'Heap memory size, by heap space.',
    unit: 'By',
    valueType: ValueType.INT,
  });
  let lastUtilization: EventLoopUtilization | undefined;

  meter.addBatchObservableCallback(
    (result) => {
      const ns = 1e-9;
      // The histogram is empty until the loop has turned once at the sampling resolution.
      if (delay.count > 0) {
        result.observe(delayGauges.min, delay.min * ns);
        result.observe(delayGauges.max, delay.max * ns);
        result.observe(delayGauges.mean, delay.mean * ns);
        result.observe(delayGauges.p50, delay.percentile(50) * ns);
        result.observe(delayGauges.p90, delay.percentile(90) * ns);
        result.observe(delayGauges.p99, delay.percentile(99) * ns);
        delay.reset();
      }
      const now = performance.eventLoopUtilization();
      result.observe(utilization, performance.eventLoopUtilization(now, lastUtilization).utilization);
      lastUtilization = now;
      for (const space of getHeapSpaceStatistics()) {
        const attributes = { 'v8js.heap.space.name': space.space_name };
        result.observe(heapUsed, space.space_used_size, attributes);
        result.observe(heapLimit, space.space_size, attributes);
      }
    },
    [...Object.values(delayGauges), utilization, heapUsed, heapLimit],
  );

  const gcDuration = meter.createHistogram('v8js.gc.duration', {
    description: 'Garbage collection duration.',
    unit: 's',
    valueType: ValueType.DOUBLE,
    advice: { explicitBucketBoundaries: [0.01, 0.1, 1, 10] },
  });
  let observer: PerformanceObserver | undefined;
  try {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
        gcDuration.record(entry.duration / 1000, {
          'v8js.gc.type': (kind !== undefined ? GC_KINDS[kind] : undefined) ?? 'unknown',
        });
      }
    });
    observer.observe({ entryTypes: ['gc'] });
  } catch {
    observer = undefined; // a runtime without GC entries: no GC durations, the rest works
  }
  return () => {
    delay.disable();
    observer?.disconnect();
  };
}
