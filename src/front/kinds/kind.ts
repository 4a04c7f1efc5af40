// What one join-point kind contributes to the front phase: the pre-filter's text test, the
// listing of its join points in a parsed file, the matching against a rule with the reason for a
// near-miss, and the names `instts inspect` shows.

import type ts from '../../typescript.cjs';
import type { CompiledRule } from '../../rules/types.js';

/** Collects one kind's join points during the one walk over a file's syntax tree. */
export interface JoinPointLister<J> {
  /** Looks at one node. `depth`: nesting in the tree; `ambient`: inside a `declare`d scope. */
  visit(node: ts.Node, depth: number, ambient: boolean): void;
  /** The join points found, in source order. */
  readonly found: J[];
}

export interface FrontKind<R extends CompiledRule, J> {
  readonly type: R['type'];
  /** The cheap test before parsing: false when `text` cannot hold a join point `rule` selects. */
  mayMatch(text: string, rule: R): boolean;
  /** A lister for one parsed file (it may read the whole file first: imports, declared names). */
  lister(sf: ts.SourceFile): JoinPointLister<J>;
  /** true: a match; false: not this rule's business; a string: named by the rule but skipped, why. */
  match(jp: J, rule: R): boolean | string;
  /** How `instts inspect` names the join point. */
  describe(jp: J): JoinPointDescription;
}

export interface JoinPointDescription {
  class: string | undefined;
  function: string;
  kind: string;
}
