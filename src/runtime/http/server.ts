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
import { governance } from '../governance/index.js';
import type { Entry } from '../governance/engine.js';
import { currentLane, lanes, runInLane } from '../lanes/index.js';
import { extractContext } from '../tracing/propagation.js';
import { tracingEnabled } from '../tracing/setup.js';
import { startSpan } from '../tracing/span-ops.js';
import { policyConfigured, sdkDisabled } from '../env.js';
import { clientAddress, entryContextOf, requestPath, writeBlocked } from './request-info.js';
import { ATTR, isErrorStatus, methodAttributes, serverSpanName } from './semconv.js';
import { reportOnce } from '../report.js';
import { hasGovernanceRules, lanesConfigured } from './policy-state.js';

/** Per-request state, on the request object under a symbol every bundle agrees on. */
export const REQUEST_STATE = Symbol.for('instts.http.request.v1');

/**
 * What instts keeps for one request. One object per request, and one pair of listeners shared
 * by all requests ('finish' and 'close' on the response, reaching the state through the
 * response): no closure per request, which matters at tens of thousands of requests a second.
 */
export class RequestState {
  /** The route template a framework matched (`/users/:id`), set by the route hooks. */
  route: string | undefined = undefined;
  span: Span | undefined = undefined;
  /** The request method as the span names it (`GET`, or `_OTHER`'s original method). */
  spanMethod = '';
  /** Governance not decided yet: the route hooks decide it with the route; false once decided. */
  governPending = false;
  entry: Entry | undefined = undefined;
  /** The response has been accounted for (span ended, entry exited). */
  done = false;
  /** Listeners on the response are in place. */
  listening = false;
  /** A plain node:http server (no route hooks): govern by `{method}:{path}` before the listeners. */
  admitByPath = false;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  constructor(req: IncomingMessage, res: ServerResponse) {
    this.req = req;
    this.res = res;
  }
}

const RESPONSE_STATE = Symbol.for('instts.http.response.v1');
type WithState = Record<symbol, RequestState | undefined>;

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
  target.emit = function emit(this: unknown, event: string | symbol): boolean {
    // `arguments` rather than a rest parameter: no array for every 'connection' and 'request'.
    // eslint-disable-next-line prefer-rest-params
    if (event !== 'request') return Reflect.apply(originalEmit, this, arguments) as boolean;
    // eslint-disable-next-line prefer-rest-params
    const req = arguments[1] as IncomingMessage;
    // eslint-disable-next-line prefer-rest-params
    const res = arguments[2] as ServerResponse;
    let state: RequestState;
    let active: Context | undefined;
    let tag: string | undefined;
    try {
      state = new RequestState(req, res);
      (req as unknown as WithState)[REQUEST_STATE] = state;
      if (tracing && tracingEnabled()) active = startServerSpan(state);
      if (governed) {
        if (lanesConfigured()) tag = lanes().inbound({ method: req.method, url: req.url, headers: req.headers });
        if (hasGovernanceRules()) {
          state.governPending = true;
          // With a framework's route hooks in the process, the route hook decides, with the
          // route; else the request is governed by its path just before the listeners run.
          if (globalFlags[ROUTING]) listen(state);
          else state.admitByPath = true;
        }
      }
    } catch (error) {
      reportOnce('server', error);
      return originalEmit.call(this, 'request', req, res);
    }
    if (tag !== undefined || currentLane() !== undefined) {
      const server = this;
      const inLane = (): boolean => runInLane(tag, () => handle(server, originalEmit, state));
      return active === undefined ? inLane() : context.with(active, inLane);
    }
    return active === undefined ? handle(this, originalEmit, state) : context.with(active, handle, undefined, this, originalEmit, state);
  };
}

/** Runs the server's 'request' listeners, unless a plain node:http request is blocked first. */
function handle(server: unknown, emit: (event: string | symbol, ...args: unknown[]) => boolean, state: RequestState): boolean {
  const req = state.req;
  if (state.admitByPath) {
    const method = governedMethod(req.method);
    if (!admit(req, state.res, state, `${method}:${requestPath(req.url)}`)) return true;
  }
  return emit.call(server, 'request', req, state.res);
}

/** The shared 'finish' / 'close' listener: `this` is the response. */
function onResponseDone(this: ServerResponse): void {
  const state = (this as unknown as WithState)[RESPONSE_STATE];
  if (state === undefined || state.done) return;
  state.done = true;
  state.governPending = false;
  if (state.span !== undefined) endServerSpan(state);
  const entry = state.entry;
  if (entry !== undefined) {
    try {
      const engine = governance();
      if (this.writableFinished) engine.exit(entry, { status: this.statusCode });
      else engine.exit(entry, { aborted: true });
    } catch (error) {
      reportOnce('governance', error);
    }
  }
}

function listen(state: RequestState): void {
  if (state.listening) return;
  state.listening = true;
  const res = state.res;
  (res as unknown as WithState)[RESPONSE_STATE] = state;
  res.on('finish', onResponseDone);
  res.on('close', onResponseDone);
}

function startServerSpan(state: RequestState): Context {
  const req = state.req;
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
  state.spanMethod = method;
  listen(state);
  return trace.setSpan(parent, span);
}

function endServerSpan(state: RequestState): void {
  const span = state.span!;
  const res = state.res;
  try {
    if (state.route !== undefined) {
      span.setAttribute(ATTR.route, state.route);
      span.updateName(serverSpanName(state.spanMethod, state.route));
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
}

/**
 * Governance entry for a request; false when it was blocked (and answered). The entry ends when
 * the response does: its status decides whether it counts as an error.
 */
export function admit(req: IncomingMessage, res: ServerResponse, state: RequestState, resource: string): boolean {
  state.governPending = false;
  let result;
  try {
    result = governance().entry(resource, entryContextOf(req, undefined, false));
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
  listen(state);
  return true;
}

/** Route hooks: the framework matched `route` for this request; govern it now if that waits. */
export function routeMatched(req: unknown, res: unknown, route: string | undefined): boolean {
  const state = requestState(req);
  if (state === undefined || route === undefined || route === '') return true;
  state.route = route;
  if (!state.governPending) return true;
  const request = req as IncomingMessage;
  const method = governedMethod(request.method);
  return admit(request, res as ServerResponse, state, `${method}:${route}`);
}

/**
 * The method part of an inbound resource name. HEAD is governed as GET: express, fastify and
 * @koa/router answer HEAD with the GET route's handler (downstream calls included), so a GET
 * limit that HEAD could go around would be no limit.
 */
function governedMethod(method: string | undefined): string {
  if (method === undefined) return 'GET';
  const upper = method.toUpperCase();
  return upper === 'HEAD' ? 'GET' : upper;
}
