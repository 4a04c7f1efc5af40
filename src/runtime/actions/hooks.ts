// What a built-in action's factory returns for one site: the hooks the site binds.

import type { HookContext } from '../context.js';

export interface ActionHooks {
  onEnter?: (ctx: HookContext) => void;
  onExit?: (ctx: HookContext) => void;
}
