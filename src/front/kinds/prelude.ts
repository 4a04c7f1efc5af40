// Prelude rules select no join point in any file: their imports go to the entry points, which
// the emit phase hands to the inject phase (see src/inject/prelude.ts).

import type { CompiledPreludeRule } from '../../rules/types.js';
import type { FrontKind } from './kind.js';

export const preludeJoinPoints: FrontKind<CompiledPreludeRule, never> = {
  type: 'prelude',
  mayMatch: () => false, // preludes go to entry points, whatever their text
  lister: () => ({ found: [], visit() {} }),
  match: () => false,
  describe: (jp) => jp,
};
