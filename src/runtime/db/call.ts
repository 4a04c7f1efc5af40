// One database call, whatever client makes it. In order:
//   1. governance: the call is an entry of its resource (e.g. `pg:127.0.0.1:5432/app`); a blocked
//      call gets a BlockedError before anything is sent (the client adapter fails the call with
//      it the way the library fails: rejected promise, callback error, error event);
//   2. tracing: a CLIENT span under the active context, with the OTel database attributes.
// Every span of the database instrumentations starts in begin() and ends in end(): the one place
// to record per-call measurements.

import { context, type Attributes, type Span } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { BlockedError, type Blocked } from '../governance/behavior.js';
import type { Entry, MatchAttributes } from '../governance/engine.js';
import { governance } from '../governance/index.js';
import { hasGovernanceRules } from '../http/policy-state.js';
import { policyConfigured, processEnv, sdkDisabled } from '../env.js';
import { reportOnce } from '../report.js';
import { tracingEnabled } from '../tracing/setup.js';
import { endSpanError, endSpanOk, startSpan } from '../tracing/span-ops.js';
import { DB_ATTR, QUERY_TEXT_ENV } from './semconv.js';
import { boundedText, sanitizeSql, sqlCollection, sqlOperation } from './sql.js';

/** Adapter kind under which database resources are resolved (policy `resources[].kind`). */
export const DB_RESOURCE_KIND = 'db';

export interface DbCallTarget {
  /** `db.system.name` (`postgresql`, `redis`…). */
  system: string;
  /** Prefix of the resource name (`pg`, `ioredis`…). */
  client: string;
  host: string | undefined;
  port: number | undefined;
  /** `db.namespace`: the database (or index) name. */
  namespace: string | undefined;
}

export interface DbCallQuery {
  /** The query as the client sends it (SQL); only its placeholder form is exported by default. */
  text?: string | undefined;
  /** Set when known without parsing `text` (e.g. a Redis command). */
  operation?: string | undefined;
  collection?: string | undefined;
  /** Query text already free of values (a Redis command name): exported as is. */
  safeText?: string | undefined;
}

/** `<client>:<host>:<port>/<namespace>`: the governance resource of calls to that database. */
export function dbResourceName(target: DbCallTarget): string {
  const where = `${target.host ?? 'localhost'}:${target.port ?? ''}`;
  return target.namespace === undefined || target.namespace === '' ? `${target.client}:${where}` : `${target.client}:${where}/${target.namespace}`;
}

/** Whether any database call feature is on in this process (else adapters leave calls alone). */
export function dbCallsActive(): boolean {
  return !sdkDisabled() || policyConfigured();
}

let rawTextCache: { value: string | undefined; raw: boolean } | undefined;
function rawQueryText(): boolean {
  const value = processEnv()[QUERY_TEXT_ENV];
  if (rawTextCache === undefined || rawTextCache.value !== value) rawTextCache = { value, raw: value?.trim().toLowerCase() === 'raw' };
  return rawTextCache.raw;
}

export class DbCall {
  span: Span | undefined = undefined;
  entry: Entry | undefined = undefined;
  private ended = false;

  /**
   * Decide a call: a DbCall to end() once it finished, a BlockedError to fail it with (nothing
   * was started), or undefined when nothing applies. Never throws.
   */
  static begin(target: DbCallTarget, query: DbCallQuery): DbCall | BlockedError | undefined {
    try {
      const active = context.active();
      // An exporter's own calls (tracing suppressed around them) are left alone.
      if (isTracingSuppressed(active)) return undefined;
      const text = query.text;
      const operation = query.operation ?? (text === undefined ? undefined : sqlOperation(text));
      const collection = query.collection ?? (text === undefined ? undefined : sqlCollection(text, operation));
      const call = new DbCall();
      if (policyConfigured() && hasGovernanceRules()) {
        const engine = governance();
        const attributes = (): MatchAttributes => ({
          system: target.system,
          host: target.host,
          port: target.port,
          namespace: target.namespace,
          operation,
          collection,
        });
        const resource = engine.resolve(DB_RESOURCE_KIND, dbResourceName(target), attributes);
        const result = engine.entry(resource, { canWait: false });
        if (result.kind === 'blocked') return blockedError(result);
        if (result.kind === 'pass') call.entry = result;
      }
      if (!sdkDisabled() && tracingEnabled()) {
        const attributes: Attributes = { [DB_ATTR.system]: target.system };
        if (target.namespace !== undefined && target.namespace !== '') attributes[DB_ATTR.namespace] = target.namespace;
        if (operation !== undefined) attributes[DB_ATTR.operation] = operation;
        if (collection !== undefined) attributes[DB_ATTR.collection] = collection;
        const exported = query.safeText ?? (text === undefined ? undefined : rawQueryText() ? text : sanitizeSql(text));
        if (exported !== undefined) attributes[DB_ATTR.queryText] = boundedText(exported);
        if (target.host !== undefined) attributes[DB_ATTR.serverAddress] = target.host;
        if (target.port !== undefined) attributes[DB_ATTR.serverPort] = target.port;
        const name = operation === undefined ? target.system : collection === undefined ? operation : `${operation} ${collection}`;
        call.span = startSpan(name, 'client', attributes, active);
      }
      return call.entry === undefined && call.span === undefined ? undefined : call;
    } catch (error) {
      reportOnce('database call instrumentation', error);
      return undefined;
    }
  }

  /** The call finished; `statusCode` is the database's code for the error (SQLSTATE…). Once; never throws. */
  end(error?: unknown, statusCode?: string): void {
    if (this.ended) return;
    this.ended = true;
    try {
      if (this.entry !== undefined) governance().exit(this.entry, error === undefined ? {} : { error });
      const span = this.span;
      if (span === undefined) return;
      if (error === undefined) endSpanOk(span);
      else if (statusCode !== undefined && statusCode !== '')
        endSpanError(span, error, { [DB_ATTR.statusCode]: statusCode, [DB_ATTR.errorType]: statusCode });
      else endSpanError(span, error);
    } catch (failure) {
      reportOnce('database call instrumentation', failure);
    }
  }
}

/** The error a blocked call fails with (a fallback behaviour that throws gives its own error). */
function blockedError(result: Blocked): BlockedError {
  try {
    result.fallback();
    return new BlockedError(result);
  } catch (error) {
    return error instanceof BlockedError ? error : new BlockedError(result);
  }
}
