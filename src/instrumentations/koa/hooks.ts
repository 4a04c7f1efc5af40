// koa 2 and 3 with @koa/router route hooks: they tell the inbound HTTP instrumentation (src/runtime/http/server.ts)
// which route template matched a request, for the span name and `http.route`, and they are where
// governance decides a request by `{method}:{route}` — before the route's handlers run.

import type { HookContext } from '../../runtime/context.js';
import { markFrameworkRouting, routeMatched } from '../../runtime/http/server.js';

// Loading this module means a framework's route hooks are in the program: governance waits for them.
markFrameworkRouting();

interface KoaContext {
  req?: unknown;
  res?: unknown;
  _matchedRoute?: unknown;
  respond?: boolean;
}

/** koa `respond(ctx)` (success) and `ctx.onerror(err)` (failure): the route a router matched. */
export function koaRespond(ctx: HookContext): void {
  noteKoaRoute(ctx.args[0] as KoaContext | undefined);
}

export function koaOnError(ctx: HookContext): void {
  noteKoaRoute(ctx.self as KoaContext | undefined);
}

function noteKoaRoute(koa: KoaContext | undefined): void {
  if (koa === undefined || typeof koa._matchedRoute !== 'string') return;
  routeMatched(koa.req, koa.res, koa._matchedRoute);
}

/**
 * @koa/router `_buildMiddlewareChain(layers, path)`: the chain of a matched route gets a first
 * middleware that decides governance with the route (a blocked request is answered and its
 * handlers do not run).
 */
export function koaRouterChain(ctx: HookContext): void {
  if (ctx.threw || !Array.isArray(ctx.result)) return;
  ctx.setResult([koaRouteGuard, ...ctx.result]);
}

/** The first middleware of a matched @koa/router route (one function for every request). */
function koaRouteGuard(koa: KoaContext, next: () => unknown): unknown {
  if (typeof koa._matchedRoute === 'string' && !routeMatched(koa.req, koa.res, koa._matchedRoute)) {
    koa.respond = false; // already answered
    return undefined;
  }
  return next();
}
