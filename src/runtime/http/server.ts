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
import {
  context,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type HrTime,
  type Span,
} from '@opentelemetry/api';
import { governance, startGovernance } from '../governance/access.js';
import { blockMessage, type Blocked } from '../governance/behavior.js';
import type { Entry, MatchAttributes, Pending } from '../governance/engine.js';
import { lanes } from '../lanes/access.js';
import { currentLane, runInLane } from '../lanes/context.js';
import { extractContext } from '../tracing/propagation.js';
import { tracingEnabled } from '../tracing/setup.js';
import { recordError, startSpan } from '../tracing/span-ops.js';
import { spanTime } from '../tracing/clock.js';
import { policyConfigured, sdkDisabled } from '../env.js';
import { blockedBy, clientAddress, entryContextOf, requestPath, writeBlocked } from './request-info.js';
import { ATTR, isErrorStatus, methodAttributes, metricMethod, serverSpanName } from './semconv.js';
import { reportOnce } from '../report.js';
import { hasGovernanceRules, lanesConfigured } from './policy-state.js';
import { anythingListening } from '../listening.js';
import { metricsEnabled, recordDuration, secondsSince } from '../metrics/setup.js';

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
  /**
   * The response was sent in full ('finish' came, or `writableFinished` held when 'close' came
   * first): read once, not through the getter, which express reaches along a prototype chain it
   * swaps per request.
   */
  finished = false;
  /** Listeners on the response are in place. */
  listening = false;
  /** A plain node:http server (no route hooks): govern by `{method}:{path}` before the listeners. */
  admitByPath = false;
  /** `performance.now()` when the request came, when metrics are on (else undefined: nothing recorded). */
  startedAt: number | undefined = undefined;
  /** Set while a slot is held for a handler whose client went away: gives it back. */
  releaseHeld: (() => void) | undefined = undefined;
  /** The error a framework passed to its error handling (the latest), and when: for the SERVER span of a 5xx. */
  failure: { error: unknown; at: HrTime } | undefined = undefined;
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
  return typeof req === 'object' && req !== null
    ? ((req as Record<symbol, RequestState | undefined>)[REQUEST_STATE] ?? undefined)
    : undefined;
}

export function instrumentServer(server: unknown): void {
  if (typeof server !== 'object' || server === null) return;
  const target = server as { emit: (event: string | symbol, ...args: unknown[]) => boolean; [PATCHED]?: boolean };
  if (target[PATCHED] || typeof target.emit !== 'function') return;
  if (!anythingListening()) return; // nothing to do: the server stays as it is
  const tracing = !sdkDisabled();
  const measured = metricsEnabled();
  // load the policy (and start the admin endpoint) now, not at the first request
  const governed = policyConfigured() && startGovernance();
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
      if (measured) {
        state.startedAt = performance.now();
        listen(state);
      }
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
    return active === undefined
      ? handle(this, originalEmit, state)
      : context.with(active, handle, undefined, this, originalEmit, state);
  };
}

/** Runs the server's 'request' listeners, unless a plain node:http request is blocked first. */
function handle(
  server: unknown,
  emit: (event: string | symbol, ...args: unknown[]) => boolean,
  state: RequestState,
): boolean {
  const req = state.req;
  if (state.admitByPath) {
    const decided = admit(req, state.res, state, requestPath(req.url), true, false);
    if (decided === false) return true;
    if (decided !== true) {
      // Queued: the listeners run when the call's turn comes (the request body stays unread until then).
      void decided.then((run) => {
        if (run) emit.call(server, 'request', req, state.res);
      });
      return true;
    }
  }
  return emit.call(server, 'request', req, state.res);
}

/** The shared 'finish' listener: `this` is the response. */
function onResponseFinish(this: ServerResponse): void {
  const state = (this as unknown as WithState)[RESPONSE_STATE];
  if (state === undefined || state.done) return;
  state.finished = true;
  responseDone(state, this);
}

/** The shared 'close' listener: after 'finish' (nothing left to do), or the connection closed first. */
function onResponseClose(this: ServerResponse): void {
  const state = (this as unknown as WithState)[RESPONSE_STATE];
  if (state === undefined || state.done) return;
  state.finished = this.writableFinished;
  responseDone(state, this);
}

function responseDone(state: RequestState, res: ServerResponse): void {
  state.done = true;
  state.governPending = false;
  if (state.span !== undefined) endServerSpan(state);
  if (state.startedAt !== undefined) recordServerDuration(state);
  const entry = state.entry;
  if (entry === undefined) return;
  if (state.finished) return exitEntry(state, { status: res.statusCode });
  if (res.writableEnded) return exitEntry(state, { aborted: true });
  // The client went away but the handler is still at work: its slot (isolation, concurrency)
  // stays taken until the handler ends the response or settles, so a bulkhead holds under
  // impatient clients. A handler that does neither gives the slot back after HOLD_MAX_MS.
  holdUntilHandlerEnds(state);
}

