// The governance counters (governance/metrics.ts renders the same for Prometheus) as OTel
// metrics for the push exporters. A MetricProducer reads the engine at each collection, as
// observable instruments would, and can also hand over the response-time histogram the engine
// already keeps (observable instruments have no histogram kind). It is attached to the push
// readers only: on Prometheus the admin endpoint renders these counters itself, once.

import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type DataPoint,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { RT_BOUNDS_MS } from '../governance/engine.js';
import { governance } from '../governance/access.js';
import { blockCounts } from '../governance/metrics.js';
import { emptyResource } from '@opentelemetry/resources';

/** Attribute names on the governance metrics. */
export const GOV_ATTR = {
  resource: 'instts.governance.resource',
  rule: 'instts.governance.rule',
  ruleType: 'instts.governance.rule_type',
} as const;

const RT_BOUNDS_S = RT_BOUNDS_MS.map((ms) => ms / 1000);

export function governanceProducer(): MetricProducer {
  const start: HrTime = hrTime();
  return {
    collect(): Promise<CollectionResult> {
      const end = hrTime();
      const point = <T>(attributes: Attributes, value: T): DataPoint<T> => ({
        startTime: start,
        endTime: end,
        attributes,
        value,
      });
      const resources = governance().listResources();
      const counter = (
        name: string,
        description: string,
        value: (r: (typeof resources)[number]) => number,
      ): MetricData => ({
        descriptor: { name, description, unit: '{call}', valueType: ValueType.INT },
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints: resources.map((r) => point({ [GOV_ATTR.resource]: r.id }, value(r))),
      });
      const blocked: DataPoint<number>[] = [];
      for (const r of resources) {
        for (const b of blockCounts(r))
          blocked.push(
            point({ [GOV_ATTR.resource]: r.id, [GOV_ATTR.rule]: b.rule, [GOV_ATTR.ruleType]: b.type }, b.count),
          );
      }
      const metrics: MetricData[] = [
        counter('instts.governance.passed', 'Calls let through.', (r) => r.passed),
        {
          descriptor: {
            name: 'instts.governance.blocked',
            description: 'Calls blocked, by the rule (id and type) that blocked them.',
            unit: '{call}',
            valueType: ValueType.INT,
          },
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.SUM,
          isMonotonic: true,
          dataPoints: blocked,
        },
        counter(
          'instts.governance.completed',
          'Calls that ran and ended (aborted calls excluded).',
          (r) => r.completed,
        ),
        counter('instts.governance.errors', 'Completed calls that counted as errors.', (r) => r.errors),
        {
          descriptor: {
            name: 'instts.governance.concurrency',
            description: 'Calls in flight (including calls waiting in a queue).',
            unit: '{call}',
            valueType: ValueType.INT,
          },
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.SUM,
          isMonotonic: false,
          dataPoints: resources.map((r) => point({ [GOV_ATTR.resource]: r.id }, r.concurrency)),
        },
        {
          descriptor: {
            name: 'instts.governance.response_time',
            description: 'Response time of completed calls.',
            unit: 's',
            valueType: ValueType.DOUBLE,
          },
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.HISTOGRAM,
          dataPoints: resources.map((r) => {
            const counts = [...r.rtCounts];
            const count = counts.reduce((a, b) => a + b, 0);
            return point(
              { [GOV_ATTR.resource]: r.id },
              { buckets: { boundaries: RT_BOUNDS_S, counts }, sum: r.rtSumMs / 1000, count },
            );
          }),
        },
      ];
      return Promise.resolve({
        resourceMetrics: {
          resource: emptyResource(),
          scopeMetrics: [{ scope: { name: 'instts.governance' }, metrics }],
        },
        errors: [],
      });
    },
  };
}
