// fastify 4 and 5 route hooks: they tell the inbound HTTP instrumentation (src/runtime/http/server.ts)
// which route template matched a request, for the span name and `http.route`, and they are where
// governance decides a request by `{method}:{route}` — before the route's handlers run. The error
// hook hands the error behind a 5xx to the request's SERVER span.

import type { HookContext } from '../../runtime/context.js';
import { quietUnlessListening } from '../../runtime/listening.js';
import { handlerFailed, markFrameworkRouting, requestState, routeDecision } from '../../runtime/http/server.js';

// Loading this module means a framework's route hooks are in the program: governance waits for them.
markFrameworkRouting();
// Nothing listening (tracing off, no policy): the route and error hooks stay off.
quietUnlessListening(['fastify.route', 'fastify.error']);

/** fastify 4 and 5 `routeHandler(req, res, params, context, query)`. */
export function fastifyRouteHandler(ctx: HookContext): void {
  const context = ctx.args[3] as { config?: { url?: unknown } } | undefined;
  const url = context?.config?.url;
  if (typeof url !== 'string' || requestState(ctx.args[0]) === undefined) return;
  // find-my-way calls the route's handler as a method of its route handle: a request that waits
  // its turn (queue shaping) is handled again through it when the turn comes.
  const handle = ctx.self as { handler?: unknown } | undefined;
  const handler = typeof handle === 'object' && handle !== null ? handle.handler : undefined;
  // The way back in is made only for a request that waits, not for every request.
  const decided = routeDecision(ctx.args[0], ctx.args[1], url, typeof handler === 'function');
  if (decided === true) return;
  ctx.skip(undefined);
  if (decided === false) return;
  const args = [...ctx.args];
  void decided.then((run) => {
    if (run) Reflect.apply(handler as (...a: unknown[]) => unknown, handle, args);
  });
}

/**
 * fastify 4 and 5 `handleError(reply, error, cb)`: where every error of a request (thrown or
 * rejected by a handler or a hook, given to `reply.send`, or thrown by an error handler in turn)
 * reaches the route's error handler. The request's SERVER span records it when the answer is a
 * 5xx; the latest error wins.
 */
export function fastifyHandleError(ctx: HookContext): void {
  const reply = ctx.args[0] as { request?: { raw?: unknown } } | undefined;
  const req = typeof reply === 'object' && reply !== null ? reply.request?.raw : undefined;
  if (req !== undefined) handlerFailed(req, ctx.args[1]);
}
