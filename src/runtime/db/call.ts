// One database call, whatever client makes it. In order:
//   1. governance: the call is an entry of its resource (e.g. `pg:127.0.0.1:5432/app`); a blocked
//      call gets a BlockedError before anything is sent (the client adapter fails the call with
//      it the way the library fails: rejected promise, callback error, error event);
//   2. tracing: a CLIENT span under the active context, with the OTel database attributes.
// Every span of the database instrumentations starts in begin() and ends in end(): the one place
// to record per-call measurements.
//
// A call whose turn comes later (a queue-shaped rule, a breaker holding calls for its half-open
// verdict) waits when its adapter can hold it back (`canWait`: the client's own queue is paused
// behind it, so calls on the same connection keep their order): begin() then returns a DbCall
// whose `waiting` settles when the call may be sent, or fails with the BlockedError. A call that
// cannot wait is blocked instead, and the rule is named in a warning, once.
//
// A query's round trip on loopback is tens of microseconds, about what an OpenTelemetry span costs
// to make and end, so the span is made off the call's critical path (ADR 0010, "Span work off the
// critical path"): begin() decides governance and notes the active context and the start time;
// the span is made, with that start time, once the client has written the query (a microtask
// after the call, or after the client's own write for one that writes from setImmediate), while
// the query is on the wire. end() exits governance at once (an isolation slot is free before the
// caller's continuation can make the next call; a breaker has seen the outcome), notes the end
// time, and ends the span after the caller's continuation ran (setImmediate). Times are explicit,
// so the exported span is the same; a flush or shutdown of the tracing finishes pending spans first.

import { context, SpanKind, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { blockedError, BlockedError, type Blocked } from '../governance/behavior.js';
import { recordBlock } from '../governance/block-event.js';
import type {
  Entry,
  EntryContext,
  ExitOutcome,
  GovernanceEngine,
  MatchAttributes,
  Pending,
  Resource,
} from '../governance/engine.js';
import { governance } from '../governance/access.js';
import { noticeCannotWait } from '../governance/cannot-wait.js';
import { hasGovernanceRules } from '../http/policy-state.js';
import { policyConfiguredOnce, processEnv, sdkDisabledOnce } from '../env.js';
import { reflectApply } from '../intrinsics.js';
import { reportOnce } from '../report.js';
import { finishBeforeFlush, tracingEnabled, tracingStatus } from '../tracing/setup.js';
import { endSpanError, endSpanOk, errorType, runInContext, startSpan } from '../tracing/span-ops.js';
import type { HookContext } from '../context.js';
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
  /** The client writes what it queued from a setImmediate callback (node-redis), not within the call. */
  sendsLater?: boolean | undefined;
}

/** What a client adapter always passes to {@link dbTarget}: one constant per client (and system). */
export interface DbClientKind {
  readonly system: string;
  readonly client: string;
  readonly dialect?: SqlDialect;
  readonly sendsLater?: boolean;
}

interface OwnedTarget extends DbCallTarget {
  readonly kind: DbClientKind;
}
const targetsByOwner = new WeakMap<object, OwnedTarget>();

/**
 * The target of `owner`'s calls (a client, a connection): the same object as long as what it
 * names stays the same, so what a target gives (its resource name, its resolved resource) is
 * worked out once per client rather than once per call.
 */
export function dbTarget(
  owner: object,
  kind: DbClientKind,
  host: string | undefined,
  port: number | undefined,
  namespace: string | undefined,
): DbCallTarget {
  const known = targetsByOwner.get(owner);
  if (
    known !== undefined &&
    known.kind === kind &&
    known.host === host &&
    known.port === port &&
    known.namespace === namespace
  )
    return known;
  const target: OwnedTarget = {
    kind,
    system: kind.system,
    client: kind.client,
    host,
    port,
    namespace,
    dialect: kind.dialect,
    sendsLater: kind.sendsLater,
  };
  targetsByOwner.set(owner, target);
  return target;
}