/** Longest a slot stays held for a handler whose client went away. */
const HOLD_MAX_MS = 60_000;

function holdUntilHandlerEnds(state: RequestState): void {
  const res = state.res as unknown as { end: (...args: unknown[]) => unknown };
  const end = res.end;
  const timer = setTimeout(() => exitEntry(state, { aborted: true }), HOLD_MAX_MS);
  timer.unref();
  state.releaseHeld = (): void => {
    clearTimeout(timer);
    state.releaseHeld = undefined;
    if (res.end === wrappedEnd) res.end = end;
    exitEntry(state, { aborted: true });
  };
  const wrappedEnd = function (this: unknown, ...args: unknown[]): unknown {
    state.releaseHeld?.();
    return Reflect.apply(end, this, args);
  };
  res.end = wrappedEnd;
}

/**
 * A framework hook saw a request's handler fail with `error` and hand it to the framework's error
 * handling (express's `next(err)`, koa's `onerror`): when the response is a 5xx, its SERVER span
 * records it (`exception` event, status message). The latest error wins: an error middleware may
 * pass on another.
 */
export function handlerFailed(req: unknown, error: unknown): void {
  const state = requestState(req);
  if (state === undefined || state.span === undefined || state.done || error === undefined || error === null) return;
  if (state.failure !== undefined && state.failure.error === error) return;
  state.failure = { error, at: spanTime() };
}

/** A framework hook saw the request's handler settle (koa's respond / onerror, …). */
export function handlerSettled(req: unknown): void {
  requestState(req)?.releaseHeld?.();
}

function exitEntry(state: RequestState, outcome: { status?: number; aborted?: boolean }): void {
  const entry = state.entry;
  if (entry === undefined) return;
  state.entry = undefined;
  try {
    governance().exit(entry, outcome);
  } catch (error) {
    reportOnce('governance', error);
  }
}

function listen(state: RequestState): void {
  if (state.listening) return;
  state.listening = true;
  const res = state.res;
  (res as unknown as WithState)[RESPONSE_STATE] = state;
  res.on('finish', onResponseFinish);
  res.on('close', onResponseClose);
}

function startServerSpan(state: RequestState): Context {
  const req = state.req;
  const parent = extractContext(req.headers, ROOT_CONTEXT, true); // Node lower-cases header names
  const attributes: Attributes = {};
  const method = methodAttributes(req.method, attributes);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  attributes[ATTR.urlPath] = q < 0 ? url : url.slice(0, q);
  if (q >= 0) attributes[ATTR.urlQuery] = url.slice(q + 1);
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  attributes[ATTR.urlScheme] = encrypted ? 'https' : 'http';
  const host = req.headers.host;
  if (typeof host === 'string' && host !== '') attributes[ATTR.serverAddress] = serverAddressOf(host);
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

// A service is mostly asked for by one host name: the last one's address is kept.
let lastHost = '';
let lastServerAddress = '';

/** `server.address` from a Host header: the name without its port (an IPv6 literal keeps its brackets). */
function serverAddressOf(host: string): string {
  if (host === lastHost) return lastServerAddress;
  const colon = host.lastIndexOf(':');
  const address = colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host;
  lastHost = host;
  lastServerAddress = address;
  return address;
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
      const failure = state.failure;
      // The error the handler failed with, when the framework passed one on: what the 5xx is about.
      if (failure === undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: blockedMessage(res) });
      else span.setStatus({ code: SpanStatusCode.ERROR, message: recordError(span, failure.error, failure.at) });
    } else if (!state.finished) {
      // The connection closed before the response was sent.
      span.setAttribute(ATTR.errorType, 'aborted');
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'the connection closed before the response finished' });
    }
    span.end(spanTime());
  } catch (error) {
    reportOnce('server span', error);
  }
}

/** A 5xx that governance answered (a `respond` behaviour with status 503, say) says which rule. */
function blockedMessage(res: ServerResponse): string | undefined {
  const blocked = blockedBy(res);
  return blocked === undefined ? undefined : blockMessage(blocked);
}

