// fastify 4 and 5 route hooks: they tell the inbound HTTP instrumentation (src/runtime/http/server.ts)
// which route template matched a request, for the span name and `http.route`, and they are where
// governance decides a request by `{method}:{route}` — before the route's handlers run.

import type { HookContext } from '../../runtime/context.js';
import { quietUnlessListening } from '../../runtime/listening.js';
import { markFrameworkRouting, requestState, routeDecision } from '../../runtime/http/server.js';

// Loading this module means a framework's route hooks are in the program: governance waits for them.
markFrameworkRouting();
// Nothing listening (tracing off, no policy): the route hook stays off.
quietUnlessListening(['fastify.route']);

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