export interface DbCallQuery {
  /** The query as the client sends it (SQL); only its placeholder form is exported by default. */
  text?: string | undefined;
  /** Set when known without parsing `text` (e.g. a Redis command). */
  operation?: string | undefined;
  collection?: string | undefined;
  /** Query text already free of values (a Redis command with `?` for its arguments): exported by default. */
  safeText?: string | undefined;
  /** With `safeText`: the text with its values, exported only when INSTTS_DB_QUERY_TEXT=raw (give it only when {@link rawQueryTexts}). */
  rawText?: string | undefined;
  /** The values bound to the query's parameters (`$1`, `?`): hotspot rules' `arg` values. Never exported. */
  params?: readonly unknown[] | undefined;
  /**
   * The adapter can hold this call back until its turn comes (queue shaping, a half-open
   * breaker's verdict): begin() may return a DbCall whose `waiting` is set. Without it such a
   * call is blocked, and the rule is named in a warning (once per rule and `shape`).
   */
  canWait?: boolean | undefined;
  /** What the call is, for that warning (`an ioredis command`); default `a <client> call`. */
  shape?: string | undefined;
}

/**
 * Statements that end a transaction (or a Redis MULTI) are never governed. Refusing one would not
 * spare the database anything (it frees what the transaction holds), and it would leave the
 * connection inside the transaction: an ORM that rolls back after a refused statement, then
 * returns the connection to its pool, would hand the next caller a connection in the middle of an
 * open transaction, with its locks held. Nor is Redis QUIT, which ends the connection: refused, it
 * would keep the connection (and the process) alive and fail the program's shutdown. They are
 * still traced.
 */
const ENDS_TRANSACTION: ReadonlySet<string> = new Set([
  'COMMIT',
  'END',
  'ROLLBACK',
  'ABORT',
  'ROLLBACK TO SAVEPOINT',
  'ROLLBACK TO',
  'RELEASE SAVEPOINT',
  'COMMIT PREPARED',
  'ROLLBACK PREPARED',
  'XA COMMIT',
  'XA ROLLBACK',
  'EXEC',
  'DISCARD',
  'QUIT',
]);

const NO_WAIT: EntryContext = { canWait: false };
const MAY_WAIT: EntryContext = { canWait: true };
/** The entry context of a call with parameter values: one object, filled for the synchronous entry() only. */
const WITH_ARGS: { canWait: boolean; args: readonly unknown[] | undefined } = { canWait: false, args: undefined };
const NO_OUTCOME: ExitOutcome = Object.freeze({});
const ABORTED: ExitOutcome = Object.freeze({ aborted: true });

function ignore(): void {}

/** A call that could not wait was blocked by a rule that makes calls wait: the rule is named, once. */
function noticeDbCannotWait(engine: GovernanceEngine, blocked: Blocked, target: DbCallTarget, shape?: string): void {
  noticeCannotWait(engine, blocked, {
    kind: 'a database call',
    what: shape ?? `a ${target.client} call`,
    outcome: 'such calls are blocked at once instead',
    advice: 'use shaping "reject" with the rate you mean, or govern the function that makes the call',
  });
}

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
      collection: sqlCollection(text, operation, dialect),
      sanitized: boundedText(sanitizeSql(text, dialect)),
    };
    // bounded: the oldest text goes first (texts built with literals inside would otherwise grow it)
    if (factsByText.size >= MAX_CACHED_TEXTS) factsByText.delete(factsByText.keys().next().value as string);
    if (text.length <= 4 * MAX_QUERY_TEXT) factsByText.set(text, facts);
  }
  return facts;
}

/** INSTTS_DB_QUERY_TEXT, read once (as OTEL_SDK_DISABLED and INSTTS_POLICY: see env.ts). */
let rawTextRead: boolean | undefined;

/** Whether any database call feature is on in this process (else adapters leave calls alone). */
export function dbCallsActive(): boolean {
  return !sdkDisabledOnce() || policyConfiguredOnce();
}

/**
 * onEnter of a pool's "give me a connection" call with its callback at `index` (pg-pool
 * Pool#connect, mysql2 getConnection): the pool calls it from inside whichever request released
 * a connection; it runs in the caller's context instead, so the queries it makes stay under
 * their own request. (A promise form needs nothing: an await continues in its own context.)
 */
export function callbackInCallersContext(ctx: HookContext, index: number, what: string): void {
  if (!dbCallsActive()) return;
  try {
    const callback = ctx.args[index];
    if (typeof callback !== 'function') return;
    const parent = context.active();
    ctx.args[index] = function (this: unknown, ...args: unknown[]): unknown {
      return runInContext(parent, callback as (...a: unknown[]) => unknown, this, ...args);
    };
  } catch (error) {
    reportOnce(what, error);
  }
}