/** `http.server.request.duration`, with the attributes the conventions ask for (bounded: the route template, never the path). */
function recordServerDuration(state: RequestState): void {
  try {
    const req = state.req;
    const res = state.res;
    // One object literal of a fixed shape first, optional keys after: cheap for the SDK to hash.
    const attributes: Attributes = {
      [ATTR.method]: metricMethod(req.method),
      [ATTR.urlScheme]: (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true ? 'https' : 'http',
    };
    if (state.route !== undefined) attributes[ATTR.route] = state.route;
    const status = res.statusCode;
    if (state.finished || res.headersSent) attributes[ATTR.status] = status;
    if (isErrorStatus(status, 'server')) attributes[ATTR.errorType] = String(status);
    else if (!state.finished) attributes[ATTR.errorType] = 'aborted';
    if (req.httpVersion) attributes[ATTR.protocolVersion] = req.httpVersion;
    recordDuration('httpServer', secondsSince(state.startedAt!), attributes);
  } catch (error) {
    reportOnce('server metrics', error);
  }
}

/** What a declared `http-in` resource's `match` is checked against. */
function requestAttributes(req: IncomingMessage, method: string, route: string): MatchAttributes {
  return { method, route, path: requestPath(req.url), host: hostOf(req.headers.host) };
}

/**
 * Governance entry for a request: true to run it now, false when it was blocked (and answered),
 * or — only when `canWait` — a promise of that, for a request that waits its turn (queue
 * shaping, a half-open breaker's verdict) without holding anything but a timer. The resource is
 * the declared one whose `match` fits (method, route, path, host), else `{method}:{route}`. The
 * entry ends when the response does: its status decides whether it counts as an error.
 */
export function admit(
  req: IncomingMessage,
  res: ServerResponse,
  state: RequestState,
  route: string,
  canWait: boolean,
  /** `route` is a framework's template (`/orders/:id`), not the path requested: it has route parameters. */
  templated: boolean,
): boolean | Promise<boolean> {
  state.governPending = false;
  let result: Entry | Blocked | Pending;
  try {
    const engine = governance();
    const method = governedMethod(req.method);
    // The attributes only when a declared resource matches on them: no object, and no closure
    // (esbuild's keepNames names each one with a defineProperty call), for every request.
    const resource = engine.resolve(
      'http-in',
      `${method}:${route}`,
      engine.matchesAttributes('http-in') ? requestAttributes(req, method, route) : undefined,
    );
    if (!templated) engine.entersWithout(resource, 'path', UNROUTED_REQUEST, UNROUTED_CARRIES);
    result = engine.entry(resource, entryContextOf(req, undefined, canWait, templated ? route : undefined));
  } catch (error) {
    reportOnce('governance', error);
    return true;
  }
  if (result.kind === 'pending') {
    return result.ready.then(
      (decided) => settle(res, state, decided),
      () => true,
    );
  }
  return settle(res, state, result);
}

/** For a hotspot rule on route parameters, when the request had no framework route. */
const UNROUTED_REQUEST = 'an inbound HTTP request no framework routed (plain node:http, governed by its path)';
const UNROUTED_CARRIES = 'headers, query parameters and the client address';

function settle(res: ServerResponse, state: RequestState, result: Entry | Blocked): boolean {
  if (result.kind === 'blocked') {
    writeBlocked(res, result, state.span);
    return false;
  }
  state.entry = result;
  listen(state);
  if (state.done) {
    // The client left while the request waited its turn: nobody is there to answer.
    exitEntry(state, { aborted: true });
    return false;
  }
  return true;
}

function hostOf(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  if (header.startsWith('[')) return header.slice(1, header.indexOf(']'));
  const colon = header.indexOf(':');
  return colon < 0 ? header : header.slice(0, colon);
}

/**
 * Route hooks: the framework matched `route` for this request; govern it now if that waits.
 * True: go on; false: blocked and answered. With `resume`, a request that must wait its turn
 * returns false at once and `resume` runs the route when the turn comes (the hook can call the
 * route again: governance is decided by then); without it, such a request is blocked.
 */
export function routeMatched(req: unknown, res: unknown, route: string | undefined, resume?: () => void): boolean {
  const decided = routeDecision(req, res, route, resume !== undefined);
  if (typeof decided === 'boolean') return decided;
  void decided.then((run) => {
    if (run) resume!();
  });
  return false;
}

/** {@link routeMatched} for hooks that can wait themselves (a koa middleware): a promise when the request waits. */
export function routeDecision(
  req: unknown,
  res: unknown,
  route: string | undefined,
  canWait: boolean,
): boolean | Promise<boolean> {
  const state = requestState(req);
  if (state === undefined || route === undefined || route === '') return true;
  state.route = route;
  if (!state.governPending) return true;
  return admit(req as IncomingMessage, res as ServerResponse, state, route, canWait, true);
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
