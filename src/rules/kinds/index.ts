// The rule phase's dispatch on join-point kind: one entry per kind, keyed by the compiled rule's
// `type`. Everything else in the compiler asks this table instead of testing `rule.type`.

import type { CompiledRule } from '../types.js';
import { callRules } from './call.js';
import { functionRules } from './function.js';
import type { RuleKind, WhereObject } from './kind.js';
import { preludeRules } from './prelude.js';

export type { ActionKey, JsonPath, RuleKind, RuleProblems, WhereObject } from './kind.js';
export { splitCallee } from './call.js';

export const RULE_KINDS: { readonly [K in CompiledRule['type']]: RuleKind<Extract<CompiledRule, { type: K }>> } = {
  function: functionRules,
  call: callRules,
  prelude: preludeRules,
};

/** The kinds a `where` is tried against, in order: the first whose key it has; else functions. */
const BY_MARKER = [callRules, preludeRules] as const;

/** The kind of a rule written with this `where`. */
export function ruleKindOfWhere(where: WhereObject | undefined): RuleKind {
  const kind =
    BY_MARKER.find((k) => where !== undefined && k.marker !== undefined && k.marker in where) ?? functionRules;
  return kind as unknown as RuleKind;
}

/** The kind of a compiled rule, typed for rules of any kind (each kind is handed only its own). */
export function ruleKind(rule: CompiledRule): RuleKind {
  return RULE_KINDS[rule.type] as unknown as RuleKind;
}

/** True when the rule selects files by module, version and file (every kind but preludes). */
export function selectsFiles(rule: Pick<CompiledRule, 'type'>): boolean {
  return RULE_KINDS[rule.type].selectsFiles;
}

/** Imports the rule puts at the top of every entry point. */
export function entryImports(rule: CompiledRule): readonly string[] {
  return ruleKind(rule).entryImports(rule);
}
