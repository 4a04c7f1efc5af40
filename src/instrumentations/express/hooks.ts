// express 4 and 5 route hooks: they tell the inbound HTTP instrumentation
// (src/runtime/http/server.ts) which route template matched a request, for the span name and
// `http.route`, and they are where governance decides a request by `{method}:{route}` — before
// the route's handlers run.

import type { HookContext } from '../../runtime/context.js';
import { isRuleEnabled, setRuleEnabled } from '../../runtime/index.js';
import { anythingListening, quietUnlessListening } from '../../runtime/listening.js';
import { handlerFailed, markFrameworkRouting, requestState, routeDecision } from '../../runtime/http/server.js';

// Loading this module means a framework's route hooks are in the program: governance waits for them.
markFrameworkRouting();
// Nothing listening (tracing off, no policy): the route and layer hooks stay off.
quietUnlessListening([
  'express.route',
  'express.layer',
  'express.mount',
  'express5.route',
  'express5.mount',
  'express.error',
  'express5.error',
  'express.finalhandler',
]);

// express 4 enters every layer (query parser, expressInit, each route) for every request, but
// only a router or sub-app mounted at a path needs the mount hook. It waits, off, until the
// layer constructor hook sees such a layer made (an app makes its layers as it is set up).
let mountHookWaiting = false;
// No request has had a mount template yet: the route hook need not look for one. (A property that
// is missing is looked up along the whole prototype chain, which express swaps for every request.)
let mountTemplatesSeen = false;
if (anythingListening() && isRuleEnabled('express.mount')) {
  setRuleEnabled('express.mount', false);
  mountHookWaiting = true;
}

/** express 4 `Route.prototype.dispatch(req, res, done)`, and the `router` package of express 5. */
export function expressDispatch(ctx: HookContext): void {
  const route = ctx.self as { path?: unknown; dispatch?: unknown } | undefined;
  const req = ctx.args[0] as ExpressRequest | undefined;
  // A request the server instrumentation does not follow has nobody to tell the route.
  if (route === undefined || req === undefined || requestState(req) === undefined) return;
  const template = `${mountTemplate(req)}${routePath(route.path)}`;
  // A request that waits its turn (queue shaping) is dispatched again when it comes; governance
  // is decided by then, so the second dispatch goes straight through.
  // The way back in is made only for a request that waits, not for every request.
  const dispatch = route.dispatch;
  const decided = routeDecision(req, ctx.args[1], template, typeof dispatch === 'function');
  if (decided === true) return;
  ctx.skip(undefined);
  if (decided === false) return;
  const args = [...ctx.args];
  void decided.then((run) => {
    if (run) Reflect.apply(dispatch as (...a: unknown[]) => unknown, route, args);
  });
}

// Mount paths. `req.baseUrl` is the path a router or sub-app was mounted at *as requested*
// (`/v2/acme`), while the route template needs it as written (`/v2/:tenant`). When a mount layer
// is entered, express has just set `req.baseUrl` to its parent's base plus the matched part; the
// layer's own pattern replaces that part, on top of the parent's template.

interface ExpressRequest {
  baseUrl?: unknown;
  [MOUNTS]?: Array<{ base: string; template: string }>;
}

/** Wildcards, optional or repeated parts, groups: a mount pattern whose segments do not map one to one. */
const MOUNT_PATTERN_UNREADABLE = /[*?+(){}[\]]/;
const MOUNTS = Symbol.for('instts.http.express.mounts.v1');
/** express 4 layers do not keep the path they were made with: the constructor hook keeps it here. */
const LAYER_PATH = Symbol.for('instts.http.express.layerPath.v1');

/** express 4 `Layer(path, options, fn)` (onEnter): remember the path as written. */
export function expressLayerCreated(ctx: HookContext): void {
  const layer = ctx.self;
  if (typeof layer !== 'object' || layer === null || layer === globalThis) return; // called without new: it calls itself with new
  const path = ctx.args[0];
  (layer as Record<symbol, unknown>)[LAYER_PATH] = path;
  if (mountHookWaiting && couldBeMount(path, ctx.args[1])) {
    mountHookWaiting = false;
    setRuleEnabled('express.mount', true);
  }
}

