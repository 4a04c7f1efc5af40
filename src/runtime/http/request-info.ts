// What the HTTP adapters read from a Node request and how they answer one that governance blocked.
// Kept free of OpenTelemetry so governance-only builds stay small.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Blocked } from '../governance/behavior.js';
import { DEFAULT_BEHAVIOR, httpResponseFor } from '../governance/behavior.js';
import type { EntryContext } from '../governance/engine.js';
import { recordBlock } from '../governance/block-event.js';
import type { ActiveSpan } from '../tracing/otel-globals.js';
import { routeParams } from './route-params.js';

/** The path of a request target without its query (`/a/b?x=1` → `/a/b`); `/` for an absolute-form oddity. */
export function requestPath(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return path.startsWith('/') ? path : '/';
}

/** The query string of a request target, parsed lazily by the one who needs it. */
export function requestQuery(url: string | undefined): URLSearchParams {
  const q = url ? url.indexOf('?') : -1;
  return new URLSearchParams(q < 0 ? '' : url!.slice(q + 1));
}

/** The peer's address (`::ffff:` stripped from IPv4-mapped addresses). */
export function clientAddress(req: IncomingMessage): string | undefined {
  const raw = req.socket?.remoteAddress;
  if (typeof raw !== 'string') return undefined;
  return raw.startsWith('::ffff:') ? raw.slice(7) : raw;
}

/**
 * What hotspot rules may key on: headers, query parameters, route parameters, the client address. Each is read
 * only if a rule asks (prototype getters: an object literal with getters is much slower to
 * create, and a spread of one would call them; and a framework that swaps the request's
 * prototype, as express does, makes every read of the request a slow lookup).
 */
class RequestEntryContext implements EntryContext {
  readonly args: readonly unknown[] | undefined;
  readonly canWait: boolean | undefined;
  private readonly req: IncomingMessage;
  /** The route template the request matched (`/orders/:id`), when a framework's route hook decides. */
  private readonly route: string | undefined;
  private parsedQuery: URLSearchParams | undefined = undefined;
  private parsedParams: Record<string, string> | undefined = undefined;
  constructor(
    req: IncomingMessage,
    args: readonly unknown[] | undefined,
    canWait: boolean | undefined,
    route: string | undefined,
  ) {
    this.req = req;
    this.args = args;
    this.canWait = canWait;
    this.route = route;
  }
  get headers(): IncomingMessage['headers'] {
    return this.req.headers;
  }
  get query(): URLSearchParams {
    return (this.parsedQuery ??= requestQuery(this.req.url));
  }
  get pathParams(): Readonly<Record<string, string>> | undefined {
    if (this.route === undefined) return undefined;
    return (this.parsedParams ??= routeParams(this.route, requestPath(this.req.url)));
  }
  get clientIp(): string | undefined {
    return clientAddress(this.req);
  }
}

/** `route`: the template a framework matched, for route parameters (none for a request governed by its path). */
export function entryContextOf(
  req: IncomingMessage,
  args?: readonly unknown[],
  canWait?: boolean,
  route?: string,
): EntryContext {
  return new RequestEntryContext(req, args, canWait, route);
}

/** Duck-typing a Node request / response: the adapters must not touch anything else. */
export function isIncomingMessage(value: unknown): value is IncomingMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IncomingMessage).method === 'string' &&
    'headers' in value
  );
}

export function isServerResponse(value: unknown): value is ServerResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ServerResponse).writeHead === 'function' &&
    typeof (value as ServerResponse).end === 'function'
  );
}

/** On a response that governance answered: the block, for the SERVER span's status. */
const BLOCKED_BY = Symbol.for('instts.http.blocked-by.v1');

/** The block a response answered, when governance refused its request. */
export function blockedBy(res: ServerResponse): Blocked | undefined {
  return (res as unknown as Record<symbol, Blocked | undefined>)[BLOCKED_BY];
}

/**
 * Answers a blocked request as its behaviour says (a fallback behaviour has no HTTP form: the
 * default 429), and records the block on the request's span (`span`, else the active one).
 */
export function writeBlocked(res: ServerResponse, blocked: Blocked, span?: ActiveSpan): void {
  recordBlock(blocked, span);
  (res as unknown as Record<symbol, Blocked | undefined>)[BLOCKED_BY] = blocked;
  const answer = blocked.httpResponse() ?? httpResponseFor(DEFAULT_BEHAVIOR)!;
  if (res.headersSent || res.writableEnded) return;
  const body = Buffer.from(answer.body, 'utf8');
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
  res.end(body);
}
