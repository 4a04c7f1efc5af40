// Inbound HTTP (node:http / node:https servers, and every framework built on them). The built-in
// rules wrap `http.createServer` / `https.createServer` call sites; the server's `emit` is
// patched so every 'request' — whoever listens to it — goes through, in this order:
//   1. tracing: the incoming trace context is extracted; a SERVER span covers the request until
//      the response finishes (named `{method} {route}` once a framework said the route);
//   2. lanes: the request's lane tag is decided and follows its async work;
//   3. governance: the request is an entry of `{method}:{route}` (decided when a framework routes
//      it, or `{method}:{path}` for a plain node:http server); a blocked request is answered as
//      the policy says and never reaches the handler.
// Everything fails open: an error in here lets the request through untouched.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, ROOT_CONTEXT, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import type { HookContext } from '../context.js';
import { governance } from '../governance/index.js';
import type { Entry } from '../governance/engine.js';
import { currentLane, lanes, runInLane } from '../lanes/index.js';
import { extractContext } from '../tracing/propagation.js';
import { tracingEnabled } from '../tracing/setup.js';
import { startSpan } from '../tracing/span-ops.js';
import { sdkDisabled } from '../actions/trace.js';
import { policyConfigured } from '../actions/govern.js';
import { clientAddress, entryContextOf, requestPath, writeBlocked } from './request-info.js';
import { ATTR, isErrorStatus, methodAttributes, serverSpanName } from './semconv.js';
import { reportOnce } from '../report.js';
import { hasGovernanceRules, lanesConfigured } from './policy-state.js';

/** Per-request state, on the request object under a symbol every bundle agrees on. */
export const REQUEST_STATE = Symbol.for('instts.http.request.v1');

export interface RequestState {
  /** The route template a framework matched (`/users/:id`), set by the route hooks. */
  route: string | undefined;
  span: Span | undefined;
  /** Governance not decided yet: the route hooks decide it with the route; false once decided. */
  governPending: boolean;
  entry: Entry | undefined;
}

const PATCHED = Symbol.for('instts.http.server.patched.v1');
/** Route hooks of a framework exist in this process: governance waits for the route. */
const ROUTING = Symbol.for('instts.http.routing.v1');
const globalFlags = globalThis as unknown as Record<symbol, boolean | undefined>;

export function markFrameworkRouting(): void {
  globalFlags[ROUTING] = true;
}

export function requestState(req: unknown): RequestState | undefined {
  return typeof req === 'object' && req !== null ? ((req as Record<symbol, RequestState | undefined>)[REQUEST_STATE] ?? undefined) : undefined;
}

/** Built-in rule hook (onExit of `http.createServer` / `https.createServer`): instrument the new server. */
export function onServerCreated(ctx: HookContext): void {
  if (ctx.threw) return;
  instrumentServer(ctx.result);
}

export function instrumentServer(server: unknown): void {
  if (typeof server !== 'object' || server === null) return;
  const target = server as { emit: (event: string | symbol, ...args: unknown[]) => boolean; [PATCHED]?: boolean };
  if (target[PATCHED] || typeof target.emit !== 'function') return;
  const tracing = !sdkDisabled();
  const governed = policyConfigured();
  if (!tracing && !governed) return; // nothing to do: the server stays as it is
  if (governed) governance(); // load the policy (and start the admin endpoint) now, not at the first request
  const originalEmit = target.emit;
  target[PATCHED] = true;
  target.emit = function emit(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'request') return originalEmit.apply(this, [event, ...args]);
    const req = args[0] as IncomingMessage;
    const res = args[1] as ServerResponse;
    let run: () => boolean;
    try {
      run = prepare(this, originalEmit, req, res, tracing, governed);
    } catch (error) {
      reportOnce('server', error);
      return originalEmit.apply(this, [event, ...args]);
    }
    return run();
  };
}

