// fastify 4 and 5 route hooks: they tell the inbound HTTP instrumentation (src/runtime/http/server.ts)
// which route template matched a request, for the span name and `http.route`, and they are where
// governance decides a request by `{method}:{route}` — before the route's handlers run.

import type { HookContext } from '../../runtime/context.js';
import { markFrameworkRouting, routeMatched } from '../../runtime/http/server.js';

// Loading this module means a framework's route hooks are in the program: governance waits for them.
markFrameworkRouting();

/** fastify 4 and 5 `routeHandler(req, res, params, context, query)`. */
export function fastifyRouteHandler(ctx: HookContext): void {
  const context = ctx.args[3] as { config?: { url?: unknown } } | undefined;
  const url = context?.config?.url;
  if (typeof url !== 'string') return;
  if (!routeMatched(ctx.args[0], ctx.args[1], url)) ctx.skip(undefined);
}
