// Rendering of the engine's observations: Prometheus text exposition (format 0.0.4) of the
// per-resource counters, and a JSON view of the active policy with the live state of its rules.
// Serving them over HTTP is left to the admin endpoint.

import { BLOCK_TYPES, RT_BOUNDS_MS, type EngineView, type GovernanceEngine } from './engine.js';

const BREAKER_STATES = ['closed', 'open', 'halfOpen'] as const;

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function num(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Number.isNaN(v)) return 'NaN';
  return String(v);
}

class Exposition {
  private readonly lines: string[] = [];
  family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  }
  sample(name: string, labels: Record<string, string>, value: number): void {
    const l = Object.entries(labels)
      .map(([k, v]) => `${k}="${label(v)}"`)
      .join(',');
    this.lines.push(`${name}${l ? `{${l}}` : ''} ${num(value)}`);
  }
  text(): string {
    return this.lines.length ? `${this.lines.join('\n')}\n` : '';
  }
}

/** Prometheus text format of every resource's counters, breaker states and adaptive state. */
export function renderPrometheus(engine: GovernanceEngine): string {
  const out = new Exposition();
  const resources = engine.listResources();
  const each = (name: string, type: 'counter' | 'gauge', help: string, value: (r: (typeof resources)[number]) => number): void => {
    out.family(name, type, help);
    for (const r of resources) out.sample(name, { resource: r.id }, value(r));
  };
  each('instts_governance_passed_total', 'counter', 'Calls let through.', (r) => r.passed);
  out.family('instts_governance_blocked_total', 'counter', 'Calls blocked, by the type of rule that blocked them.');
  for (const r of resources) {
    BLOCK_TYPES.forEach((t, i) => out.sample('instts_governance_blocked_total', { resource: r.id, type: t }, r.blocked[i]!));
  }
  each('instts_governance_completed_total', 'counter', 'Calls that ran and ended (aborted calls excluded).', (r) => r.completed);
  each('instts_governance_errors_total', 'counter', 'Completed calls that counted as errors.', (r) => r.errors);
  each('instts_governance_timeouts_total', 'counter', 'Calls that ran past their timeout.', (r) => r.timeouts);
  each('instts_governance_aborted_total', 'counter', 'Calls abandoned by their caller.', (r) => r.aborted);
  each('instts_governance_concurrency', 'gauge', 'Calls in flight (including calls waiting in a queue).', (r) => r.concurrency);
  each('instts_governance_fail_open_total', 'counter', 'Calls let through because governance itself failed.', (r) => r.failOpen);

  const h = 'instts_governance_response_time_seconds';
  out.family(h, 'histogram', 'Response time of completed calls.');
  for (const r of resources) {
    let cumulative = 0;
    RT_BOUNDS_MS.forEach((bound, i) => {
      cumulative += r.rtCounts[i]!;
      out.sample(`${h}_bucket`, { resource: r.id, le: String(bound / 1000) }, cumulative);
    });
    cumulative += r.rtCounts[RT_BOUNDS_MS.length]!;
    out.sample(`${h}_bucket`, { resource: r.id, le: '+Inf' }, cumulative);
    out.sample(`${h}_sum`, { resource: r.id }, r.rtSumMs / 1000);
    out.sample(`${h}_count`, { resource: r.id }, cumulative);
  }

  out.family('instts_governance_breaker_state', 'gauge', 'Circuit breaker state: 1 for the current state, 0 for the others.');
  for (const r of resources) {
    for (const b of r.rules.breakers) {
      for (const s of BREAKER_STATES) {
        out.sample('instts_governance_breaker_state', { resource: r.id, rule: b.blocked.ruleId, state: s }, b.state === s ? 1 : 0);
      }
    }
  }

  const view = engine.inspect();
  const a = view.adaptive;
  if (typeof a.cpu === 'number') {
    out.family('instts_governance_adaptive_cpu_ratio', 'gauge', 'Smoothed CPU usage seen by adaptive protection (0 to 1).');
    out.sample('instts_governance_adaptive_cpu_ratio', {}, a.cpu);
    out.family('instts_governance_adaptive_inflight', 'gauge', 'Calls in flight under adaptive protection.');
    out.sample('instts_governance_adaptive_inflight', {}, a.inFlight as number);
    out.family('instts_governance_adaptive_max_inflight', 'gauge', 'In-flight limit: max pass per bucket x min RT.');
    out.sample('instts_governance_adaptive_max_inflight', {}, a.maxInFlight as number);
    out.family('instts_governance_adaptive_drops_total', 'counter', 'Calls dropped (mode on) or that would have been (dry run).');
    out.sample('instts_governance_adaptive_drops_total', { mode: 'on' }, a.drops as number);
    out.sample('instts_governance_adaptive_drops_total', { mode: 'dryRun' }, a.dryRunDrops as number);
  }
  out.family('instts_governance_policy_reloads_total', 'counter', 'Policy reloads, by result.');
  out.sample('instts_governance_policy_reloads_total', { result: 'ok' }, view.reloads.ok);
  out.sample('instts_governance_policy_reloads_total', { result: 'rejected' }, view.reloads.rejected);
  return out.text();
}

/** The active policy (defaults filled in) and the live state of each rule, as a plain object. */
export function policyView(engine: GovernanceEngine): EngineView {
  return engine.inspect();
}

/** {@link policyView} as indented JSON. */
export function renderPolicyJson(engine: GovernanceEngine): string {
  return `${JSON.stringify(policyView(engine), null, 2)}\n`;
}
