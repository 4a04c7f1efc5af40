// Route hooks of the web frameworks: they tell the inbound HTTP instrumentation (server.ts) which
// route template matched a request, for the span name and `http.route`, and they are where
// governance decides a request by `{method}:{route}` — before the route's handlers run.

import type { HookContext } from '../context.js';
import { markFrameworkRouting, routeMatched } from './server.js';

// Loading this module means a framework's route hooks are in the program: governance waits for them.
markFrameworkRouting();

/** express 4 `Route.prototype.dispatch(req, res, done)`, and the `router` package of express 5. */
export function expressDispatch(ctx: HookContext): void {
  const route = ctx.self as { path?: unknown } | undefined;
  const req = ctx.args[0] as { baseUrl?: unknown } | undefined;
  if (route === undefined || req === undefined) return;
  const template = `${typeof req.baseUrl === 'string' ? req.baseUrl : ''}${routePath(route.path)}`;
  if (!routeMatched(req, ctx.args[1], template)) ctx.skip(undefined);
}

/** fastify 4 and 5 `routeHandler(req, res, params, context, query)`. */
export function fastifyRouteHandler(ctx: HookContext): void {
  const context = ctx.args[3] as { config?: { url?: unknown } } | undefined;
  const url = context?.config?.url;
  if (typeof url !== 'string') return;
  if (!routeMatched(ctx.args[0], ctx.args[1], url)) ctx.skip(undefined);
}

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

function routePath(path: unknown): string {
  if (typeof path === 'string') return path;
  if (Array.isArray(path)) return path.map(routePath).join(',');
  return path === undefined ? '' : String(path);
}
