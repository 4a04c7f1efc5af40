// Isolation rules (a concurrency limit): the rule, its validation. Enforced by ./controller.ts.

import { num, object } from '../../validate.js';
import { base, type Ref, type RuleBase } from '../rule.js';
import { DEFS, keysOf } from '../../policy-schema.js';

export interface IsolationRule extends RuleBase {
  maxConcurrency: number;
}

export function parseIsolationRule(v: unknown, path: string, defaultId: string, ref: Ref): IsolationRule {
  const o = object(v, path, keysOf(DEFS.isolationRule));
  return {
    ...base(o, path, defaultId, ref),
    maxConcurrency: num(o, 'maxConcurrency', path, undefined, { int: true, min: 1 }),
  };
}
