// The lane tag of the request being served, carried by its own AsyncLocalStorage so it follows
// timers, promise chains and callbacks whether or not OpenTelemetry is running. One storage per
// process: several bundles loading this runtime must see the same tag.

import { AsyncLocalStorage } from 'node:async_hooks';

interface LaneScope {
  readonly tag: string | undefined;
}

const storageKey = Symbol.for('instts.lanes.context.v1');
const scope = globalThis as unknown as Record<symbol, AsyncLocalStorage<LaneScope> | undefined>;
const storage: AsyncLocalStorage<LaneScope> = (scope[storageKey] ??= new AsyncLocalStorage<LaneScope>());

const UNTAGGED: LaneScope = Object.freeze({ tag: undefined });

/**
 * Run `fn` with `tag` as the current lane (undefined: explicitly untagged, hiding any outer
 * lane). Everything `fn` starts, synchronously or asynchronously, sees the tag.
 */
export function runInLane<T>(tag: string | undefined, fn: () => T): T {
  return storage.run(tag === undefined ? UNTAGGED : { tag }, fn);
}

/** The lane tag of the current request, or undefined (baseline). */
export function currentLane(): string | undefined {
  return storage.getStore()?.tag;
}
