// What one join-point kind contributes to the rule phase. A rule's `where` decides its kind
// (`call` → a call site, `prelude` → the entry points, else a function); each kind checks the
// `where` keys it cannot take, compiles its own selectors and says which actions fit it.

import type { CompiledRule, CompiledRuleBase } from '../types.js';

export type JsonPath = Array<string | number>;
export type WhereObject = Record<string, unknown>;

/** Where a kind reports what is wrong with a rule: a located diagnostic per problem. */
export interface RuleProblems {
  /** Reports a problem with the value at `at` (or with its key, when `key`). */
  error(code: number, message: string, at: JsonPath, key?: boolean): void;
  /** Printed form of a path in the document: `rules[0].where.call`. */
  name(at: JsonPath): string;
}

/** The action keys a rule's `do` entries can have. */
export type ActionKey = 'hook' | 'import' | 'trace' | 'govern';

export interface RuleKind<R extends CompiledRule = CompiledRule, S = unknown> {
  readonly type: R['type'];
  /**
   * The `where` key that makes a rule this kind; undefined for the kind a rule has when no
   * other kind's key is present.
   */
  readonly marker: string | undefined;
  /**
   * True when `module`, `version` and `file` select the files the rule applies to; false for a
   * kind that applies to the entry points whatever their module.
   */
  readonly selectsFiles: boolean;
  /** Reports the `where` keys this kind cannot be combined with (the schema allows all of them). */
  checkWhere(where: WhereObject, at: JsonPath, problems: RuleProblems): void;
  /** The kind's own selectors compiled; undefined when one of them is wrong (reported). */
  compileSelectors(where: WhereObject, at: JsonPath, problems: RuleProblems): S | undefined;
  /** Why an action does not fit a rule of this kind; undefined when it does. */
  actionMisfit(key: ActionKey): string | undefined;
  /** The compiled rule from the common part, the kind's selectors and the rule's `import` actions. */
  complete(base: CompiledRuleBase, selectors: S, where: WhereObject, imports: string[]): R;
  /** Imports the rule puts at the top of every entry point. */
  entryImports(rule: R): readonly string[];
  /** One line saying what the rule selects (`instts inspect`); `scope` names module, version and file. */
  describe(rule: R, scope: string): string;
}

/** Function and call-site rules take hooks, `trace` and `govern`; `import` belongs to preludes. */
export function importBelongsToPreludes(key: ActionKey): string | undefined {
  return key === 'import' ? `'import' actions belong to prelude rules (where: { "prelude": true })` : undefined;
}
