// node-postgres (pg 8): Client#query, below Pool#query and every query form.
//   - text, config objects ({ text, values, name, rowMode, … }) and prepared statements (`name`):
//     the span ends with the promise (onExit runs when it settles) or in the callback, which is
//     wrapped to end the span and then run in the caller's context;
//   - submittables (pg.Query, pg-cursor, pg-query-stream): their handleError and
//     handleReadyForQuery are wrapped to end the span when the query is over.
// A blocked call fails as pg fails a query it cannot send: the promise rejects, the callback gets
// the error on the next tick, a submittable's handleError gets it on the next tick.
// A call whose turn comes later (a queue-shaped rule, a breaker waiting for its half-open verdict)
// goes into the client's queue as usual, and the queue is paused behind it until its turn: the
// promise, callback or submittable is pg's own, and queries made after it on the same client stay
// behind it. Blocked once its turn is decided, it leaves the queue and fails as above. (A client
// in pipeline mode sends its whole queue at once: its calls are blocked instead of waiting.)
// pg-pool's Pool#connect (pg 8's Pool; pool.query goes through it with a callback): a request
// waiting for a client gets it when another request releases one, from inside that release,
// i.e. in the other request's context; its callback is made to run in the caller's context, so
// the query it makes is a child of its own request. Its promise form needs nothing: an await
// (or a then) on a native promise continues in the context it was made in.
// Everything fails open: an error in here leaves the call as pg made it.

import { context, type Context } from '@opentelemetry/api';
import type { HookContext } from '../../runtime/context.js';
import { callbackInCallersContext, DbCall, dbCallsActive, dbTarget, type DbCallTarget } from '../../runtime/db/call.js';
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
  /** The queries not sent yet (pg 8.x; `queryQueue`, a plain field, in earlier 8.x). */
  _queryQueue?: unknown;
  /** Sends the next query when the connection is ready; called after each push and each answer. */
  _pulseQueryQueue?: unknown;
  pipeline?: unknown;
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
    // a held call that did not push its query (pg failed it itself) names no query of a later call
    if (gatesOpen > 0) forgetExpected(client);
    const queue = holdableQueue(client);
    const begun = DbCall.begin(target(client), {
      text,
      params,
      canWait: queue !== undefined,
      shape: 'a pg query on a client in pipeline mode',
    });
    if (begun === undefined) return;
    const parent = context.active();
    if (begun instanceof DbCall && begun.waiting !== undefined)
      holdQuery(client, queue!, begun.waiting, submittable ? query : undefined, parent);

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
  callbackInCallersContext(ctx, 0, 'pg-pool connect instrumentation');
}

// ---- calls waiting for their turn --------------------------------------------------------------

/** A client's query queue paused behind the queries waiting for their turn. */
interface Gate {
  /** pg's own _pulseQueryQueue, and the own property the gate replaced (if any). */
  readonly pulse: () => void;
  readonly own: PropertyDescriptor | undefined;
  /** The gate's pulse, the client's own _pulseQueryQueue while queries are held. */
  readonly gated: () => void;
  readonly held: Set<object>;
  /** The query a call in progress is about to push: the one at `index` when it pulses. */
  expect: { index: number; hold: Hold } | undefined;
}
interface Hold {
  query: object | undefined;
}
const gates = new WeakMap<object, Gate>();
/** Gates in place (none: a query costs no gate lookup). */
let gatesOpen = 0;

function forgetExpected(client: PgClient): void {
  const gate = gates.get(client);
  if (gate?.expect === undefined) return;
  gate.expect = undefined;
  ungateIfIdle(client, gate);
}

/** The client's queue when its calls can be held in it (not pipelined, pg's queue as known). */
function holdableQueue(client: PgClient): object[] | undefined {
  if (client.pipeline === true || typeof client._pulseQueryQueue !== 'function') return undefined;
  return queueOf(client);
}

