// node-postgres (pg 8): Client#query, below Pool#query and every query form.
//   - text, config objects ({ text, values, name, rowMode, … }) and prepared statements (`name`):
//     the span ends with the promise (onExit runs when it settles) or in the callback, which is
//     wrapped to end the span and then run in the caller's context;
//   - submittables (pg.Query, pg-cursor, pg-query-stream): their handleError and
//     handleReadyForQuery are wrapped to end the span when the query is over.
// A blocked call fails as pg fails a query it cannot send: the promise rejects, the callback gets
// the error on the next tick, a submittable's handleError gets it on the next tick.
// pg-pool's Pool#connect (pg 8's Pool; pool.query goes through it with a callback): a request
// waiting for a client gets it when another request releases one, from inside that release,
// i.e. in the other request's context; its callback is made to run in the caller's context, so
// the query it makes is a child of its own request. Its promise form needs nothing: an await
// (or a then) on a native promise continues in the context it was made in.
// Everything fails open: an error in here leaves the call as pg made it.

import { context, type Context } from '@opentelemetry/api';
import type { HookContext } from '../../runtime/context.js';
import { DbCall, dbCallsActive, dbTarget, type DbCallTarget } from '../../runtime/db/call.js';
import { reportOnce } from '../../runtime/report.js';
import { runInContext } from '../../runtime/tracing/span-ops.js';
import { quietUnlessListening } from '../../runtime/listening.js';

// Nothing listening (tracing off, no policy): these rules' sites cost one check per call.
quietUnlessListening(['pg.query', 'pg.pool-connect']);

// The parts of pg this file touches (structural: the application's own copy is used).
interface PgClient {
  host?: unknown;
  port?: unknown;
  database?: unknown;
  connection?: unknown;
  _Promise?: PromiseConstructor;
}
interface QueryConfig {
  text?: unknown;
  name?: unknown;
  callback?: unknown;
  submit?: unknown;
  handleError?: (error: unknown, connection: unknown) => void;
  handleReadyForQuery?: (...args: unknown[]) => void;
  /** pg-query-stream keeps its text in its cursor. */
  cursor?: { text?: unknown };
}
type Callback = (error: unknown, result?: unknown) => void;

const CALL = 'pgQuery';

const PG = { system: 'postgresql', client: 'pg' } as const;

function target(client: PgClient): DbCallTarget {
  return dbTarget(
    client,
    PG,
    typeof client.host === 'string' ? client.host : undefined,
    typeof client.port === 'number'
      ? client.port
      : typeof client.port === 'string' && client.port !== ''
        ? Number(client.port)
        : undefined,
    typeof client.database === 'string' ? client.database : undefined,
  );
}

