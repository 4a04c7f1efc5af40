// One database call, whatever client makes it. In order:
//   1. governance: the call is an entry of its resource (e.g. `pg:127.0.0.1:5432/app`); a blocked
//      call gets a BlockedError before anything is sent (the client adapter fails the call with
//      it the way the library fails: rejected promise, callback error, error event);
//   2. tracing: a CLIENT span under the active context, with the OTel database attributes.
// Every span of the database instrumentations starts in begin() and ends in end(): the one place
// to record per-call measurements.

import { context, type Attributes, type Span } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { blockedError, BlockedError } from '../governance/behavior.js';
import type { Entry, MatchAttributes } from '../governance/engine.js';
import { governance } from '../governance/access.js';
import { hasGovernanceRules } from '../http/policy-state.js';
import { policyConfigured, processEnv, sdkDisabled } from '../env.js';
import { reportOnce } from '../report.js';
import { tracingEnabled } from '../tracing/setup.js';
import { endSpanError, endSpanOk, errorType, startSpan } from '../tracing/span-ops.js';
import { DB_ATTR, QUERY_TEXT_ENV } from './semconv.js';
import { metricsEnabled, recordDuration, secondsSince } from '../metrics/setup.js';
import { boundedText, MAX_QUERY_TEXT, sanitizeSql, sqlCollection, sqlOperation, type SqlDialect } from './sql.js';

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
  /** How query texts are read (quotes, escapes, comments); PostgreSQL's when absent. */
  dialect?: SqlDialect | undefined;
}

export interface DbCallQuery {
  /** The query as the client sends it (SQL); only its placeholder form is exported by default. */
  text?: string | undefined;
  /** Set when known without parsing `text` (e.g. a Redis command). */
  operation?: string | undefined;
  collection?: string | undefined;
  /** Query text already free of values (a Redis command with `?` for its arguments): exported by default. */
  safeText?: string | undefined;
  /** With `safeText`: the text with its values, built and exported only when INSTTS_DB_QUERY_TEXT=raw. */
  rawText?: (() => string) | undefined;
  /** The values bound to the query's parameters (`$1`, `?`): hotspot rules' `arg` values. Never exported. */
  params?: readonly unknown[] | undefined;
}

const NO_WAIT = { canWait: false } as const;

/** `<client>:<host>:<port>/<namespace>`: the governance resource of calls to that database. */
export function dbResourceName(target: DbCallTarget): string {
  const where = `${target.host ?? 'localhost'}:${target.port ?? ''}`;
  return target.namespace === undefined || target.namespace === ''
    ? `${target.client}:${where}`
    : `${target.client}:${where}/${target.namespace}`;
}

/** What one query text tells a span; texts repeat (parameters are `$1`…), so this is cached. */
interface TextFacts {
  operation: string | undefined;
  collection: string | undefined;
  sanitized: string;
}
const MAX_CACHED_TEXTS = 512;
const factsByDialect: Record<SqlDialect, Map<string, TextFacts>> = { postgresql: new Map(), mysql: new Map() };

function textFacts(text: string, dialect: SqlDialect): TextFacts {
  const factsByText = factsByDialect[dialect];
  let facts = factsByText.get(text);
  if (facts === undefined) {
    const operation = sqlOperation(text);
    facts = {
      operation,
      collection: sqlCollection(text, operation),
      sanitized: boundedText(sanitizeSql(text, dialect)),
    };
    // bounded: the oldest text goes first (texts built with literals inside would otherwise grow it)
    if (factsByText.size >= MAX_CACHED_TEXTS) factsByText.delete(factsByText.keys().next().value as string);
    if (text.length <= 4 * MAX_QUERY_TEXT) factsByText.set(text, facts);
  }
  return facts;
}

/**
 * The environment switches, read once: a database call is far more frequent than an HTTP request,
 * and each read of `process.env` costs about a microsecond (they do not change while a process runs).
 */
interface Switches {
  sdkDisabled: boolean;
  governed: boolean;
  rawText: boolean;
}
let switches: Switches | undefined;
function currentSwitches(): Switches {
  return (switches ??= {
    sdkDisabled: sdkDisabled(),
    governed: policyConfigured(),
    rawText: processEnv()[QUERY_TEXT_ENV]?.trim().toLowerCase() === 'raw',
  });
}

