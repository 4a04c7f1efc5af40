// `instts/runtime`: what instrumented code calls. Generated code uses the short exports
// (`site`, `r`, `cm`, `cf`); programs and hooks use the named API below.
// This module never imports from the compiler side.

import { Site, type SiteSpec } from './site.js';
import { CallRecord, isNativePromise } from './context.js';
import { disabledRuleIds } from './env.js';
import { stderrSink } from './log.js';
import { closest } from './validate.js';
import { append, reflectApply, reflectConstruct } from './intrinsics.js';

export { HookContext } from './context.js';
export type { SiteInfo, SiteSpec, Hook } from './site.js';

interface Registry {
  sites: Site[];
  disabledRules: Set<string>;
  allDisabled: boolean;
}

// One registry per process even when several bundles (or a bundle plus a hook copy) load the runtime.
const registryKey = Symbol.for('instts.runtime.registry.v1');
const globalScope = globalThis as unknown as Record<symbol, Registry | undefined>;
const registry: Registry = (globalScope[registryKey] ??= createRegistry());

function createRegistry(): Registry {
  const list = disabledRuleIds();
  const created: Registry = { sites: [], disabledRules: new Set(list), allDisabled: list.includes('*') };
  if (list.some((id) => id !== '*')) watchDisabledIds(created, list);
  return created;
}

/**
 * `INSTTS_DISABLE_RULES` ids that no site of the program declares are most likely typos: said once,
 * when the program has been running for a while (its sites register as its modules load) or at
 * exit, whichever comes first.
 */
function watchDisabledIds(registry: Registry, ids: readonly string[]): void {
  let checked = false;
  const check = (): void => {
    if (checked) return;
    checked = true;
    try {
      const seen = new Set<string>();
      for (const s of registry.sites) for (const b of s.bindings) seen.add(b.info.rule);
      const known = [...seen].sort();
      for (const id of ids) {
        if (id === '*' || seen.has(id)) continue;
        const near = closest(id, known);
        stderrSink(
          `instts: INSTTS_DISABLE_RULES names '${id}', which no instrumented function of this program has loaded` +
            (near !== undefined
              ? `; did you mean '${near}'?`
              : known.length > 0
                ? ` (rules: ${listSome(known)})`
                : '') +
            ' (reported once)',
        );
      }
    } catch {
      // a report never fails the program
    }
  };
  setTimeout(check, DISABLED_IDS_CHECK_MS).unref();
  process.once('exit', check);
}

const DISABLED_IDS_CHECK_MS = 10_000;

function listSome(ids: readonly string[]): string {
  return ids.length <= 8 ? ids.join(', ') : `${ids.slice(0, 8).join(', ')}, … ${ids.length - 8} more`;
}

function ruleEnabled(rule: string): boolean {
  return !registry.allDisabled && !registry.disabledRules.has(rule);
}

/**
 * Generated code: declare a site and its hooks. `hooks` lists [ruleId, onEnter, onExit] triples
 * taken from hook modules' exports, or [ruleId, { onEnter, onExit }] pairs made by a built-in
 * action's factory (`trace`, `govern`) for this site.
 */
export function site(spec: SiteSpec, hooks: ReadonlyArray<readonly [string, unknown, unknown?]>): Site {
  const created = new Site(spec);
  for (const entry of hooks) {
    const rule = entry[0];
    if (entry.length === 2) {
      const made = entry[1] as { onEnter?: unknown; onExit?: unknown } | undefined;
      created.add(rule, made?.onEnter, made?.onExit, ruleEnabled(rule));
    } else created.add(rule, entry[1], entry[2], ruleEnabled(rule));
  }
  append(registry.sites, created);
  return created;
}

/**
 * Generated code, for bodies that exit in a `finally` (async functions, generators, bodies with
 * their own `try…finally`): every `return <expr>` becomes `return r(record, (<expr>))`.
 */
export function r<T>(record: CallRecord | undefined, value: T): T {
  return record === undefined ? value : (record.r(value) as T);
}

/**
 * Generated code, for bodies that exit at their return statements: report the value and run
 * the exits now; the caller gets the value, or the one an onExit hook set.
 */
export function rx<T>(record: CallRecord | undefined, value: T): T {
  return record === undefined ? value : (record.rx(value) as T);
}

/**
 * Generated code: a wrapped method call `recv.name(...args)`. `s` is undefined when a hoisted
 * function runs (through an import cycle) before its file declared the site: the call goes through.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the program's own receiver or callee, of any shape
export function cm(s: Site | undefined, recv: any, name: PropertyKey, ...args: unknown[]): unknown {
  if (s === undefined || !s.on) return reflectApply(recv[name], recv, args);
  return callThrough(s, recv, recv[name], args);
}

/** Generated code: a wrapped plain call `fn(...args)`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the program's own receiver or callee, of any shape
export function cf(s: Site | undefined, fn: any, ...args: unknown[]): unknown {
  if (s === undefined || !s.on) return reflectApply(fn, undefined, args);
  return callThrough(s, undefined, fn, args);
}

/** Generated code: a wrapped `new recv[name](...args)`, or `new target(...args)` when `name` is null. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the program's own receiver or callee, of any shape
export function cn(s: Site | undefined, target: any, name: PropertyKey | null, ...args: unknown[]): unknown {
  const ctor = name === null ? target : target[name];
  if (s === undefined || !s.on) return reflectConstruct(ctor, args);
  return callThrough(s, undefined, ctor, args, true);
}

function callThrough(
  s: Site,
  self: unknown,
  fn: (...a: unknown[]) => unknown,
  args: unknown[],
  construct = false,
): unknown {
  const record = s.enter(self, args);
  if (record === undefined) return construct ? reflectConstruct(fn, args) : reflectApply(fn, self, args);
  if (record.s) return record.v;
  let value: unknown;
  try {
    value = record.r(
      record.k(construct ? () => reflectConstruct(fn, record.a) : () => reflectApply(fn, self, record.a)),
    );
  } catch (error) {
    record.t(error);
    if (record.x()) return record.result();
    throw error;
  }
  return record.x() ? record.result() : value;
}

/** Turn a rule's hooks on or off at run time (all sites of that rule). */
export function setRuleEnabled(rule: string, enabled: boolean): void {
  if (rule === '*') {
    // All rules at once: forget the per-rule switches so existing and future sites agree.
    registry.disabledRules.clear();
    registry.allDisabled = !enabled;
  } else if (enabled) registry.disabledRules.delete(rule);
  else registry.disabledRules.add(rule);
  for (const s of registry.sites) {
    let touched = false;
    for (const b of s.bindings) {
      if (rule === '*' || b.info.rule === rule) {
        b.enabled = enabled && (rule === '*' || ruleEnabled(b.info.rule));
        touched = true;
      }
    }
    if (touched) s.refresh();
  }
}

/** Whether a rule's hooks are on (not switched off by `INSTTS_DISABLE_RULES` or {@link setRuleEnabled}). */
export function isRuleEnabled(rule: string): boolean {
  return ruleEnabled(rule);
}

/** The sites this process has instrumented, with their rules and whether they listen. */
export function listSites(): Array<SiteSpec & { on: boolean; rules: string[] }> {
  return registry.sites.map((s) => ({ ...s.spec, on: s.on, rules: s.bindings.map((b) => b.info.rule) }));
}

export { isNativePromise };