/** INSTTS_DB_QUERY_TEXT=raw: query texts are exported as written (adapters build a raw Redis text only then). */
export function rawQueryTexts(): boolean {
  return (rawTextRead ??= processEnv()[QUERY_TEXT_ENV]?.trim().toLowerCase() === 'raw');
}

/** What a target gives governance, worked out again when the engine or its policy changes. */
interface GovernedTarget {
  engine: GovernanceEngine | undefined;
  generation: number;
  resourceName: string;
  /** The policy has a rule that could block (any call of this process is then an entry). */
  governed: boolean;
  /** The resource, when the name alone decides it (no declared resource matches on attributes). */
  resource: Resource | undefined;
}
const governedTargets = new WeakMap<DbCallTarget, GovernedTarget>();

function governedTarget(target: DbCallTarget, engine: GovernanceEngine): GovernedTarget {
  let known = governedTargets.get(target);
  if (known === undefined) {
    known = {
      engine: undefined,
      generation: -1,
      resourceName: dbResourceName(target),
      governed: false,
      resource: undefined,
    };
    governedTargets.set(target, known);
  }
  if (known.engine !== engine || known.generation !== engine.generation) {
    known.engine = engine;
    known.generation = engine.generation;
    known.governed = hasGovernanceRules();
    known.resource =
      known.governed && !engine.matchesAttributes(DB_RESOURCE_KIND)
        ? engine.resolve(DB_RESOURCE_KIND, known.resourceName)
        : undefined;
  }
  return known;
}

function matchAttributes(
  target: DbCallTarget,
  operation: string | undefined,
  collection: string | undefined,
): MatchAttributes {
  return {
    system: target.system,
    host: target.host,
    port: target.port,
    namespace: target.namespace,
    operation,
    collection,
  };
}

/** The attributes a call's span and its duration metric share (both low-cardinality). */
function callAttributes(
  target: DbCallTarget,
  system: string,
  operation: string | undefined,
  collection: string | undefined,
): Attributes {
  const attributes: Attributes = { [DB_ATTR.system]: system };
  if (target.namespace !== undefined && target.namespace !== '') attributes[DB_ATTR.namespace] = target.namespace;
  if (operation !== undefined) attributes[DB_ATTR.operation] = operation;
  if (collection !== undefined) attributes[DB_ATTR.collection] = collection;
  if (target.host !== undefined) attributes[DB_ATTR.serverAddress] = target.host;
  if (target.port !== undefined) attributes[DB_ATTR.serverPort] = target.port;
  return attributes;
}

// ---- span work after the call's critical path ---------------------------------------------------

// A reaction of a settled promise: the cheapest microtask while async hooks listen (the context
// manager's), cheaper than queueMicrotask, which makes an AsyncResource for each. The engine's
// own `then`, taken at load: a program replacing Promise.prototype.then does not run here.
const SETTLED = Promise.resolve();
const promiseThen = Promise.prototype.then;
function inMicrotask(args: [() => void]): void {
  reflectApply(promiseThen, SETTLED, args);
}

/** Calls with span work to do (a span to make, a span to end). */
const pending: DbCall[] = [];
let microtaskQueued = false;
let immediateQueued = false;
let lateMicrotaskQueued = false;
/** Immediates queued after a client's own setImmediate write: an earlier one leaves the work to them. */
let lateImmediates = 0;
let finisherRegistered = false;

let finishing = false;

function finishPending(): void {
  // A span's end may (through a processor) flush or begin another call: the loop in progress
  // takes what is added (live length), a nested call leaves it to that loop.
  if (finishing) return;
  finishing = true;
  try {
    for (let i = 0; i < pending.length; i++) {
      const call = pending[i]!;
      call.queued = false;
      call.settle();
    }
  } finally {
    finishing = false;
    // pop, not `length = 0`: usually one or two calls, and pop stays in compiled code
    while (pending.length > 0) pending.pop();
  }
}

function enqueue(call: DbCall): boolean {
  if (call.queued) return false;
  call.queued = true;
  pending.push(call);
  if (!finisherRegistered) {
    finisherRegistered = true;
    finishBeforeFlush(finishPending);
  }
  return true;
}

function onMicrotask(): void {
  microtaskQueued = false;
  finishPending();
}

function onImmediate(): void {
  immediateQueued = false;
  if (lateImmediates === 0) finishPending();
}

