// The per-call context handed to hooks, and the exit bookkeeping around one call.
// Nothing here may throw into user code: every hook call goes through `safeCall`.

import type { SiteInfo, HookBinding } from './site.js';
import { reportHookFailure, reportAroundFailure } from './report.js';
import { append, copyList, hasOwn, matches, objectIs, reflectApply } from './intrinsics.js';

// Captured at load: user code that shadows or replaces `Promise` must not change what we treat as native.
const NativePromise = Promise;
const nativePromiseProto = NativePromise.prototype;
const nativeThen = nativePromiseProto.then;
const getPrototypeOf = Object.getPrototypeOf;

/** True only for promises created by the engine's own Promise (not subclasses, not thenables). */
export function isNativePromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && getPrototypeOf(value) === nativePromiseProto;
}

/** What a hook sees. One per hook per call, so `data` is private to the hook's enter/exit pair. */
export class HookContext {
  readonly site: SiteInfo;
  readonly self: unknown;
  /** The arguments; assigning an element (or pushing) in onEnter changes what the original receives. */
  args: unknown[];
  result: unknown = undefined;
  error: unknown = undefined;
  /** True once the call threw or its promise rejected. */
  threw = false;
  private bag: Record<string, unknown> | undefined;
  /** @internal */ _skipped = false;
  /** @internal */ _skipValue: unknown = undefined;
  /** @internal */ _failed = false;
  /** @internal */ _replaced = false;
  /** @internal */ _around: (<T>(call: () => T) => T) | undefined = undefined;

  constructor(site: SiteInfo, self: unknown, args: unknown[]) {
    this.site = site;
    this.self = self;
    this.args = args;
  }

  /** A bag shared by onEnter and onExit of this call. */
  get data(): Record<string, unknown> {
    return (this.bag ??= {});
  }

  /** In onEnter: do not run the original; the caller gets `value` (as a promise for async functions). */
  skip(value?: unknown): void {
    this._skipped = true;
    this._failed = false;
    this._skipValue = value;
  }

  /** In onEnter: do not run the original; the caller gets `error` thrown (a rejection for async functions). */
  fail(error: unknown): void {
    this._skipped = true;
    this._failed = true;
    this._skipValue = error;
  }

  /**
   * In onEnter: the original runs inside `around` (which must call `call` exactly once and return
   * its result), so a hook can make an async context active for the call, e.g. a span. Function
   * bodies get this only when their rule asks for it at build time (`trace`); call sites always.
   */
  runAround(around: <T>(call: () => T) => T): void {
    if (typeof around === 'function') this._around = around;
  }

  /** In onExit: the caller gets `value` instead of the original result (or error). */
  setResult(value: unknown): void {
    this._replaced = true;
    this.result = value;
    this.error = undefined;
    this.threw = false;
  }
}

/** Depth of hook calls in progress: instrumented code a hook calls runs uninstrumented (no recursion). */
let hookDepth = 0;
export function insideHook(): boolean {
  return hookDepth > 0;
}

function safeCall(fn: (ctx: HookContext) => unknown, ctx: HookContext, binding: HookBinding, phase: string): void {
  hookDepth++;
  try {
    fn(ctx);
  } catch (error) {
    reportHookFailure(binding, phase, error);
  } finally {
    hookDepth--;
  }
}

/**
 * One instrumented call while at least one hook listens. The generated code talks to it through
 * short members (`p`, `s`, `v`, `a`, `sa`, `r`, `t`, `x`) to keep the injected text small.
 */
export class CallRecord {
  private readonly contexts: HookContext[];
  private readonly bindings: readonly HookBinding[];
  private entered = 0;
  private exited = false;
  /** Pending action for the generated code: skipped, or arguments changed. */
  p = false;
  /** The original is skipped. */
  s = false;
  private skipValue: unknown = undefined;
  private skipFailed = false;
  /** The value to return when skipped; throws the error when a hook failed the call instead. */
  get v(): unknown {
    if (this.skipFailed) throw this.skipValue;
    return this.skipValue;
  }
  /** The (possibly changed) arguments, to re-bind the parameters from. */
  a: unknown[];
  /** Only the callback changed (the wrapper that sees it called): only it is bound again. */
  o = false;
  /** The arguments as called, to tell which ones the hooks changed. */
  private readonly given: ArrayLike<unknown>;
  /** What hooks asked the original to run inside (see `HookContext.runAround`), outermost first. */
  private around: Array<<T>(call: () => T) => T> | undefined = undefined;
  /** What the body returned, or what it threw when `threwFlag` is set. */
  private outcome: unknown = undefined;
  private threwFlag = false;
  private replacement: unknown = undefined;
  /** A callback-kind call that was given a callback: it exits when the callback is called. */
  private callbackStyle: boolean;

