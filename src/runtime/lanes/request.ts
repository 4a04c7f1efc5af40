// What lane conditions read from an inbound request: a header, a query parameter, a cookie and
// the path. Parsed lazily, once per request, and only the parts a condition asks for.

/** Header values as Node gives them (lower-cased names), or a Fetch `Headers`. */
export type InboundHeaders =
  Readonly<Record<string, string | readonly string[] | number | undefined>> | { get(name: string): string | null };

/** The parts of an inbound HTTP request lanes look at; a Node `IncomingMessage` fits. */
export interface InboundRequest {
  method?: string;
  /** Path and query (`/greet?uid=7`); an absolute URL is accepted too. */
  url?: string;
  headers: InboundHeaders;
}

/** One header's value: the first of several, undefined when absent. */
export function headerValue(headers: InboundHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const v = (headers as { get(name: string): string | null }).get(name);
    return v ?? undefined;
  }
  const v = (headers as Record<string, unknown>)[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return undefined;
}

/** A request viewed by lane conditions. */
export class RequestView {
  private readonly request: InboundRequest;
  private pathPart: string | undefined;
  private queryPart: string | undefined;
  private params: URLSearchParams | undefined;
  private cookies: Map<string, string> | undefined;

  constructor(request: InboundRequest) {
    this.request = request;
  }

  private split(): void {
    if (this.pathPart !== undefined) return;
    let url = this.request.url ?? '/';
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) {
      // absolute-form (a request to a proxy)
      try {
        const u = new URL(url);
        url = u.pathname + u.search;
      } catch {
        url = '/';
      }
    }
    const q = url.indexOf('?');
    const hash = url.indexOf('#');
    const end = hash < 0 ? url.length : hash;
    this.pathPart = q < 0 || q > end ? url.slice(0, end) : url.slice(0, q);
    this.queryPart = q < 0 || q > end ? '' : url.slice(q + 1, end);
  }

  /** The path, without the query. */
  get path(): string {
    this.split();
    return this.pathPart!;
  }

  header(name: string): string | undefined {
    return headerValue(this.request.headers, name);
  }

  /** The first value of a query parameter (percent- and `+`-decoded). */
  query(name: string): string | undefined {
    if (this.params === undefined) {
      this.split();
      this.params = new URLSearchParams(this.queryPart);
    }
    return this.params.get(name) ?? undefined;
  }

  /** A cookie's value (the first of that name; surrounding quotes removed, percent-decoded when valid). */
  cookie(name: string): string | undefined {
    if (this.cookies === undefined) this.cookies = parseCookies(this.header('cookie'));
    return this.cookies.get(name);
  }

  value(type: 'header' | 'query' | 'cookie', name: string): string | undefined {
    return type === 'header' ? this.header(name) : type === 'query' ? this.query(name) : this.cookie(name);
  }
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (header === undefined) return out;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (name.length === 0 || out.has(name)) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // not percent-encoded after all: keep it as sent
      }
    }
    out.set(name, value);
  }
  return out;
}