/** A layer made by `use(path, …)` (not a route: those end at their path) that {@link expressLayerEntered} can read. */
function couldBeMount(path: unknown, options: unknown): boolean {
  if (typeof options === 'object' && options !== null && (options as { end?: unknown }).end === true) return false;
  return typeof path === 'string' && path !== '/' && path !== '' && !MOUNT_PATTERN_UNREADABLE.test(path);
}

/** express 4 `Layer#handle_request`, router 2 `Layer#handleRequest` (onEnter): a mount layer being entered. */
export function expressLayerEntered(ctx: HookContext): void {
  const layer = ctx.self as { route?: unknown; rawPath?: unknown; [LAYER_PATH]?: unknown } | undefined;
  const req = ctx.args[0] as ExpressRequest | undefined;
  if (typeof layer !== 'object' || layer === null || layer.route !== undefined) return; // a route's layer
  if (
    typeof req !== 'object' ||
    req === null ||
    typeof req.baseUrl !== 'string' ||
    req.baseUrl === '' ||
    requestState(req) === undefined
  )
    return;
  const pattern = 'rawPath' in layer ? layer.rawPath : layer[LAYER_PATH];
  if (typeof pattern !== 'string' || pattern === '/' || pattern === '') return; // middleware at the root
  // Each segment of the pattern matched exactly one segment of the path: no wildcards, optional
  // or repeated parts, groups or regular expressions (those mounts keep the path as requested).
  if (MOUNT_PATTERN_UNREADABLE.test(pattern)) return;
  const patternSegments = segments(pattern);
  const baseSegments = segments(req.baseUrl);
  if (patternSegments.length === 0 || patternSegments.length > baseSegments.length) return;
  const parentBase =
    baseSegments.length === patternSegments.length
      ? ''
      : `/${baseSegments.slice(0, baseSegments.length - patternSegments.length).join('/')}`;
  mountTemplatesSeen = true;
  const mounts = (req[MOUNTS] ??= []);
  const template = `${templateOf(mounts, parentBase)}/${patternSegments.join('/')}`;
  mounts.push({ base: req.baseUrl, template });
}

/** The route template of `req.baseUrl`: the latest mount entered at that base, else the base itself. */
function mountTemplate(req: ExpressRequest): string {
  const base = typeof req.baseUrl === 'string' ? req.baseUrl : '';
  const mounts = mountTemplatesSeen ? req[MOUNTS] : undefined;
  return mounts === undefined ? base : templateOf(mounts, base);
}

function templateOf(mounts: ReadonlyArray<{ base: string; template: string }>, base: string): string {
  for (let i = mounts.length - 1; i >= 0; i--) if (mounts[i]!.base === base) return mounts[i]!.template;
  return base;
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function routePath(path: unknown): string {
  if (typeof path === 'string') return path;
  if (Array.isArray(path)) return path.map(routePath).join(',');
  return path === undefined ? '' : String(path);
}

// Errors. A handler that throws, rejects or calls `next(err)` hands its error to the layers after
// it (`handle_error` / `handleError`, error middleware among them) and, when none answers, to
// express's final handler: each tells the SERVER span, which records it if the response is a 5xx.

/** express 4 `Layer#handle_error(error, req, res, next)`, router 2 `Layer#handleError` (onEnter). */
export function expressLayerError(ctx: HookContext): void {
  handlerFailed(ctx.args[1], ctx.args[0]);
}

/**
 * finalhandler `finalhandler(req, res, options)` (onExit): the function express calls when no
 * layer ended the request, with the error no error middleware answered. The caller gets a
 * function that tells the SERVER span of that error, then calls finalhandler's (for a request the
 * server instrumentation follows; any other keeps finalhandler's own function).
 */
export function expressFinalHandler(ctx: HookContext): void {
  const req = ctx.args[0];
  const done = ctx.result;
  if (ctx.threw || typeof done !== 'function' || requestState(req) === undefined) return;
  ctx.setResult(function finalDone(this: unknown, ...args: unknown[]): unknown {
    handlerFailed(req, args[0]);
    return Reflect.apply(done, this, args);
  });
}
