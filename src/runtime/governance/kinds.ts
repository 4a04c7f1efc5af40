// The governance rule kinds, in the order the engine checks them. Everything that enumerates the
// kinds is derived from KINDS: block types and their counters, the policy sections and the fixed
// `order` key, rule views, rule lookup and counts, per-kind metrics. The per-call check itself
// stays written out in engine.ts over one typed array per kind: a loop over descriptors there
// would cost the pass path an indirect call per kind.
//
// The order is the one the policy's `order` key spells (docs/policy-reference.md): Sentinel
// Java's slot chain (SystemSlot → ParamFlowSlot → FlowSlot → DegradeSlot) with the concurrency
// limit — a thread-count flow rule there — checked first, because it is one comparison and
// holds no window. sentinel-golang's default chain differs (system → flow → isolation →
// hotspot → breaker); the order decides only which rule is counted when several would block.
//
// Adding a kind: a folder beside flow/ with its rule.ts (type, defaults, validation, state key)
// and controller.ts, one entry here, one step in GovernanceEngine.check, and its policy
// reference section (CONTRIBUTING.md, "Adding a governance rule kind").

import { parseBreakerRule, breakerStateKey, type BreakerRule } from './breaker/rule.js';
import { parseFlowRule, flowStateKey, type FlowRule } from './flow/rule.js';
import { parseHotspotRule, hotspotStateKey, type HotspotRule } from './hotspot/rule.js';
import { parseIsolationRule, type IsolationRule } from './isolation/rule.js';
import type { ErrorSpec, Ref, RuleBase } from './rule.js';

/** What a list kind's parser may need from the rest of the policy. */
export interface PolicyScope {
  /** Resolves a rule's `behavior` name. */
  readonly ref: Ref;
  /** The policy-wide `isError`, which a rule's own `isError` refines. */
  readonly isError: ErrorSpec;
}

/** A kind whose policy section is a list of rules on resources. */
export interface RuleKind<R extends RuleBase = RuleBase> {
  /** The kind's one name: block type, rule view `kind`, metric label `type`. */
  readonly name: string;
  /** Its section in the policy file. */
  readonly section: string;
  /** Validate one rule and fill in its defaults; `defaultId` is `section[i]`. Throws PolicyError. */
  parse(v: unknown, path: string, defaultId: string, scope: PolicyScope): R;
  /**
   * What the rule's live state depends on: an edit that changes one of these starts the rule
   * afresh; any other edit keeps its state (docs/policy-reference.md, "Editing a rule").
   * Absent: the kind keeps no state of its own.
   */
  stateKey?(rule: R): unknown[];
}

/** Adaptive protection: one set of settings per policy, not a list of rules. */
interface SettingsKind {
  readonly name: 'adaptive';
  readonly section: 'adaptive';
}

const adaptive: SettingsKind = { name: 'adaptive', section: 'adaptive' };

export const ISOLATION_KIND = {
  name: 'isolation',
  section: 'isolation',
  parse: (v, path, id, scope) => parseIsolationRule(v, path, id, scope.ref),
} as const satisfies RuleKind<IsolationRule>;

export const HOTSPOT_KIND = {
  name: 'hotspot',
  section: 'hotspot',
  parse: (v, path, id, scope) => parseHotspotRule(v, path, id, scope.ref),
  stateKey: hotspotStateKey,
} as const satisfies RuleKind<HotspotRule>;

export const FLOW_KIND = {
  name: 'flow',
  section: 'flow',
  parse: (v, path, id, scope) => parseFlowRule(v, path, id, scope.ref),
  stateKey: flowStateKey,
} as const satisfies RuleKind<FlowRule>;

export const BREAKER_KIND = {
  name: 'breaker',
  section: 'circuitBreakers',
  parse: (v, path, id, scope) => parseBreakerRule(v, path, id, scope.ref, scope.isError),
  stateKey: breakerStateKey,
} as const satisfies RuleKind<BreakerRule>;

/** Every kind, in check order. */
export const KINDS = [adaptive, ISOLATION_KIND, HOTSPOT_KIND, FLOW_KIND, BREAKER_KIND] as const;

/** The kinds whose section is a list of rules, in check order. */
export const RULE_KINDS = [ISOLATION_KIND, HOTSPOT_KIND, FLOW_KIND, BREAKER_KIND] as const;

/** What blocked a call: a kind's name. */
export type BlockType = (typeof KINDS)[number]['name'];

/** The name of a kind whose section is a list of rules. */
export type RuleKindName = (typeof RULE_KINDS)[number]['name'];

/** A policy section that holds a list of rules. */
export type RuleSection = (typeof RULE_KINDS)[number]['section'];

/** The rule type each list section holds. */
export interface RulesBySection {
  isolation: IsolationRule[];
  hotspot: HotspotRule[];
  flow: FlowRule[];
  circuitBreakers: BreakerRule[];
}

/** Block types in check order; a resource's block counters are indexed the same way. */
export const BLOCK_TYPES: readonly BlockType[] = KINDS.map((k) => k.name);

/** The fixed check order as the policy's `order` key spells it (lanes are routed before any check). */
export const POLICY_ORDER: readonly string[] = ['lanes', ...KINDS.map((k) => k.section)];

/** Index of each kind in {@link BLOCK_TYPES}. */
export const KIND_INDEX: Readonly<Record<BlockType, number>> = Object.fromEntries(
  BLOCK_TYPES.map((t, i) => [t, i]),
) as Record<BlockType, number>;

/** Every rule of the policy's list sections, in check order. */
export function allRules(policy: RulesBySection): RuleBase[] {
  const out: RuleBase[] = [];
  for (const kind of RULE_KINDS) out.push(...policy[kind.section]);
  return out;
}

/** Each list rule with its kind, in check order. */
export function rulesWithKind(policy: RulesBySection): Array<{ kind: RuleKindName; rule: RuleBase }> {
  const out: Array<{ kind: RuleKindName; rule: RuleBase }> = [];
  for (const kind of RULE_KINDS) for (const rule of policy[kind.section]) out.push({ kind: kind.name, rule });
  return out;
}