function queueOf(client: PgClient): object[] | undefined {
  if (Array.isArray(client._queryQueue)) return client._queryQueue as object[];
  // earlier pg 8: a plain field (later a getter that prints a deprecation notice: not read)
  const field = Object.getOwnPropertyDescriptor(client, 'queryQueue')?.value as unknown;
  return Array.isArray(field) ? (field as object[]) : undefined;
}

function gateOf(client: PgClient): Gate {
  let gate = gates.get(client);
  if (gate !== undefined) return gate;
  const own = Object.getOwnPropertyDescriptor(client, '_pulseQueryQueue');
  const pulse = client._pulseQueryQueue as () => void;
  const gated = function (this: unknown): void {
    gatedPulse(client, gate!);
  };
  gate = { pulse, own, gated, held: new Set(), expect: undefined };
  client._pulseQueryQueue = gated;
  gates.set(client, gate);
  gatesOpen++;
  return gate;
}

/** pg's pulse, unless the query at the head of the queue waits for its turn. */
function gatedPulse(client: PgClient, gate: Gate): void {
  const queue = queueOf(client);
  if (queue === undefined) return gate.pulse.call(client);
  const expect = gate.expect;
  if (expect !== undefined) {
    // the pulse right after a held call pushed its query (pg's query() pushes, then pulses)
    gate.expect = undefined;
    if (queue.length === expect.index + 1) {
      expect.hold.query = queue[expect.index];
      gate.held.add(queue[expect.index]!);
    }
  }
  const head = queue[0];
  if (head !== undefined && gate.held.has(head)) return;
  gate.pulse.call(client);
}

/** The gate goes once nothing is held: the client's own pulse is back. */
function ungateIfIdle(client: PgClient, gate: Gate): void {
  if (gate.held.size > 0 || gate.expect !== undefined || gates.get(client) !== gate) return;
  gates.delete(client);
  gatesOpen--;
  if (client._pulseQueryQueue !== gate.gated) return; // replaced since: left as it is
  if (gate.own === undefined) delete client._pulseQueryQueue;
  else Object.defineProperty(client, '_pulseQueryQueue', gate.own);
}

/** Pulse the client's queue (through the gate while it is there), if anything is queued. */
function pulse(client: PgClient): void {
  if ((queueOf(client)?.length ?? 0) > 0) (client._pulseQueryQueue as () => void).call(client);
}

/**
 * The query of this call (`submittable`, or the Query pg makes, seen when it is pushed) waits in
 * the client's queue until `waiting` settles: then it is sent in its turn, or leaves the queue and
 * fails with the BlockedError as pg fails a query it cannot send (handleError on the next tick).
 */
function holdQuery(
  client: PgClient,
  queue: object[],
  waiting: Promise<void>,
  submittable: object | undefined,
  parent: Context,
): void {
  const gate = gateOf(client);
  const hold: Hold = { query: submittable };
  if (submittable !== undefined) gate.held.add(submittable);
  else {
    gate.expect = { index: queue.length, hold };
    // pg's query() returned without pushing (a client that is closed or ending fails the query itself)
    void Promise.resolve().then(() => {
      if (gate.expect?.hold !== hold) return;
      gate.expect = undefined;
      ungateIfIdle(client, gate);
    });
  }
  waiting.then(
    () => {
      if (hold.query !== undefined) gate.held.delete(hold.query);
      ungateIfIdle(client, gate);
      pulse(client);
    },
    (error: unknown) => {
      const query = hold.query as { handleError?: (error: unknown, connection: unknown) => void } | undefined;
      const waited = queueOf(client);
      const at = query === undefined || waited === undefined ? -1 : waited.indexOf(query);
      if (query !== undefined) gate.held.delete(query);
      if (at >= 0) waited!.splice(at, 1);
      ungateIfIdle(client, gate);
      pulse(client);
      if (at < 0) return; // pg already failed it (the connection closed while it waited)
      const connection = client.connection;
      process.nextTick(() => runInContext(parent, () => query!.handleError?.(error, connection)));
    },
  );
}
