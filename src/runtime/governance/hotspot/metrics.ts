// The hotspot rules' own Prometheus families: values tracked and evicted per rule.

import type { Resource } from '../engine.js';
import type { Exposition } from '../prometheus-text.js';

export function hotspotMetrics(out: Exposition, resources: readonly Resource[]): void {
  out.family(
    'instts_governance_hotspot_values',
    'gauge',
    'Distinct values a hotspot rule tracks now (at most its capacity).',
  );
  for (const r of resources) {
    for (const h of r.rules.hotspot)
      out.sample('instts_governance_hotspot_values', { resource: r.id, rule: h.blocked.ruleId }, h.tracked);
  }
  out.family(
    'instts_governance_hotspot_evictions_total',
    'counter',
    'Values a hotspot rule forgot to stay within its capacity (least recently used first).',
  );
  for (const r of resources) {
    for (const h of r.rules.hotspot) {
      out.sample(
        'instts_governance_hotspot_evictions_total',
        { resource: r.id, rule: h.blocked.ruleId },
        h.state().evictions as number,
      );
    }
  }
}