/** The SQLSTATE of a server error (`code`: five characters); undefined for client-side errors. */
function sqlState(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function endCall(call: DbCall, error: unknown): void {
  if (error === undefined || error === null) call.end();
  else call.end(error, sqlState(error));
}

/** `callback` ending `call` first, then running in `parent` (pg calls it from the socket's context). */
function wrapCallback(callback: Callback, call: DbCall | undefined, parent: Context): Callback {
  return function (this: unknown, error: unknown, result?: unknown): void {
    if (call !== undefined) endCall(call, error);
    return runInContext(parent, callback, this, error, result);
  };
}

/** onEnter of Client#query. */
export function onQuery(ctx: HookContext): void {
  if (!dbCallsActive()) return;
  try {
    const client = ctx.self as PgClient;
    const config = ctx.args[0] as QueryConfig | string | null | undefined;
    if (config === null || config === undefined || typeof client !== 'object' || client === null) return; // pg throws its TypeError
    const values = ctx.args[1];
    const callbackArg = ctx.args[2];
    const query = typeof config === 'object' ? config : undefined;
    const submittable = typeof query?.submit === 'function';
    const text =
      typeof config === 'string'
        ? config
        : typeof query?.text === 'string'
          ? query.text
          : typeof query?.cursor?.text === 'string'
            ? query.cursor.text
            : undefined;

    const params = Array.isArray(values)
      ? values
      : Array.isArray((query as { values?: unknown } | undefined)?.values)
        ? (query as { values: unknown[] }).values
        : undefined;
    const begun = DbCall.begin(target(client), { text, params });
    if (begun === undefined) return;
    const parent = context.active();

    if (submittable) {
      const sub = query!;
      if (!(begun instanceof DbCall)) {
        // what pg does with a submittable it cannot send: its callback from the arguments, handleError next tick
        if (typeof sub.callback !== 'function') {
          if (typeof values === 'function') sub.callback = values;
          else if (typeof callbackArg === 'function') sub.callback = callbackArg;
        }
        const connection = client.connection;
        process.nextTick(() => sub.handleError?.(begun, connection));
        ctx.skip(sub);
        return;
      }
      observeSubmittable(sub, begun);
      ctx.data[CALL] = { call: begun, settled: true };
      return;
    }

    // pg's precedence: the callback argument, else `values` when it is a function, else config.callback
    const index = typeof callbackArg === 'function' ? 2 : typeof values === 'function' ? 1 : undefined;
    const callback = (index === undefined ? query?.callback : ctx.args[index]) as Callback | undefined;
    if (typeof callback === 'function') {
      if (!(begun instanceof DbCall)) {
        process.nextTick(() => context.with(parent, callback, undefined, begun));
        ctx.skip(undefined);
        return;
      }
      // config.callback: passed as the callback argument instead, which pg puts in its place
      ctx.args[index ?? 2] = wrapCallback(callback, begun, parent);
      ctx.data[CALL] = { call: begun, settled: true };
      return;
    }
    if (!(begun instanceof DbCall)) {
      const P = typeof client._Promise === 'function' ? client._Promise : Promise;
      ctx.skip(new P((_resolve, reject) => reject(begun)));
      return;
    }
    ctx.data[CALL] = { call: begun, settled: false };
  } catch (error) {
    reportOnce('pg query instrumentation', error);
  }
}

/** onExit of Client#query: a promise settled (or pg threw before queueing the query). */
export function onQueryReturned(ctx: HookContext): void {
  const data = ctx.data[CALL] as { call: DbCall; settled: boolean } | undefined;
  if (data === undefined) return;
  if (ctx.threw) {
    endCall(data.call, ctx.error);
    return;
  }
  if (data.settled) return; // the callback or the submittable ends it
  const result = ctx.result as { then?: unknown } | undefined;
  // A promise of pg's configured Promise class that is not native: onExit comes at once.
  if (
    typeof result === 'object' &&
    result !== null &&
    typeof result.then === 'function' &&
    !(result instanceof Promise)
  ) {
    try {
      (result.then as (ok: () => void, fail: (e: unknown) => void) => unknown).call(
        result,
        () => data.call.end(),
        (error) => endCall(data.call, error),
      );
    } catch (error) {
      reportOnce('pg query instrumentation', error);
      data.call.end();
    }
    return;
  }
  data.call.end();
}

/**
 * End `call` when the submittable is done: at its first handleError (a lost connection sends no
 * ReadyForQuery, and an isolation slot must not stay taken) or handleReadyForQuery.
 */
function observeSubmittable(sub: QueryConfig, call: DbCall): void {
  const handleError = sub.handleError;
  const handleReadyForQuery = sub.handleReadyForQuery;
  if (typeof handleError !== 'function' || typeof handleReadyForQuery !== 'function') {
    // an unknown kind of submittable: nothing tells when it ends
    call.end();
    return;
  }
  sub.handleError = function (this: unknown, error: unknown, connection: unknown): void {
    endCall(call, error ?? new Error('query failed'));
    return handleError.call(this, error, connection);
  };
  sub.handleReadyForQuery = function (this: unknown, ...args: unknown[]): void {
    call.end();
    return handleReadyForQuery.apply(this, args);
  };
}

/** onEnter of pg-pool's Pool#connect(callback): the callback runs in the caller's context. */
export function onPoolConnect(ctx: HookContext): void {
  if (!dbCallsActive()) return;
  try {
    const callback = ctx.args[0];
    if (typeof callback !== 'function') return; // the promise form
    const parent = context.active();
    ctx.args[0] = function (this: unknown, ...args: unknown[]): unknown {
      return runInContext(parent, callback as (...a: unknown[]) => unknown, this, ...args);
    };
  } catch (error) {
    reportOnce('pg-pool connect instrumentation', error);
  }
}
