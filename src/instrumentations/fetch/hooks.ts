// Outbound adapter for `fetch(input, init)` (the global, and undici's) and undici's
// `request(url, options)`. onEnter passes new arguments (rerouted URL, headers added; the caller's
// Request, init and headers objects are copied, never changed); the span ends when the response
// head arrives (status known) or the call fails.

import type { HookContext } from '../../runtime/context.js';
import { reportOnce } from '../../runtime/report.js';
import { beginOutbound, endOutbound, outboundActive, type Outbound } from '../../runtime/http/outbound.js';
import { quietUnlessListening } from '../../runtime/listening.js';

// Nothing listening (tracing off, no policy): the calls stay off.
quietUnlessListening(['fetch', 'undici.fetch', 'undici.request']);

const OUTBOUND = 'outbound';

type HeadersInit = ConstructorParameters<typeof Headers>[0];

export function onFetch(ctx: HookContext): void {
  if (!outboundActive()) return;
  try {
    const [input, init] = ctx.args as [unknown, RequestInit | undefined];
    const isRequest = typeof Request === 'function' && input instanceof Request;
    const url = new URL(isRequest ? (input as Request).url : String(input));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    const method = init?.method ?? (isRequest ? (input as Request).method : 'GET');
    const headers = new Headers((init?.headers ?? (isRequest ? (input as Request).headers : undefined)) as HeadersInit);
    const out = begin(ctx, url, method, (name) => headers.get(name) ?? undefined, asFetchResponse);
    if (out === undefined) return;
    for (const [name, value] of Object.entries(out.headers)) {
      if (value === null) headers.delete(name);
      else headers.set(name, value);
    }
    ctx.args[0] = out.rerouted ? (isRequest ? new Request(out.url, input as Request) : out.url.href) : input;
    ctx.args[1] = { ...init, headers };
  } catch (error) {
    reportOnce('fetch instrumentation', error);
  }
}

export function onFetchSettled(ctx: HookContext): void {
  const out = ctx.data[OUTBOUND] as Outbound | undefined;
  if (out === undefined) return;
  if (ctx.threw) endOutbound(out, undefined, ctx.error);
  else endOutbound(out, statusOf(ctx.result));
}

/** undici `request(url, options)`: `options.headers` is an object (or a flat array, left as it is). */
export function onUndiciRequest(ctx: HookContext): void {
  if (!outboundActive()) return;
  try {
    const [target, options] = ctx.args as [unknown, Record<string, unknown> | undefined];
    if (typeof target !== 'string' && !(target instanceof URL)) return; // an options object with origin/path: left untouched
    const url = new URL(String(target));
    const raw = options?.headers;
    const headers: Record<string, unknown> =
      raw !== undefined && raw !== null && !Array.isArray(raw) && typeof raw === 'object' ? { ...(raw as object) } : {};
    if (Array.isArray(raw)) return;
    const lower = (name: string): string | undefined => {
      for (const [k, v] of Object.entries(headers))
        if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(',') : String(v);
      return undefined;
    };
    const out = begin(ctx, url, typeof options?.method === 'string' ? options.method : 'GET', lower, asIs);
    if (out === undefined) return;
    for (const [name, value] of Object.entries(out.headers)) {
      for (const k of Object.keys(headers)) if (k.toLowerCase() === name) delete headers[k];
      if (value !== null) headers[name] = value;
    }
    ctx.args[0] = out.rerouted ? out.url.href : target;
    ctx.args[1] = { ...options, headers };
  } catch (error) {
    reportOnce('undici request instrumentation', error);
  }
}

/**
 * Starts the outbound call for a promise-returning client. Undefined when nothing is to be done:
 * not instrumented, or blocked (the call then answers with the rejection and never runs).
 */
function begin(
  ctx: HookContext,
  url: URL,
  method: string,
  header: (name: string) => string | undefined,
  asResult: (value: unknown) => unknown,
): Outbound | undefined {
  const out = beginOutbound(url, method, header, true);
  if (out === undefined) return undefined;
  if (out.blocked !== undefined) {
    ctx.skip(out.fallback ? fallbackResult(out.fallback, asResult) : Promise.reject(out.blocked));
    return undefined;
  }
  ctx.data[OUTBOUND] = out;
  const waiting = out.waiting;
  // Its turn comes later (queue shaping, a half-open breaker's verdict): the call goes out then,
  // and the caller's promise (fetch returns one anyway) settles with it; a timer is all it holds.
  if (waiting !== undefined) {
    const blockedWhileWaiting = (error: unknown): Promise<unknown> =>
      out.fallback ? fallbackResult(out.fallback, asResult) : Promise.reject(error);
    ctx.runAround(<T>(call: () => T): T => waiting.then(call, blockedWhileWaiting) as T);
  }
  return out;
}

/** A blocked call answered by its fallback behaviour: the value (or the handler's, awaited) as the client's result. */
function fallbackResult(fallback: () => unknown, asResult: (value: unknown) => unknown): Promise<unknown> {
  return new Promise((resolve) => resolve(fallback())).then(asResult);
}

/** fetch resolves with a Response: a handler may return one; any other value is answered as JSON. */
function asFetchResponse(value: unknown): unknown {
  return typeof Response === 'function' && value instanceof Response ? value : Response.json(value);
}

/** undici.request resolves with `{ statusCode, headers, body }`: the handler's value is taken as it is. */
function asIs(value: unknown): unknown {
  return value;
}

function statusOf(response: unknown): number | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const r = response as { status?: unknown; statusCode?: unknown };
  if (typeof r.status === 'number') return r.status;
  if (typeof r.statusCode === 'number') return r.statusCode;
  return undefined;
}
