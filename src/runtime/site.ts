// A site is one instrumented join point (a function body or a call site) in the built output.
// Its `on` flag is the fast path: generated code checks it before doing anything else.

import { CallRecord, insideHook } from './context.js';
import { append } from './intrinsics.js';
import { reportOnce } from './report.js';

/** What `ctx.site` tells a hook about where it runs. */
export interface SiteInfo {
  readonly rule: string;
  /** `.` for the project's own code, else the package name. */
  readonly module: string;
  /** Path relative to the module root. */
  readonly file: string;
  readonly line: number;
  readonly class: string | undefined;
  readonly function: string;
  readonly kind: 'sync' | 'async' | 'callback' | 'generator' | 'call';
}

export type Hook = (ctx: import('./context.js').HookContext) => unknown;

export interface HookBinding {
  readonly info: SiteInfo;
  readonly onEnter: Hook | undefined;
  readonly onExit: Hook | undefined;
  enabled: boolean;
}

/** Static description emitted into the bundle for each site. */
export interface SiteSpec {
  module: string;
  file: string;
  line: number;
  class?: string;
  function: string;
  kind: SiteInfo['kind'];
  /** Callback kind: the position of the callback parameter. */
  callback?: number;
}

export class Site {
  /** True when at least one enabled hook listens: the fast-path flag generated code checks first. */
  on = false;
  /**
   * Sync bodies that exit at their return statements (see inject/function-body.ts) keep their
   * call's record here, not in their stack frame: `e` pushes it (or `undefined` when no hook
   * runs for the call), the call's return (`rx`) or its `catch` pops it. Sync calls end in the
   * reverse order they began, so a call's entry is on top when it ends. `d` is the stack's
   * height; generated code pops with an inline `d--` (no call that a stack overflow could fail
   * between the pop and the code that expects it) before calling `t` or `v`.
   */
  d = 0;
  private readonly open: Array<CallRecord | undefined> = [];
  /** What `t` found an onExit hook replaced the result with, for `result()`. */
  private replaced: unknown = undefined;
  readonly bindings: HookBinding[] = [];
  private active: HookBinding[] = [];
  /** Where the callback is watched: a callback-kind site with an onExit hook listening. */
  private watchedCallback: number | undefined = undefined;

  constructor(readonly spec: SiteSpec) {}

  add(rule: string, onEnter: unknown, onExit: unknown, enabled: boolean): void {
    const info: SiteInfo = Object.freeze({
      rule,
      module: this.spec.module,
      file: this.spec.file,
      line: this.spec.line,
      class: this.spec.class,
      function: this.spec.function,
      kind: this.spec.kind,
    });
    append(this.bindings, {
      info,
      onEnter: typeof onEnter === 'function' ? (onEnter as Hook) : undefined,
      onExit: typeof onExit === 'function' ? (onExit as Hook) : undefined,
      enabled,
    });
    this.refresh();
  }

  /** Recompute the fast-path flag after hooks were enabled or disabled. */
  refresh(): void {
    this.active = this.bindings.filter((b) => b.enabled && (b.onEnter !== undefined || b.onExit !== undefined));
    this.on = this.active.length > 0;
    // Without an onExit hook nothing waits for the callback: it is left as it is.
    this.watchedCallback = this.active.some((b) => b.onExit !== undefined) ? this.spec.callback : undefined;
  }

  /** Slow path: build the call record and run the onEnter hooks. */
  enter(self: unknown, args: ArrayLike<unknown>): CallRecord | undefined {
    if (insideHook()) return undefined;
    try {
      return new CallRecord(this.watchedCallback, this.active, self, args);
    } catch {
      return undefined; // fail open: the call runs uninstrumented
    }
  }

  /**
   * The arguments of an arrow function (which has no `arguments`): its named parameters, then
   * its rest parameter's items, appended by index so that no array iterator runs.
   */
  j(head: unknown[], rest: ArrayLike<unknown>): unknown[] {
    for (let i = 0; i < rest.length; i++) append(head, rest[i]);
    return head;
  }

  // Sync bodies that exit at their return statements: the shape is in inject/function-body.ts.
  // None of these runs user code or throws once its entry is pushed or popped, whatever fails.

  /** Enter: pushes this call's entry (last, after the hooks ran). 0: run the body; 1: re-bind the parameters first; 2: skipped. */
  e(self: unknown, args: ArrayLike<unknown>): number {
    return this.slow(ENTER, self, args) as number;
  }

