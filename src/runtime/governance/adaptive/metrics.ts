// Adaptive protection's own Prometheus families: CPU, calls in flight, the limit, drops.

import type { EngineView, Resource } from '../engine.js';
import type { Exposition } from '../prometheus-text.js';

export function adaptiveMetrics(out: Exposition, _resources: readonly Resource[], view: EngineView): void {
  const a = view.adaptive;
  if (typeof a.cpu === 'number') {
    out.family(
      'instts_governance_adaptive_cpu_ratio',
      'gauge',
      'Smoothed CPU usage seen by adaptive protection (0 to 1).',
    );
    out.sample('instts_governance_adaptive_cpu_ratio', {}, a.cpu);
    out.family('instts_governance_adaptive_inflight', 'gauge', 'Calls in flight under adaptive protection.');
    out.sample('instts_governance_adaptive_inflight', {}, a.inFlight as number);
    out.family('instts_governance_adaptive_max_inflight', 'gauge', 'In-flight limit: max pass per bucket x min RT.');
    out.sample('instts_governance_adaptive_max_inflight', {}, a.maxInFlight as number);
    out.family(
      'instts_governance_adaptive_drops_total',
      'counter',
      'Calls dropped (mode on) or that would have been (dry run).',
    );
    out.sample('instts_governance_adaptive_drops_total', { mode: 'on' }, a.drops as number);
    out.sample('instts_governance_adaptive_drops_total', { mode: 'dryRun' }, a.dryRunDrops as number);
  }
}