  /** `callbackIndex`: the position of a callback parameter to watch (set by the site only when an onExit hook listens). */
  constructor(
    callbackIndex: number | undefined,
    bindings: readonly HookBinding[],
    self: unknown,
    args: ArrayLike<unknown>,
  ) {
    this.bindings = bindings;
    this.given = args;
    this.callbackStyle = callbackIndex !== undefined;
    // Hooks see a copy; `args` itself stays as called, to tell whether they changed anything.
    const shared = copyList(args);
    this.a = shared;
    this.contexts = [];
    for (let i = 0; i < bindings.length; i++) {
      const binding = bindings[i]!;
      const ctx = new HookContext(binding.info, self, shared);
      append(this.contexts, ctx);
      this.entered = i + 1;
      if (binding.onEnter !== undefined) safeCall(binding.onEnter, ctx, binding, 'onEnter');
      if (ctx.args !== this.a) {
        // A hook replaced the whole array: later hooks and the original see the new one.
        this.a = ctx.args;
        for (let j = 0; j < this.contexts.length; j++) this.contexts[j]!.args = ctx.args;
      }
      if (ctx._around !== undefined) append((this.around ??= []), ctx._around);
      if (ctx._skipped) {
        this.s = true;
        this.p = true;
        // The original never runs: the exits run now (or when a skip promise settles).
        const value = ctx._skipValue;
        if (ctx._failed) {
          // A hook replacing the result in onExit turns the failure back into a value.
          if (this.finish(true, value)) this.skipValue = this.replacement;
          else {
            this.skipFailed = true;
            this.skipValue = value;
          }
        } else if (isNativePromise(value)) {
          this.skipValue = value;
          this.settleLater(value);
        } else {
          this.skipValue = this.finish(false, value) ? this.replacement : value;
        }
        break;
      }
    }
    if (!this.s) {
      const changed = !sameArgs(this.a, args);
      // Called without a callback (a promise-style call, say): it exits like any other call.
      if (this.callbackStyle) this.callbackStyle = this.wrapCallback(callbackIndex!, args);
      if (changed || this.callbackStyle) this.p = true;
      this.o = this.callbackStyle && !changed;
    }
  }

  /**
   * Whether the hooks changed argument `index` (its value, or whether it was passed at all). A
   * parameter with a default or a destructuring pattern is bound again only then: its default
   * and its pattern's getters must not run a second time for an argument nobody changed.
   */
  ch(index: number): boolean {
    return index < this.a.length !== index < this.given.length || !objectIs(this.a[index], this.given[index]);
  }

  /**
   * Generated code (bodies moved into a closure) and call sites: run the original inside what the
   * hooks asked for. A wrapper that fails before calling it does not stop the call.
   */
  k<T>(original: () => T): T {
    const around = this.around;
    if (around === undefined) return original();
    let called = false;
    let call: () => T = () => {
      called = true;
      return original();
    };
    for (let i = around.length - 1; i >= 0; i--) {
      const wrap = around[i]!;
      const inner = call;
      call = () => wrap(inner);
    }
    try {
      return call();
    } catch (error) {
      if (called) throw error; // the original's own error
      reportAroundFailure(error);
      return original();
    }
  }

  /** The body returns `value` (every `return <expr>` of the original passes through here). */
  r(value: unknown): unknown {
    this.outcome = value;
    this.threwFlag = false;
    return value;
  }

  /** `r` plus the exit: the return statement is where the call ends. */
  rx(value: unknown): unknown {
    this.r(value);
    return this.x() ? this.replacement : value;
  }

  /**
   * Generated code, with the parameters re-bound: the function's own `arguments` object shows the
   * changed arguments too (strict-mode `arguments` is not linked to the parameters).
   */
  sa(target: { length: number; [index: number]: unknown }): void {
    const now = this.a;
    for (let i = 0; i < now.length; i++) target[i] = now[i];
    for (let i = now.length; i < target.length; i++) delete target[i];
    target.length = now.length;
  }

  /** Generated code: the value of a rest parameter at `from` when the parameters are bound again. */
  rest(from: number): unknown[] {
    return copyList(this.a, from);
  }

  /** The body threw (or an async body rejected). */
  t(error: unknown): void {
    this.outcome = error;
    this.threwFlag = true;
  }