function onLateImmediate(): void {
  lateImmediates--;
  finishPending();
}

function queueLateImmediate(): void {
  lateMicrotaskQueued = false;
  lateImmediates++;
  setImmediate(onLateImmediate);
}

const ON_MICROTASK: [() => void] = [onMicrotask];
const QUEUE_LATE_IMMEDIATE: [() => void] = [queueLateImmediate];

/** The span is made once the call has written its query: right after it, or after the client's own write. */
function afterSend(call: DbCall, sendsLater: boolean): void {
  enqueue(call);
  if (sendsLater) {
    // a microtask runs once the call returned, when the client has queued its write: an
    // immediate queued then runs after it
    if (!lateMicrotaskQueued) {
      lateMicrotaskQueued = true;
      inMicrotask(QUEUE_LATE_IMMEDIATE);
    }
  } else if (!microtaskQueued) {
    microtaskQueued = true;
    inMicrotask(ON_MICROTASK);
  }
}

/** The span ends after the caller's continuation ran (and made its next call, if any). */
function afterContinuation(call: DbCall): void {
  if (!enqueue(call) || immediateQueued) return;
  immediateQueued = true;
  setImmediate(onImmediate);
}

export class DbCall {
  /**
   * Set when the call must wait for its turn: fulfilled when it may be sent (send it then),
   * rejected with the BlockedError when it may not (fail it with that, as for a call blocked at
   * once). Only for a begin() with `canWait`.
   */
  waiting: Promise<void> | undefined = undefined;
  private entry: Entry | undefined = undefined;
  private span: Span | undefined = undefined;
  /** @internal in the pending list */ queued = false;
  private readonly target: DbCallTarget;
  /** `performance.now()` at begin (tracing or metrics on). */
  private startTime = 0;
  // What the span is made of, until it is made.
  private spanWanted = false;
  private parent: Context | undefined = undefined;
  private operation: string | undefined = undefined;
  private collection: string | undefined = undefined;
  private text: string | undefined = undefined;
  private system: string | undefined = undefined;
  /** End the span later (our provider, whose flush finishes pending spans); else at once. */
  private deferEnd = false;
  // How the call ended, until its span is ended.
  private ended = false;
  private spanDone = false;
  private endTime = 0;
  private error: unknown = undefined;
  private statusCode: string | undefined = undefined;
  /** When metrics are on: the call's metric attributes (low-cardinality ones only). */
  private metricAttributes: Attributes | undefined = undefined;

  private constructor(target: DbCallTarget, entry: Entry | undefined) {
    this.target = target;
    this.entry = entry;
  }

  /**
   * Decide a call: a DbCall to end() once it finished, a BlockedError to fail it with (nothing
   * was started), or undefined when nothing applies. Never throws.
   */
  static begin(target: DbCallTarget, query: DbCallQuery): DbCall | BlockedError | undefined {
    try {
      const active = context.active();
      // An exporter's own calls (tracing suppressed around them) are left alone.
      if (isTracingSuppressed(active)) return undefined;
      const sdkOff = sdkDisabledOnce();
      const text = query.text;
      const facts = text === undefined ? undefined : textFacts(text, target.dialect ?? 'postgresql');
      const operation = query.operation ?? facts?.operation;
      const collection = query.collection ?? facts?.collection;
      let entry: Entry | undefined;
      let pending: Pending | undefined;
      if (policyConfiguredOnce()) {
        const engine = governance();
        const known = governedTarget(target, engine);
        if (known.governed && !(operation !== undefined && ENDS_TRANSACTION.has(operation))) {
          const resource =
            known.resource ??
            engine.resolve(DB_RESOURCE_KIND, known.resourceName, matchAttributes(target, operation, collection));
          const params = query.params;
          const canWait = query.canWait === true;
          let result;
          if (params === undefined) result = engine.entry(resource, canWait ? MAY_WAIT : NO_WAIT);
          else {
            WITH_ARGS.args = params;
            WITH_ARGS.canWait = canWait;
            try {
              result = engine.entry(resource, WITH_ARGS);
            } finally {
              WITH_ARGS.args = undefined;
            }
          }
          if (result.kind === 'blocked') {
            if (!canWait) noticeDbCannotWait(engine, result, target, query.shape);
            recordBlock(result);
            return blockedError(result);
          }
          if (result.kind === 'pass') entry = result;
          else pending = result;
        }
      }
      const traced = !sdkOff && tracingEnabled();
      const measured = !sdkOff && metricsEnabled();
      if (entry === undefined && pending === undefined && !traced && !measured) return undefined;
      const call = new DbCall(target, entry);
      if (pending !== undefined) call.waitFor(pending);
      if (traced || measured) call.startTime = performance.now();
      if (traced) {
        call.spanWanted = true;
        call.parent = active;
        call.operation = operation;
        call.collection = collection;
        const rawText = rawQueryTexts();
        call.text =
          rawText && query.rawText !== undefined
            ? query.rawText
            : (query.safeText ?? (text === undefined ? undefined : rawText ? text : facts!.sanitized));
        call.deferEnd = tracingStatus().provider === 'instts';
        // a call that waits is sent when its turn comes: its span is made after that
        if (pending === undefined) afterSend(call, target.sendsLater === true);
      }
      if (measured) call.metricAttributes = callAttributes(target, target.system, operation, collection);
      return call;
    } catch (error) {
      reportOnce('database call instrumentation', error);
      return undefined;
    }
  }

