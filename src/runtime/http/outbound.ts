// One outbound HTTP call, whatever client makes it (node:http(s), fetch, undici). In order:
//   1. lanes: the call is routed to the instance of the request's lane (or the baseline);
//   2. governance: the call is an entry of the target (`host:port`); a blocked call fails with
//      a BlockedError and never leaves the process;
//   3. tracing: a CLIENT span, whose context (traceparent, baggage) goes out in the headers,
//      with the lane tag added to `baggage` (and the plain lane header when configured).
// The client adapters (src/instrumentations/node-http, fetch) translate their arguments to and from this.

import { context, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { blockedError, BlockedError, returnsValue, type Blocked } from '../governance/behavior.js';
import { recordBlock } from '../governance/block-event.js';
import type { Entry } from '../governance/engine.js';
import { governance } from '../governance/access.js';
import { lanes } from '../lanes/access.js';
import { currentLane } from '../lanes/context.js';
import { reportOnce } from '../report.js';
import { policyConfiguredOnce, sdkDisabledOnce } from '../env.js';
import { anythingListening } from '../listening.js';
import { injectHeaders } from '../tracing/propagation.js';
import { tracingEnabled } from '../tracing/setup.js';
import { endSpanError, errorType, startSpan } from '../tracing/span-ops.js';
import { spanTime } from '../tracing/clock.js';
import { hasGovernanceRules, lanesConfigured } from './policy-state.js';
import { ATTR, isErrorStatus, methodAttributes, metricMethod, redactedUrl, urlPort } from './semconv.js';
import { metricsEnabled, recordDuration, secondsSince } from '../metrics/setup.js';

export interface Outbound {
  /** Where the call goes now (a lane may have moved it to another instance). */
  url: URL;
  /** True when `url` differs from the URL the program asked for. */
  rerouted: boolean;
  /** Headers to set on the request (`null`: remove that header). */
  headers: Record<string, string | null>;
  /** The call must not go out: throw (or reject with) this. */
  blocked: BlockedError | undefined;
  /**
   * Set with `blocked` (or when a waiting call is blocked) when the rule's behaviour is a fallback
   * `value` or `handler`: what a promise client answers with instead (its handler runs on call).
   */
  fallback?: (() => unknown) | undefined;
  span: Span | undefined;
  entry: Entry | undefined;
  /** Set when the call must wait its turn (queue shaping, a half-open breaker): go on once it resolves. */
  waiting: Promise<void> | undefined;
  done: boolean;
  /** `performance.now()` when the call began, when metrics are on. */
  startedAt?: number | undefined;
  method?: string | undefined;
}

/** Whether any outbound feature is on in this process (else the adapters leave calls untouched). */
export function outboundActive(): boolean {
  return anythingListening();
}

/**
 * Decide an outbound call. `existing` reads a header already on the request (for `baggage`).
 * Never throws; undefined when nothing applies.
 */
export function beginOutbound(
  target: URL,
  method: string | undefined,
  existing: (name: string) => string | undefined,
  canWait = false,
): Outbound | undefined {
  try {
    // An exporter sending spans (OpenTelemetry suppresses tracing around it) is left alone.
    if (isTracingSuppressed(context.active())) return undefined;
    const governed = policyConfiguredOnce();
    const out: Outbound = {
      url: target,
      rerouted: false,
      headers: {},
      blocked: undefined,
      span: undefined,
      entry: undefined,
      waiting: undefined,
      done: false,
    };
    const tag = governed ? currentLane() : undefined;
    if (governed && lanesConfigured()) {
      const address = lanes().route(target, tag);
      if (address !== undefined && address !== target.host) {
        const moved = new URL(target.href);
        moved.host = address;
        out.url = moved;
        out.rerouted = true;
      }
    }
    if (governed && hasGovernanceRules()) {
      const engine = governance();
      const host = out.url.hostname;
      const port = urlPort(out.url);
      const upper = (method ?? 'GET').toUpperCase();
      const resource = engine.resolve(
        'http-out',
        `${host}:${port}`,
        // no closure per request (see server.ts admit)
        engine.matchesAttributes('http-out') ? { method: upper, host, port } : undefined,
      );
      const result = engine.entry(resource, { canWait });
      const answer = (blocked: Blocked): boolean => {
        const fallback = returnsValue(blocked.behavior);
        if (fallback) out.fallback = () => blocked.fallback([out.url.href, upper]);
        return fallback;
      };
      if (result.kind === 'blocked') {
        // Refused before any CLIENT span: the caller's span says so.
        out.blocked = blockedError(result);
        recordBlock(result);
        answer(result);
        return out;
      }
      if (result.kind === 'pass') out.entry = result;
      else {
        out.waiting = result.ready.then((decided) => {
          if (decided.kind === 'blocked') {
            out.done = true;
            const error = blockedError(decided);
            const span = out.span;
            // Refused after waiting its turn: its CLIENT span, started when the call was made, says
            // so, and fails with the BlockedError unless a fallback value answers the call.
            recordBlock(decided, span);
            if (answer(decided) || span === undefined) span?.end(spanTime());
            else endSpanError(span, error);
            throw error;
          }
          // The caller gave up while it waited (an aborted request): its turn is handed back.
          if (out.done) {
            governance().exit(decided, { aborted: true });
            return;
          }
          out.entry = decided;
        });
      }
    }
    let ctx = context.active();
    if (!sdkDisabledOnce() && tracingEnabled()) {
      const attributes: Attributes = {};
      const name = methodAttributes(method, attributes);
      attributes[ATTR.urlFull] = redactedUrl(out.url);
      attributes[ATTR.serverAddress] = out.url.hostname;
      attributes[ATTR.serverPort] = urlPort(out.url);
      out.span = startSpan(name, 'client', attributes, ctx);
      ctx = trace.setSpan(ctx, out.span);
    }
    if (!sdkDisabledOnce()) injectHeaders(out.headers as Record<string, unknown>, ctx);
    if (metricsEnabled()) {
      out.startedAt = performance.now();
      out.method = method;
    }
    if (tag !== undefined || (governed && lanesConfigured())) {
      const baggage = (out.headers.baggage ?? existing('baggage')) || undefined;
      Object.assign(out.headers, lanes().outboundHeaders(tag, { baggage }));
    }
    return out;
  } catch (error) {
    reportOnce('outbound HTTP instrumentation', error);
    return undefined;
  }
}

/** The call ended: with a response status, or an error (no response). */
export function endOutbound(out: Outbound | undefined, status: number | undefined, error?: unknown): void {
  if (out === undefined || out.done) return;
  out.done = true;
  try {
    if (out.entry !== undefined) {
      if (error !== undefined) governance().exit(out.entry, { error });
      else governance().exit(out.entry, { status });
    }
    if (out.startedAt !== undefined) recordClientDuration(out, status, error);
    const span = out.span;
    if (span === undefined) return;
    if (error !== undefined) {
      endSpanError(span, error);
      return;
    }
    if (status !== undefined) {
      span.setAttribute(ATTR.status, status);
      if (isErrorStatus(status, 'client')) {
        span.setAttribute(ATTR.errorType, String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
    }
    span.end(spanTime());
  } catch (failure) {
    reportOnce('outbound HTTP instrumentation', failure);
  }
}

/** `http.client.request.duration`: method, target host and port, status, error type. */
function recordClientDuration(out: Outbound, status: number | undefined, error: unknown): void {
  const attributes: Attributes = {
    [ATTR.method]: metricMethod(out.method),
    [ATTR.serverAddress]: out.url.hostname,
    [ATTR.serverPort]: urlPort(out.url),
  };
  if (error !== undefined) attributes[ATTR.errorType] = errorType(error);
  else if (status !== undefined) {
    attributes[ATTR.status] = status;
    if (isErrorStatus(status, 'client')) attributes[ATTR.errorType] = String(status);
  }
  recordDuration('httpClient', secondsSince(out.startedAt!), attributes);
}