  /**
   * The body finished (the generated `finally`). Returns true when a hook replaced the result,
   * in which case the generated code returns `result()` from the finally block.
   */
  x(): boolean {
    if (this.s) return false; // skipped: the exits ran with the skip value
    if (this.callbackStyle && !this.threwFlag) return false; // exit comes with the callback
    const value = this.outcome;
    if (!this.threwFlag && isNativePromise(value)) {
      this.settleLater(value);
      return false;
    }
    return this.finish(this.threwFlag, value);
  }

  /** Exit when the promise settles; the caller keeps the very same promise object. */
  private settleLater(promise: Promise<unknown>): void {
    reflectApply(nativeThen, promise, [
      (settled: unknown) => this.finish(false, settled),
      (reason: unknown) => this.finish(true, reason),
    ]);
  }

  /** The value to return when `x()` said the result was replaced. */
  result(): unknown {
    return this.replacement;
  }

  /** Run the onExit hooks (once), innermost (last entered) first. */
  finish(threw: boolean, value: unknown): boolean {
    if (this.exited) return false;
    this.exited = true;
    let replaced = false;
    for (let i = this.entered - 1; i >= 0; i--) {
      const ctx = this.contexts[i]!;
      const binding = this.bindings[i]!;
      if (threw) {
        ctx.threw = true;
        ctx.error = value;
      } else {
        ctx.result = value;
      }
      if (binding.onExit !== undefined) safeCall(binding.onExit, ctx, binding, 'onExit');
      if (ctx._replaced) {
        replaced = true;
        threw = false;
        value = ctx.result;
        this.replacement = value;
      }
    }
    return replaced;
  }

  /**
   * Watches the argument in the callback parameter's place; false when there is nothing to watch.
   * Only the callback parameter: with the callback left out, the last function argument is
   * something else (an iteratee, a listener). Only plain functions: a class is not a callback
   * (never call it for the user), and async or generator functions are not node-style callbacks.
   *
   * The watcher is a Proxy of the callback, not a new function: own properties (`done.fail`),
   * writes to them, `prototype` (none on arrows and methods), `new`, `length`, `name` and the
   * prototype chain are the callback's own. What differs: identity (`wrapper !== callback`, as
   * with any wrapper) and `Function.prototype.toString`, which gives `[native code]` for proxies.
   */
  private wrapCallback(index: number, called: ArrayLike<unknown>): boolean {
    const args = this.a;
    const candidate = args[index];
    // A function an onEnter hook put in the callback's place is the hook's own wrapper: it is
    // watched without the class check, which reads the function's source text (about 0.5 µs per
    // call under a real workload's cache misses).
    const fromHook = candidate !== called[index] && typeof candidate === 'function';
    if (!fromHook && !isPlainFunction(candidate)) return false;
    args[index] = new ProxyConstructor(candidate as (...a: unknown[]) => unknown, new CallbackWatch(this));
    return true;
  }
}

/** Proxy handler of a watched callback: its first call ends the call it was passed to. */
class CallbackWatch {
  constructor(private readonly record: CallRecord) {}

  apply(target: (...a: unknown[]) => unknown, self: unknown, cbArgs: unknown[]): unknown {
    const err = cbArgs[0];
    if (err !== null && err !== undefined) this.record.finish(true, err);
    else this.record.finish(false, cbArgs.length > 1 ? cbArgs[1] : undefined);
    return reflectApply(target, self, cbArgs);
  }
}
// The engine looks traps up on the handler: a program's `Object.prototype.get` must not become one.
Object.setPrototypeOf(CallbackWatch.prototype, null);
const ProxyConstructor = Proxy;

function sameArgs(now: unknown[], before: ArrayLike<unknown>): boolean {
  if (now.length !== before.length) return false;
  for (let i = 0; i < now.length; i++) if (!objectIs(now[i], before[i])) return false;
  return true;
}

const functionPrototype = Function.prototype;
const fnToString = functionPrototype.toString;
const CLASS_SOURCE = /^class[\s{]/;
function isClassConstructor(fn: unknown): boolean {
  // Arrows, methods and bound functions have no own `prototype`: no class. The others' source
  // text tells (a sliced string of the script, cheap). Reading the `prototype` descriptor
  // instead would make V8 build the lazy prototype object of every plain function callback:
  // about 0.65 µs per callback, against 40 ns here.
  try {
    if (!hasOwn(fn as object, 'prototype')) return false;
    return matches(CLASS_SOURCE, reflectApply(fnToString, fn, []) as string);
  } catch {
    return false;
  }
}

/** A function of this realm that is not async, a generator or a class (arrows and bound functions are). */
function isPlainFunction(fn: unknown): fn is (...a: unknown[]) => unknown {
  return typeof fn === 'function' && getPrototypeOf(fn) === functionPrototype && !isClassConstructor(fn);
}