  /** Re-binding (after `e` returned 1): the argument at `index` as the hooks left it. */
  a(index: number): unknown {
    return this.slow(ARGUMENT, index, undefined);
  }

  /** Re-binding: only the watched callback changed. */
  o(): boolean {
    return this.slow(CALLBACK_ONLY, undefined, undefined) as boolean;
  }

  /** Re-binding: whether the hooks changed the argument at `index` (see `CallRecord.ch`). */
  ch(index: number): boolean {
    return this.slow(CHANGED, index, undefined) as boolean;
  }

  /** Re-binding: the rest parameter from `from`. */
  rest(from: number): unknown[] {
    return this.slow(REST, from, undefined) as unknown[];
  }

  /** Re-binding: the function's own `arguments` shows the changed arguments. */
  sa(target: { length: number; [index: number]: unknown }): void {
    this.slow(SYNC_ARGUMENTS, target, undefined);
  }

  /** Skipped (after the generated `d--`): the skip value, or the error a hook failed the call with. */
  v(): unknown {
    return this.slow(SKIPPED, undefined, undefined);
  }

  /** A return statement: pops this call's entry, reports `value`, runs the exits; the caller gets this. */
  rx(value: unknown): unknown {
    return this.slow(RETURNED, value, undefined);
  }

  /** The body threw (after the generated `d--`). True when an onExit hook replaced the outcome: return `result()`. */
  t(error: unknown): boolean {
    return this.slow(THREW, error, undefined) as boolean;
  }

  /** The replacement `t` found. */
  result(): unknown {
    const value = this.replaced;
    this.replaced = undefined;
    return value;
  }

  /**
   * The work behind the methods above, in one function on purpose. V8 inlines small functions
   * into an optimized caller, and every value inlined code keeps across a call (a hook's) takes a
   * stack slot in the caller's frame — in every frame of a recursion (bench/depth measures it).
   * V8 does not inline a function of more than 460 bytes of bytecode: this one is bigger, and the
   * methods above, which are inlined, only load and call it.
   */
  private slow(op: number, x: unknown, y: unknown): unknown {
    switch (op) {
      case ENTER: {
        let record: CallRecord | undefined;
        try {
          record =
            this.on && !insideHook()
              ? new CallRecord(this.watchedCallback, this.active, x, y as ArrayLike<unknown>)
              : undefined;
        } catch (error) {
          record = undefined; // fail open: the call runs uninstrumented
          try {
            failed("a hooked call's entry", error);
          } catch {
            // even reporting can overflow the stack
          }
        }
        // Pushed last: nothing can throw between the push and the body's `try`.
        this.open[this.d] = record;
        this.d = this.d + 1;
        return record === undefined || !record.p ? 0 : record.s ? 2 : 1;
      }
      case ARGUMENT:
        return this.open[this.d - 1]!.a[x as number];
      case CALLBACK_ONLY:
        return this.open[this.d - 1]!.o;
      case REST:
        return this.open[this.d - 1]!.rest(x as number);
      case CHANGED:
        return this.open[this.d - 1]!.ch(x as number);
      case SYNC_ARGUMENTS:
        this.open[this.d - 1]!.sa(x as { length: number; [index: number]: unknown });
        return undefined;
    }
    if (op === RETURNED) this.d = this.d - 1; // the other paths popped inline, before their call
    // Nothing below may throw once the entry is popped: the body's `catch` would pop again.
    const record = this.open[this.d];
    this.open[this.d] = undefined;
    if (record === undefined) return op === RETURNED ? x : op === THREW ? false : undefined;
    if (op === SKIPPED) return record.v; // outside the body's `try`: the skip error goes to the caller
    try {
      if (op === RETURNED) return record.rx(x);
      record.t(x);
      if (!record.x()) return false;
      this.replaced = record.result();
      return true;
    } catch (error) {
      try {
        failed("a hooked call's exit", error);
      } catch {
        // even reporting can overflow the stack
      }
      return op === RETURNED ? x : false; // fail open
    }
  }
}

/** Report once. Callers wrap the call in their own `try`: a stack overflow can fail the call itself. */
function failed(what: string, error: unknown): void {
  reportOnce(what, error);
}

const ENTER = 0;
const RETURNED = 1;
const THREW = 2;
const SKIPPED = 3;
const ARGUMENT = 4;
const CALLBACK_ONLY = 5;
const REST = 6;
const SYNC_ARGUMENTS = 7;
const CHANGED = 8;
