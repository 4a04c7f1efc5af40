// Rendering of the engine's observations: Prometheus text exposition (format 0.0.4) of the
// per-resource counters, and a JSON view of the active policy with the live state of its rules.
// Serving them over HTTP is left to the admin endpoint.

import { adaptiveMetrics } from './adaptive/metrics.js';
import type { Blocked } from './behavior.js';
import { breakerMetrics } from './breaker/metrics.js';
import { RT_BOUNDS_MS, type EngineView, type GovernanceEngine, type Resource } from './engine.js';
import { hotspotMetrics } from './hotspot/metrics.js';
import { KINDS, RULE_KINDS, type BlockType } from './kinds.js';
import { Exposition } from './prometheus-text.js';

/** Families a kind adds beyond the counters every resource has (in KINDS order). */
const KIND_METRICS: Partial<
  Record<BlockType, (out: Exposition, resources: readonly Resource[], view: EngineView) => void>
> = {
  adaptive: adaptiveMetrics,
  hotspot: hotspotMetrics,
  breaker: breakerMetrics,
};

/** The content type of {@link renderPrometheus}'s text. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Prometheus text format of every resource's counters, breaker states and adaptive state. */
export function renderPrometheus(engine: GovernanceEngine): string {
  const out = new Exposition();
  const resources = engine.listResources();
  const each = (
    name: string,
    type: 'counter' | 'gauge',
    help: string,
    value: (r: (typeof resources)[number]) => number,
  ): void => {
    out.family(name, type, help);
    for (const r of resources) out.sample(name, { resource: r.id }, value(r));
  };
  each('instts_governance_passed_total', 'counter', 'Calls let through.', (r) => r.passed);
  out.family(
    'instts_governance_blocked_total',
    'counter',
    'Calls blocked, by the rule (id and type) that blocked them.',
  );
  for (const r of resources) {
    for (const b of blockCounts(r))
      out.sample('instts_governance_blocked_total', { resource: r.id, rule: b.rule, type: b.type }, b.count);
  }
  each(
    'instts_governance_completed_total',
    'counter',
    'Calls that ran and ended (aborted calls excluded).',
    (r) => r.completed,
  );
  each('instts_governance_errors_total', 'counter', 'Completed calls that counted as errors.', (r) => r.errors);
  each('instts_governance_timeouts_total', 'counter', 'Calls that ran past their timeout.', (r) => r.timeouts);
  each('instts_governance_aborted_total', 'counter', 'Calls abandoned by their caller.', (r) => r.aborted);
  each(
    'instts_governance_concurrency',
    'gauge',
    'Calls in flight (including calls waiting in a queue).',
    (r) => r.concurrency,
  );
  each(
    'instts_governance_fail_open_total',
    'counter',
    'Calls let through because governance itself failed.',
    (r) => r.failOpen,
  );

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

  const view = engine.inspect();
  out.family(
    'instts_governance_rule_enabled',
    'gauge',
    'Rules of the active policy: 1 when in effect, 0 when switched off (policy or admin endpoint).',
  );
  for (const rule of view.rules) {
    const type = rule.kind;
    out.sample(
      'instts_governance_rule_enabled',
      { resource: rule.resource, rule: rule.id, type },
      rule.enabled ? 1 : 0,
    );
  }

  for (const kind of KINDS) KIND_METRICS[kind.name]?.(out, resources, view);
  out.family('instts_governance_policy_reloads_total', 'counter', 'Policy reloads, by result.');
  out.sample('instts_governance_policy_reloads_total', { result: 'ok' }, view.reloads.ok);
  out.sample('instts_governance_policy_reloads_total', { result: 'rejected' }, view.reloads.rejected);
  return out.text();
}

/**
 * Block counts of one resource: every rule now in effect on it (zero until it blocks), then any
 * rule that blocked before and is gone (counters never go back).
 */
export function blockCounts(r: Resource): Array<{ type: BlockType; rule: string; count: number }> {
  const out = new Map<string, { type: BlockType; rule: string; count: number }>();
  const add = (b: { type: BlockType; rule: string; count: number }): void => {
    const key = `${b.type}\u0000${b.rule}`;
    if (!out.has(key)) out.set(key, b);
  };
  const live = (blocked: Blocked | undefined): void => {
    if (blocked === undefined) return;
    const key = `${blocked.type}\u0000${blocked.ruleId}`;
    add({ type: blocked.type, rule: blocked.ruleId, count: r.blockedByRule.get(key)?.count ?? 0 });
  };
  live(r.adaptiveBlocked);
  for (const kind of RULE_KINDS) for (const c of r.rules[kind.name]) live(c.blocked);
  for (const b of r.blockedByRule.values()) add({ type: b.type, rule: b.rule, count: b.count });
  return [...out.values()];
}

/** The active policy (defaults filled in) and the live state of each rule, as a plain object. */
export function policyView(engine: GovernanceEngine): EngineView {
  return engine.inspect();
}

/** {@link policyView} as indented JSON. */
export function renderPolicyJson(engine: GovernanceEngine): string {
  return `${JSON.stringify(policyView(engine), null, 2)}\n`;
}
