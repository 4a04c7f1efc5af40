// koa 2 and 3 with @koa/router route hooks: they tell the inbound HTTP instrumentation (src/runtime/http/server.ts)
// which route template matched a request, for the span name and `http.route`, and they are where
// governance decides a request by `{method}:{route}` — before the route's handlers run.

import type { HookContext } from '../../runtime/context.js';
import { quietUnlessGoverned, quietUnlessListening } from '../../runtime/listening.js';
import {
  handlerFailed,
  handlerSettled,
  markFrameworkRouting,
  routeDecision,
  routeMatched,
} from '../../runtime/http/server.js';

// Loading this module means a framework's route hooks are in the program: governance waits for them.
markFrameworkRouting();
// Nothing listening (tracing off, no policy): the route hooks stay off, and no route gets a guard.
quietUnlessListening(['koa.respond', 'koa.onerror']);
// The route guard only decides governance (the route for spans comes from respond and onerror):
// without a policy it stays off, and each request's middleware chain stays as @koa/router built it.
quietUnlessGoverned(['koa-router.route']);

interface KoaContext {
  req?: unknown;
  res?: unknown;
  _matchedRoute?: unknown;
  respond?: boolean;
}

/** koa `respond(ctx)` (success) and `ctx.onerror(err)` (failure): the route a router matched. */
export function koaRespond(ctx: HookContext): void {
  noteKoaRoute(ctx.args[0] as KoaContext | undefined, true);
}

export function koaOnError(ctx: HookContext): void {
  // koa also calls onerror(undefined) when the connection closes: that is not the handler settling.
  const koa = ctx.self as KoaContext | undefined;
  const error = ctx.args[0];
  noteKoaRoute(koa, error !== undefined && error !== null);
  // The error a middleware threw: a 5xx's SERVER span records it.
  if (koa !== undefined) handlerFailed(koa.req, error);
}

function noteKoaRoute(koa: KoaContext | undefined, settled: boolean): void {
  if (koa === undefined) return;
  // The route's handlers have settled: a slot held for a client that left is given back.
  if (settled) handlerSettled(koa.req);
  if (typeof koa._matchedRoute !== 'string') return;
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
  if (typeof koa._matchedRoute !== 'string') return next();
  const decided = routeDecision(koa.req, koa.res, koa._matchedRoute, true);
  if (decided === true) return next();
  if (decided === false) return blockedByGovernance(koa);
  // Waiting its turn (queue shaping): the chain goes on when it comes.
  return decided.then((run) => (run ? next() : blockedByGovernance(koa)));
}

function blockedByGovernance(koa: KoaContext): undefined {
  koa.respond = false; // already answered
  return undefined;
}
