// node:http and node:https: servers (`createServer`, `new Server`) get the inbound HTTP
// instrumentation of src/runtime/http/server.ts; client calls get the outbound adapter below.
//
// Outbound adapter for `http.request` / `http.get` / `https.request` / `https.get` call sites.
// onEnter reads the target from the arguments (`url`, `options`, or both) and hands the call's
// new arguments back (rerouted, headers added — the caller's objects are copied, never changed);
// onExit watches the returned ClientRequest through its `emit`, so no listener is added that
// could change what Node does (an added 'response' listener would keep the response unread).

import {
  globalAgent as httpGlobalAgent,
  type Agent,
  type ClientRequest,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import type { HookContext } from '../../runtime/context.js';
import { reportOnce } from '../../runtime/report.js';
import { warnOnce } from '../../runtime/tracing/diag.js';
import { beginOutbound, endOutbound, outboundActive, type Outbound } from '../../runtime/http/outbound.js';
import { instrumentServer } from '../../runtime/http/server.js';
import { quietUnlessListening } from '../../runtime/listening.js';

// Nothing listening (tracing off, no policy): client calls stay off (axios's follow-redirects too).
quietUnlessListening(['http.request', 'http.get', 'https.request', 'https.get', 'follow-redirects.request']);

const OUTBOUND = 'outbound';

/** onExit of `http.createServer` / `https.createServer` / `new http.Server`: instrument the new server. */
export function onServerCreated(ctx: HookContext): void {
  if (ctx.threw) return;
  instrumentServer(ctx.result);
}

export function onRequest(ctx: HookContext): void {
  if (!outboundActive()) return;
  try {
    const https = /https/.test(ctx.site.function);
    const parsed = parseArgs(ctx.args, https);
    if (parsed === undefined) return;
    const agent = waitableAgent(parsed.options, https);
    const out = beginOutbound(
      parsed.url,
      parsed.options.method,
      (name) => headerOf(parsed.options.headers, name),
      agent !== undefined,
    );
    if (out === undefined) return;
    if (out.blocked !== undefined) {
      // http.request returns its request object at once: no value can stand in for the response.
      if (out.fallback !== undefined)
        warnOnce(
          `${out.blocked.message}: its fallback behavior gives a value, which http.request (and clients built on it, such as axios) cannot return; the call fails with a BlockedError. A fetch call takes the value; or govern the function that makes the call`,
        );
      ctx.fail(out.blocked);
      return;
    }
    ctx.data[OUTBOUND] = out;
    const options: RequestOptions = { ...parsed.options };
    if (out.waiting !== undefined && agent !== undefined) options.agent = agentAfter(agent, out.waiting);
    if (out.rerouted) {
      options.hostname = out.url.hostname.replace(/^\[|\]$/g, '');
      options.port = out.url.port;
      delete options.host;
    }
    const headers = options.headers;
    if (headers !== undefined && (Array.isArray(headers) || typeof headers !== 'object')) {
      // Raw header arrays are left as they are: nothing is injected into them.
    } else {
      const merged: Record<string, unknown> = { ...(headers as Record<string, unknown> | undefined) };
      for (const [name, value] of Object.entries(out.headers)) {
        for (const existing of Object.keys(merged)) if (existing.toLowerCase() === name) delete merged[existing];
        if (value !== null) merged[name] = value;
      }
      options.headers = merged as RequestOptions['headers'];
    }
    // `(url, options, cb)` keeps its shape; `(options, cb)` gets the new options object.
    const args = ctx.args;
    if (parsed.urlArg) args.splice(0, parsed.optionsArg ? 2 : 1, out.rerouted ? out.url : args[0], options);
    else args[0] = options;
  } catch (error) {
    reportOnce('http.request instrumentation', error);
  }
}

type AgentLike = Agent & { addRequest(req: ClientRequest, options: unknown): void };

/**
 * The agent a request will use, when the call can wait for its turn (queue shaping, a half-open
 * breaker's verdict): http.request returns its request at once, but the request is handed to
 * its agent only when the turn comes. Undefined (the call is blocked instead of queued) when the
 * request bypasses agents (`createConnection`, `agent: false`) or https's agent is out of reach.
 */
function waitableAgent(options: RequestOptions, https: boolean): AgentLike | undefined {
  if (options.createConnection !== undefined || options.agent === false) return undefined;
  const given = options.agent as AgentLike | undefined | null;
  if (given !== undefined && given !== null) return typeof given.addRequest === 'function' ? given : undefined;
  if (!https) return httpGlobalAgent as AgentLike;
  // https's global agent without loading TLS for every program (Node 20.16+).
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const httpsModule = getBuiltin?.('node:https') as { globalAgent?: AgentLike } | undefined;
  return httpsModule?.globalAgent;
}

/** `agent` itself in every respect, except that a request reaches it once `turn` has come. */
function agentAfter(agent: AgentLike, turn: Promise<void>): AgentLike {
  const deferred = Object.create(agent) as AgentLike;
  deferred.addRequest = (req: ClientRequest, options: unknown): void => {
    turn.then(
      () => {
        if (!req.destroyed) agent.addRequest(req, options);
      },
      (error: unknown) => {
        if (!req.destroyed) req.destroy(error as Error);
      },
    );
  };
  return deferred;
}

export function onRequestReturned(ctx: HookContext): void {
  const out = ctx.data[OUTBOUND] as Outbound | undefined;
  if (out === undefined) return;
  if (ctx.threw) {
    endOutbound(out, undefined, ctx.error);
    return;
  }
  const req = ctx.result as ClientRequest;
  if (typeof req !== 'object' || req === null || typeof req.emit !== 'function') {
    endOutbound(out, undefined);
    return;
  }
  const emit = req.emit;
  req.emit = function (this: ClientRequest, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'response') watchResponse(out, args[0] as IncomingMessage);
    else if (event === 'error') endOutbound(out, undefined, args[0]);
    else if (event === 'close' && !(this as { res?: unknown }).res)
      endOutbound(out, undefined, new Error('the request closed before a response'));
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof req.emit;
}

function watchResponse(out: Outbound, res: IncomingMessage): void {
  const status = res.statusCode;
  const emit = res.emit;
  res.emit = function (this: IncomingMessage, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'end' || event === 'close') endOutbound(out, status);
    else if (event === 'error') endOutbound(out, undefined, args[0]);
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof res.emit;
}

interface ParsedArgs {
  url: URL;
  options: RequestOptions;
  /** The first argument is a URL or string. */
  urlArg: boolean;
  /** An options object follows the URL. */
  optionsArg: boolean;
}

function parseArgs(args: unknown[], https: boolean): ParsedArgs | undefined {
  const first = args[0];
  if (typeof first === 'string' || first instanceof URL) {
    const url = new URL(String(first));
    const second = args[1];
    const optionsArg = typeof second === 'object' && second !== null && typeof second !== 'function';
    const options = optionsArg ? (second as RequestOptions) : {};
    return { url: applyOptions(url, options), options, urlArg: true, optionsArg };
  }
  if (typeof first !== 'object' || first === null) return undefined;
  const options = first as RequestOptions;
  const protocol = options.protocol ?? (https ? 'https:' : 'http:');
  const host = options.hostname ?? (typeof options.host === 'string' ? options.host.replace(/:\d+$/, '') : 'localhost');
  const port = options.port ?? options.defaultPort;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const url = new URL(
    `${protocol}//${bracketed}${port !== undefined && port !== null && port !== '' ? `:${port}` : ''}${options.path ?? '/'}`,
  );
  return { url, options, urlArg: false, optionsArg: false };
}

/** Options next to a URL override its parts. */
function applyOptions(url: URL, options: RequestOptions): URL {
  if (
    options.hostname === undefined &&
    options.host === undefined &&
    options.port === undefined &&
    options.path === undefined
  )
    return url;
  const copy = new URL(url.href);
  if (options.hostname) copy.hostname = options.hostname;
  else if (typeof options.host === 'string') copy.host = options.host;
  if (options.port !== undefined && options.port !== null) copy.port = String(options.port);
  if (typeof options.path === 'string') {
    const q = options.path.indexOf('?');
    copy.pathname = q < 0 ? options.path : options.path.slice(0, q);
    copy.search = q < 0 ? '' : options.path.slice(q);
  }
  return copy;
}

function headerOf(headers: RequestOptions['headers'], name: string): string | undefined {
  if (headers === undefined || headers === null || Array.isArray(headers) || typeof headers !== 'object')
    return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name)
      return Array.isArray(value) ? value.join(',') : value === undefined ? undefined : String(value);
  }
  return undefined;
}