/** Whether any database call feature is on in this process (else adapters leave calls alone). */
export function dbCallsActive(): boolean {
  const s = currentSwitches();
  return !s.sdkDisabled || s.governed;
}

export class DbCall {
  span: Span | undefined = undefined;
  entry: Entry | undefined = undefined;
  /** When metrics are on: the call's start and its metric attributes (low-cardinality ones only). */
  private startedAt: number | undefined = undefined;
  private metricAttributes: Attributes | undefined = undefined;
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
      const facts = text === undefined ? undefined : textFacts(text, target.dialect ?? 'postgresql');
      const operation = query.operation ?? facts?.operation;
      const collection = query.collection ?? facts?.collection;
      const call = new DbCall();
      const s = currentSwitches();
      if (s.governed && hasGovernanceRules()) {
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
        const result = engine.entry(
          resource,
          query.params === undefined ? NO_WAIT : { canWait: false, args: query.params },
        );
        if (result.kind === 'blocked') return blockedError(result);
        if (result.kind === 'pass') call.entry = result;
      }
      if (!s.sdkDisabled && tracingEnabled()) {
        const attributes: Attributes = { [DB_ATTR.system]: target.system };
        if (target.namespace !== undefined && target.namespace !== '') attributes[DB_ATTR.namespace] = target.namespace;
        if (operation !== undefined) attributes[DB_ATTR.operation] = operation;
        if (collection !== undefined) attributes[DB_ATTR.collection] = collection;
        const exported =
          s.rawText && query.rawText !== undefined
            ? query.rawText()
            : (query.safeText ?? (text === undefined ? undefined : s.rawText ? text : facts!.sanitized));
        if (exported !== undefined) attributes[DB_ATTR.queryText] = boundedText(exported);
        if (target.host !== undefined) attributes[DB_ATTR.serverAddress] = target.host;
        if (target.port !== undefined) attributes[DB_ATTR.serverPort] = target.port;
        const name =
          operation === undefined ? target.system : collection === undefined ? operation : `${operation} ${collection}`;
        call.span = startSpan(name, 'client', attributes, active);
      }
      if (!s.sdkDisabled && metricsEnabled()) {
        const attributes: Attributes = { [DB_ATTR.system]: target.system };
        if (target.namespace !== undefined && target.namespace !== '') attributes[DB_ATTR.namespace] = target.namespace;
        if (operation !== undefined) attributes[DB_ATTR.operation] = operation;
        if (collection !== undefined) attributes[DB_ATTR.collection] = collection;
        if (target.host !== undefined) attributes[DB_ATTR.serverAddress] = target.host;
        if (target.port !== undefined) attributes[DB_ATTR.serverPort] = target.port;
        call.metricAttributes = attributes;
        call.startedAt = performance.now();
      }
      return call.entry === undefined && call.span === undefined && call.startedAt === undefined ? undefined : call;
    } catch (error) {
      reportOnce('database call instrumentation', error);
      return undefined;
    }
  }

  /**
   * The database turned out to be another system than begin() was told (a MySQL client learns
   * from the handshake whether it talks to MariaDB): the span and the metric say so.
   */
  setSystem(system: string): void {
    try {
      this.span?.setAttribute(DB_ATTR.system, system);
      if (this.metricAttributes !== undefined) this.metricAttributes[DB_ATTR.system] = system;
    } catch (failure) {
      reportOnce('database call instrumentation', failure);
    }
  }

  /** The call finished; `statusCode` is the database's code for the error (SQLSTATE…). Once; never throws. */
  end(error?: unknown, statusCode?: string): void {
    if (this.ended) return;
    this.ended = true;
    try {
      if (this.entry !== undefined) governance().exit(this.entry, error === undefined ? {} : { error });
      if (this.startedAt !== undefined) this.recordMetric(error, statusCode);
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

  /** `db.client.operation.duration`; a failed call adds `error.type` (and the database's status code). */
  private recordMetric(error: unknown, statusCode: string | undefined): void {
    const attributes = this.metricAttributes!;
    if (error !== undefined) {
      if (statusCode !== undefined && statusCode !== '') {
        attributes[DB_ATTR.statusCode] = statusCode;
        attributes[DB_ATTR.errorType] = statusCode;
      } else attributes[DB_ATTR.errorType] = errorType(error);
    }
    recordDuration('dbClient', secondsSince(this.startedAt!), attributes);
  }
}
