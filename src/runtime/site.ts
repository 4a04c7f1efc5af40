// A site is one instrumented join point (a function body or a call site) in the built output.
// Its `on` flag is the fast path: generated code checks it before doing anything else.

import { CallRecord, insideHook } from './context.js';
import { append } from './intrinsics.js';

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
  /** True when at least one enabled hook listens. */
  on = false;
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
}
