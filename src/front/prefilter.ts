// The cheap text test run before parsing: a file none of whose rules' literals occurs in its text
// cannot match, so it is not parsed at all.

import type { CompiledRule } from '../rules/types.js';

export function rulesThatMayMatch(text: string, rules: readonly CompiledRule[]): CompiledRule[] {
  return rules.filter((rule) => {
    switch (rule.type) {
      case 'function':
        return mayContain(text, rule.functionName.literal) && mayContain(text, rule.className?.literal);
      case 'call':
        return text.includes(rule.calleeName);
      case 'prelude':
        return false; // preludes go to entry points, whatever their text
    }
  });
}

function mayContain(text: string, literal: string | undefined): boolean {
  return literal === undefined || literal === '' || text.includes(literal);
}