function prepare(
  server: unknown,
  emit: (event: string | symbol, ...args: unknown[]) => boolean,
  req: IncomingMessage,
  res: ServerResponse,
  tracing: boolean,
  governed: boolean,
): () => boolean {
  const state: RequestState = { route: undefined, span: undefined, governPending: false, entry: undefined };
  (req as unknown as Record<symbol, RequestState>)[REQUEST_STATE] = state;
  const handle = (): boolean => emit.call(server, 'request', req, res);

  let active: Context | undefined;
  if (tracing && tracingEnabled()) active = startServerSpan(req, res, state);

  let tag: string | undefined;
  if (governed) {
    tag = lanesConfigured() ? lanes().inbound({ method: req.method, url: req.url, headers: req.headers }) : undefined;
  }

  let body = handle;
  if (governed && hasGovernanceRules()) {
    if (globalFlags[ROUTING]) {
      state.governPending = true; // the framework's route hook decides, with the route
      res.once('finish', () => (state.governPending = false));
    } else {
      body = () => {
        const method = (req.method ?? 'GET').toUpperCase();
        return admit(req, res, state, `${method}:${requestPath(req.url)}`) ? handle() : true;
      };
    }
  }
  const inLane = tag === undefined && currentLane() === undefined ? body : () => runInLane(tag, body);
  return active === undefined ? inLane : () => context.with(active!, inLane);
}

function startServerSpan(req: IncomingMessage, res: ServerResponse, state: RequestState): Context {
  const parent = extractContext(req.headers, ROOT_CONTEXT);
  const attributes: Attributes = {};
  const method = methodAttributes(req.method, attributes);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  attributes[ATTR.urlPath] = q < 0 ? url : url.slice(0, q);
  if (q >= 0) attributes[ATTR.urlQuery] = url.slice(q + 1);
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  attributes[ATTR.urlScheme] = encrypted ? 'https' : 'http';
  const host = req.headers.host;
  if (typeof host === 'string' && host !== '') {
    const colon = host.lastIndexOf(':');
    attributes[ATTR.serverAddress] = colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host;
  }
  const port = req.socket?.localPort;
  if (typeof port === 'number') attributes[ATTR.serverPort] = port;
  const client = clientAddress(req);
  if (client !== undefined) attributes[ATTR.clientAddress] = client;
  const agent = req.headers['user-agent'];
  if (typeof agent === 'string') attributes[ATTR.userAgent] = agent;
  if (req.httpVersion) attributes[ATTR.protocolVersion] = req.httpVersion;
  const span = startSpan(method, 'server', attributes, parent);
  state.span = span;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    try {
      if (state.route !== undefined) {
        span.setAttribute(ATTR.route, state.route);
        span.updateName(serverSpanName(method, state.route));
      }
      const status = res.statusCode;
      span.setAttribute(ATTR.status, status);
      if (isErrorStatus(status, 'server')) {
        span.setAttribute(ATTR.errorType, String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      } else if (!res.writableFinished) {
        // The connection closed before the response was sent.
        span.setAttribute(ATTR.errorType, 'aborted');
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'the connection closed before the response finished' });
      }
      span.end();
    } catch (error) {
      reportOnce('server span', error);
    }
  };
  res.once('finish', end);
  res.once('close', end);
  return trace.setSpan(parent, span);
}

/**
 * Governance entry for a request; false when it was blocked (and answered). The entry ends when
 * the response does: its status decides whether it counts as an error.
 */
export function admit(req: IncomingMessage, res: ServerResponse, state: RequestState, resource: string): boolean {
  state.governPending = false;
  let result;
  try {
    result = governance().entry(resource, { ...entryContextOf(req), canWait: false });
  } catch (error) {
    reportOnce('governance', error);
    return true;
  }
  if (result.kind === 'blocked') {
    writeBlocked(res, result);
    return false;
  }
  if (result.kind !== 'pass') return true;
  state.entry = result;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    const engine = governance();
    if (res.writableFinished) engine.exit(result, { status: res.statusCode });
    else engine.exit(result, { aborted: true });
  };
  res.once('finish', finish);
  res.once('close', finish);
  return true;
}

/** Route hooks: the framework matched `route` for this request; govern it now if that waits. */
export function routeMatched(req: unknown, res: unknown, route: string | undefined): boolean {
  const state = requestState(req);
  if (state === undefined || route === undefined || route === '') return true;
  state.route = route;
  if (!state.governPending) return true;
  const request = req as IncomingMessage;
  const method = (request.method ?? 'GET').toUpperCase();
  return admit(request, res as ServerResponse, state, `${method}:${route}`);
}
