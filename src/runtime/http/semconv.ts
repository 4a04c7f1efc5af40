// OpenTelemetry's stable HTTP semantic conventions: span names, attributes and error status for
// servers and clients. Plain strings, so the runtime does not carry the conventions package.

import type { Attributes } from '@opentelemetry/api';

export const ATTR = {
  method: 'http.request.method',
  methodOriginal: 'http.request.method_original',
  status: 'http.response.status_code',
  route: 'http.route',
  urlPath: 'url.path',
  urlQuery: 'url.query',
  urlScheme: 'url.scheme',
  urlFull: 'url.full',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  clientAddress: 'client.address',
  userAgent: 'user_agent.original',
  protocolVersion: 'network.protocol.version',
  errorType: 'error.type',
} as const;

const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
  'QUERY',
]);

/** `http.request.method` (and `_original` when it is not a known method), as the conventions say. */
export function methodAttributes(method: string | undefined, into: Attributes): string {
  const raw = method ?? 'GET';
  const upper = raw.toUpperCase();
  if (KNOWN_METHODS.has(upper)) {
    into[ATTR.method] = upper;
    if (raw !== upper) into[ATTR.methodOriginal] = raw;
    return upper;
  }
  into[ATTR.method] = '_OTHER';
  into[ATTR.methodOriginal] = raw;
  return 'HTTP';
}

/** `http.request.method` for metrics: a known method upper-cased, else `_OTHER` (no `_original`: any string a client sends). */
export function metricMethod(method: string | undefined): string {
  if (method === undefined) return 'GET';
  if (KNOWN_METHODS.has(method)) return method;
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}

/** `{method} {route}` when the route is known, else `{method}`; `HTTP` for methods outside the list. */
export function serverSpanName(method: string, route: string | undefined): string {
  return route ? `${method} ${route}` : method;
}

/** A URL for `url.full`: user and password replaced by `REDACTED`. */
export function redactedUrl(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const copy = new URL(url.href);
  if (copy.username !== '') copy.username = 'REDACTED';
  if (copy.password !== '') copy.password = 'REDACTED';
  return copy.href;
}

/** The port a URL talks to (the scheme's default when it names none). */
export function urlPort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** Servers: 5xx is an error (4xx is the client's). Clients: 4xx and 5xx are. */
export function isErrorStatus(status: number, side: 'server' | 'client'): boolean {
  return side === 'server' ? status >= 500 : status >= 400;
}
