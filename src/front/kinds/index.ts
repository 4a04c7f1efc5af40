// The front phase's dispatch on join-point kind: one entry per kind, keyed by the rule's `type`.
// The pre-filter, the listing walk and the matching below ask each kind; none tests a kind itself.

import ts from '../../typescript.cjs';
import type { CompiledRule } from '../../rules/types.js';
import { hasModifier } from '../../syntax.js';
import { callJoinPoints, type CallJoinPoint } from './call.js';
import { functionJoinPoints, type FunctionJoinPoint } from './function.js';
import type { FrontKind, JoinPointDescription } from './kind.js';
import { preludeJoinPoints } from './prelude.js';

export type { CallJoinPoint } from './call.js';
export type { FunctionJoinPoint, FunctionNode } from './function.js';
export type { JoinPointDescription } from './kind.js';

export type JoinPoint = FunctionJoinPoint | CallJoinPoint;

/** In this order: a file's matches list its functions first, then its call sites. */
export const FRONT_KINDS: {
  readonly [K in CompiledRule['type']]: FrontKind<Extract<CompiledRule, { type: K }>, Extract<JoinPoint, { type: K }>>;
} = {
  function: functionJoinPoints,
  call: callJoinPoints,
  prelude: preludeJoinPoints,
};

/** A kind typed for rules and join points of any kind: each kind is handed only its own. */
function frontKind(type: CompiledRule['type']): FrontKind<CompiledRule, JoinPoint> {
  return FRONT_KINDS[type] as unknown as FrontKind<CompiledRule, JoinPoint>;
}

export interface Match {
  joinPoint: JoinPoint;
  rules: CompiledRule[];
}

export interface NearMiss {
  rule: CompiledRule;
  joinPoint: JoinPoint;
  reason: string;
}

export interface MatchResult {
  matches: Match[];
  nearMisses: NearMiss[];
}

/** The pre-filter: rules that may match a file with this text (a file with none is not parsed). */
export function rulesThatMayMatch(text: string, rules: readonly CompiledRule[]): CompiledRule[] {
  return rules.filter((rule) => frontKind(rule.type).mayMatch(text, rule));
}

/** Lists the join points the rules' kinds select, in one walk, and matches them against the rules. */
export function matchFile(sf: ts.SourceFile, rules: readonly CompiledRule[]): MatchResult {
  const kinds = (Object.keys(FRONT_KINDS) as Array<CompiledRule['type']>).filter((type) =>
    rules.some((r) => r.type === type),
  );
  const listers = kinds.map((type) => ({ type, lister: frontKind(type).lister(sf) }));
  const visit = (node: ts.Node, depth: number, ambient: boolean): void => {
    for (const { lister } of listers) lister.visit(node, depth, ambient);
    const nowAmbient =
      ambient ||
      ((ts.isModuleDeclaration(node) || ts.isClassDeclaration(node) || ts.isVariableStatement(node)) &&
        hasModifier(node, ts.SyntaxKind.DeclareKeyword));
    ts.forEachChild(node, (child) => visit(child, depth + 1, nowAmbient));
  };
  visit(sf, 0, sf.isDeclarationFile);

  const result: MatchResult = { matches: [], nearMisses: [] };
  for (const { type, lister } of listers) {
    const kind = frontKind(type);
    const kindRules = rules.filter((r) => r.type === type);
    for (const jp of lister.found) {
      const matched: CompiledRule[] = [];
      for (const rule of kindRules) {
        const verdict = kind.match(jp, rule);
        if (verdict === true) matched.push(rule);
        else if (verdict !== false) result.nearMisses.push({ rule, joinPoint: jp, reason: verdict });
      }
      if (matched.length > 0) result.matches.push({ joinPoint: jp, rules: matched });
    }
  }
  return result;
}

/** How `instts inspect` names a join point. */
export function describeJoinPoint(jp: JoinPoint): JoinPointDescription {
  return frontKind(jp.type).describe(jp);
}
