// Prelude rules (`where: { prelude: true }`): imports put at the top of every entry point, before
// anything the program imports. They select no files and take only `import` actions.

import path from 'node:path';
import { Code } from '../../diagnostics.js';
import type { CompiledPreludeRule } from '../types.js';
import type { RuleKind } from './kind.js';

export const preludeRules: RuleKind<CompiledPreludeRule, Record<string, never>> = {
  type: 'prelude',
  marker: 'prelude',
  selectsFiles: false,
  checkWhere(where, at, problems) {
    for (const key of Object.keys(where)) {
      if (key === 'prelude') continue;
      problems.error(
        Code.RuleSchema,
        `${problems.name(at)}: '${key}' cannot be used with 'prelude' (a prelude rule applies to the entry points)`,
        [...at, key],
        true,
      );
    }
  },
  compileSelectors: () => ({}),
  actionMisfit(key) {
    return key === 'import'
      ? undefined
      : `a prelude rule takes only 'import' actions; '${key}' applies to function and call-site rules`;
  },
  complete: (base, _selectors, _where, imports) => ({ ...base, type: 'prelude', imports }),
  entryImports: (rule) => rule.imports,
  describe: (rule) => `prelude ${rule.imports.map((i) => path.basename(i)).join(', ')}`,
};
