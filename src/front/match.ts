// Matches the join points of one file against the rules that apply to the file.
// A join point a rule names but cannot instrument is a near-miss, reported with its reason.

import type { CompiledCallRule, CompiledFunctionRule, CompiledRule, NameMatcher } from '../rules/types.js';
import type { CallJoinPoint, FunctionJoinPoint, JoinPoint, JoinPointList } from './join-points.js';

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

export function matchJoinPoints(list: JoinPointList, rules: readonly CompiledRule[]): MatchResult {
  const functionRules = rules.filter((r): r is CompiledFunctionRule => r.type === 'function');
  const callRules = rules.filter((r): r is CompiledCallRule => r.type === 'call');
  const matches: Match[] = [];
  const nearMisses: NearMiss[] = [];

  if (functionRules.length > 0) {
    for (const jp of list.functions) {
      const matched: CompiledRule[] = [];
      for (const rule of functionRules) {
        const verdict = matchFunction(jp, rule);
        if (verdict === true) matched.push(rule);
        else if (verdict !== false) nearMisses.push({ rule, joinPoint: jp, reason: verdict });
      }
      if (matched.length > 0) matches.push({ joinPoint: jp, rules: matched });
    }
  }
  if (callRules.length > 0) {
    for (const jp of list.calls) {
      const matched: CompiledRule[] = [];
      for (const rule of callRules) {
        if (!sameCallee(jp, rule)) continue;
        if (jp.unavailable) nearMisses.push({ rule, joinPoint: jp, reason: jp.unavailable });
        else matched.push(rule);
      }
      if (matched.length > 0) matches.push({ joinPoint: jp, rules: matched });
    }
  }
  return { matches, nearMisses };
}

function nameMatches(matcher: NameMatcher, jp: FunctionJoinPoint): boolean {
  if (matcher.any) return true;
  if (jp.name !== '' && matcher.test(jp.name)) return true;
  return jp.aliases.some((alias) => matcher.test(alias));
}

/** true = match; false = not this rule's business; a string = named by the rule but skipped, why. */
function matchFunction(jp: FunctionJoinPoint, rule: CompiledFunctionRule): boolean | string {
  if (rule.className) {
    if (jp.className === undefined || !rule.className.test(jp.className)) return false;
  }
  if (!nameMatches(rule.functionName, jp)) return false;
  if (jp.accessor) {
    // Accessors are never hooked by a pattern: evaluating a getter has effects users don't expect.
    const named = rule.functionName.exact && rule.functionName.test(jp.name);
    if (!named) return `${jp.accessor}ter: name it exactly in "function" to instrument it`;
  }
  if (jp.unavailable) return jp.unavailable;
  if (rule.kind !== 'any' && rule.kind !== jp.kind) {
    // With a `*` name every other-kind function would be listed: only report when the name was chosen.
    return rule.functionName.any ? false : `kind is ${jp.kind}, the rule wants ${rule.kind}`;
  }
  return true;
}

function sameCallee(jp: CallJoinPoint, rule: CompiledCallRule): boolean {
  return jp.name === rule.calleeName && jp.module === rule.calleeModule;
}
