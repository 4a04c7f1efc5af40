// Function rules (`where: { class, function, kind }`): the default kind, selecting function
// bodies by class and function name (exact, glob or /regex/) and by kind (sync, async, …).

import { Code } from '../../diagnostics.js';
import { compileNameMatcher, NameSelectorError } from '../name-matcher.js';
import type { CompiledFunctionRule, KindSelector, NameMatcher } from '../types.js';
import { importBelongsToPreludes, type JsonPath, type RuleKind, type RuleProblems } from './kind.js';

interface FunctionSelectors {
  className: NameMatcher | undefined;
  functionName: NameMatcher;
}

export const functionRules: RuleKind<CompiledFunctionRule, FunctionSelectors> = {
  type: 'function',
  marker: undefined,
  selectsFiles: true,
  checkWhere() {},
  compileSelectors(where, at, problems) {
    const className =
      typeof where.class === 'string' && where.class ? nameMatcher(problems, where.class, [...at, 'class']) : undefined;
    const source = typeof where.function === 'string' && where.function ? where.function : '*';
    const functionName = nameMatcher(problems, source, [...at, 'function']);
    const classFailed = typeof where.class === 'string' && where.class !== '' && className === undefined;
    return functionName === undefined || classFailed ? undefined : { className, functionName };
  },
  actionMisfit: importBelongsToPreludes,
  complete(base, selectors, where) {
    return {
      ...base,
      type: 'function',
      className: selectors.className,
      functionName: selectors.functionName,
      kind: (typeof where.kind === 'string' ? where.kind : 'any') as KindSelector,
    };
  },
  entryImports: () => [],
  describe(rule, scope) {
    return `${scope} function ${rule.className ? `${rule.className.source}.` : ''}${rule.functionName.source} kind ${rule.kind}`;
  },
};

function nameMatcher(problems: RuleProblems, source: string, at: JsonPath): NameMatcher | undefined {
  try {
    return compileNameMatcher(source);
  } catch (err) {
    if (!(err instanceof NameSelectorError)) throw err;
    const code = err.kind === 'regex' ? Code.RuleRegex : Code.RuleGlob;
    problems.error(code, `${problems.name(at)}: ${JSON.stringify(source)}: ${err.message}`, at);
    return undefined;
  }
}
