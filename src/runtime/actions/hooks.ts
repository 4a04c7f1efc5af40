// What a built-in action's factory returns for one site: the hooks the site binds.

import type { HookContext } from '../context.js';

export interface ActionHooks {
  onEnter?: (ctx: HookContext) => void;
  onExit?: (ctx: HookContext) => void;
}

/** The process environment, where there is one. */
export function processEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}
