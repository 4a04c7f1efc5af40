// Call-site rules (`where: { call: "http.request" }`): calls of a module export or a global.

import { Code } from '../../diagnostics.js';
import { IDENTIFIER, NPM_NAME } from '../identifiers.js';
import type { CompiledCallRule } from '../types.js';
import { importBelongsToPreludes, type JsonPath, type RuleKind, type RuleProblems } from './kind.js';

/** `where` keys of function rules, which a call-site rule cannot have. */
const FUNCTION_ONLY_KEYS = ['class', 'function', 'kind'] as const;

type Callee = { module?: string; name: string };

export const callRules: RuleKind<CompiledCallRule, Callee> = {
  type: 'call',
  marker: 'call',
  selectsFiles: true,
  checkWhere(where, at, problems) {
    if ('prelude' in where) {
      problems.error(
        Code.RuleSchema,
        `${problems.name(at)}: 'prelude' cannot be used with 'call' (a rule is either a call-site rule or a prelude rule)`,
        [...at, 'prelude'],
        true,
      );
    }
    for (const key of FUNCTION_ONLY_KEYS) {
      if (key in where) {
        problems.error(
          Code.RuleSchema,
          `${problems.name(at)}: '${key}' applies to function rules; this is a call-site rule ('call' is set)`,
          [...at, key],
          true,
        );
      }
    }
  },
  compileSelectors(where, at, problems) {
    return typeof where.call === 'string' && where.call
      ? parseCallee(problems, where.call, [...at, 'call'])
      : undefined;
  },
  actionMisfit: importBelongsToPreludes,
  complete(base, callee, where) {
    return { ...base, type: 'call', call: where.call as string, calleeModule: callee.module, calleeName: callee.name };
  },
  entryImports: () => [],
  describe: (rule, scope) => `${scope} call ${rule.call}`,
};

/**
 * `fetch` → a global; `http.request`, `node:https.get` → module `http` / `https`;
 * `@scope/pkg.fn` → module `@scope/pkg`. The module is the text before the last dot.
 */
export function splitCallee(call: string): Callee {
  const dot = call.lastIndexOf('.');
  if (dot < 0) return { name: call };
  let module = call.slice(0, dot);
  if (module.startsWith('node:')) module = module.slice('node:'.length);
  return { module, name: call.slice(dot + 1) };
}

function parseCallee(problems: RuleProblems, call: string, at: JsonPath): Callee | undefined {
  const callee = splitCallee(call);
  const problem = !IDENTIFIER.test(callee.name)
    ? `'${callee.name}' is not a function name`
    : callee.module !== undefined && !NPM_NAME.test(callee.module)
      ? `'${callee.module}' is not a module name`
      : undefined;
  if (problem) {
    problems.error(
      Code.RuleSchema,
      `${problems.name(at)}: ${JSON.stringify(call)}: ${problem}; write module.function (http.request, node:https.get, @scope/pkg.fn) or the name of a global (fetch)`,
      at,
    );
    return undefined;
  }
  return callee;
}