  /** The call waits for `pending` to decide: admitted (the entry is its own), or refused (no span, no metric). */
  private waitFor(pending: Pending): void {
    this.waiting = pending.ready.then((decided) => {
      if (decided.kind === 'blocked') {
        this.refuse();
        recordBlock(decided);
        throw blockedError(decided);
      }
      if (this.ended) {
        // the call failed while it waited (its connection closed): its turn is handed back
        governance().exit(decided, ABORTED);
        return;
      }
      this.entry = decided;
      // sent by the adapter once this settles (a later microtask): the span is made after that
      if (this.spanWanted) afterSend(this, true);
    });
    // the adapter handles a refusal; an adapter that failed before it could must not crash the process
    this.waiting.catch(ignore);
  }

  /** Blocked after waiting: nothing was sent, so nothing is recorded (as for a call blocked at once). */
  private refuse(): void {
    if (this.ended) return;
    this.ended = true;
    this.spanWanted = false;
    this.parent = undefined;
    this.metricAttributes = undefined;
  }

  /**
   * The database turned out to be another system than begin() was told (a MySQL client learns
   * from the handshake whether it talks to MariaDB): the span and the metric say so.
   */
  setSystem(system: string): void {
    try {
      this.system = system;
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
      if (this.entry !== undefined) governance().exit(this.entry, error === undefined ? NO_OUTCOME : { error });
      if (this.metricAttributes !== undefined) this.recordMetric(error, statusCode);
      if (!this.spanWanted && this.span === undefined) return;
      this.endTime = performance.now();
      this.error = error;
      this.statusCode = statusCode;
      if (this.deferEnd) afterContinuation(this);
      else this.settle();
    } catch (failure) {
      reportOnce('database call instrumentation', failure);
    }
  }

  /** @internal Make the span if it is still to be made; end it if the call ended. Never throws. */
  settle(): void {
    try {
      if (this.spanWanted) this.makeSpan();
      const span = this.span;
      if (!this.ended || this.spanDone || span === undefined) return;
      this.spanDone = true;
      const error = this.error;
      const statusCode = this.statusCode;
      this.error = undefined;
      if (error === undefined) endSpanOk(span, undefined, this.endTime);
      else if (statusCode !== undefined && statusCode !== '')
        endSpanError(span, error, { [DB_ATTR.statusCode]: statusCode, [DB_ATTR.errorType]: statusCode }, this.endTime);
      else endSpanError(span, error, undefined, this.endTime);
    } catch (failure) {
      reportOnce('database call instrumentation', failure);
    }
  }

  private makeSpan(): void {
    this.spanWanted = false;
    const target = this.target;
    const operation = this.operation;
    const collection = this.collection;
    const attributes = callAttributes(target, this.system ?? target.system, operation, collection);
    if (this.text !== undefined) attributes[DB_ATTR.queryText] = boundedText(this.text);
    const name =
      operation === undefined ? target.system : collection === undefined ? operation : `${operation} ${collection}`;
    const parent = this.parent;
    this.parent = undefined;
    this.span = startSpan(name, SpanKind.CLIENT, attributes, parent, this.startTime);
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
    recordDuration('dbClient', secondsSince(this.startTime), attributes);
  }
}
