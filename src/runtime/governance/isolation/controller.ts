// Concurrency isolation: at most `maxConcurrency` calls of a resource in flight. The count is
// the resource's own in-flight counter, checked and incremented within one synchronous entry()
// call, so no other call can slip in between (unlike a check-then-increment across threads or
// across an `await`). A slot is released exactly once: on return, throw, timeout or abort.

import type { Blocked } from '../behavior.js';
import type { IsolationRule } from './rule.js';

export class IsolationController {
  /** The rule (replaced by an equal one when a reload keeps this state). */
  rule: IsolationRule;
  readonly max: number;
  blocked!: Blocked;

  constructor(rule: IsolationRule) {
    this.rule = rule;
    this.max = rule.maxConcurrency;
  }

  /** True when one more call would exceed the limit. */
  exceeds(inFlight: number): boolean {
    return inFlight + 1 > this.max;
  }

  /** Live state for the policy view: the resource's calls in flight. */
  view(_now: number, concurrency: number): Record<string, unknown> {
    return { concurrency };
  }
}
