// mysql2 3.x: BaseConnection#query and #execute (lib/base, 3.11.5 on; Connection#query and
// #execute of lib/connection.js before), below every other entry point — the callback API,
// `mysql2/promise` (its PromiseConnection/PromisePool call these with a callback), pool.query /
// execute (they run conn.query / execute on a pooled connection), `.stream()` (a Query/Execute
// command in event mode) — and PreparedStatementInfo#execute (a statement from prepare()).
//   - with a callback (argument or the command's onResult): the callback is wrapped to end the
//     span and then run in the caller's context;
//   - in event mode: the command's `emit` (own property of that one command) ends the span at its
//     'error' or 'end'; rows, 'result' events and back-pressure pass untouched. A socket that
//     closes under such a command ends it as well (mysql2 tells only the connection then).
// BasePool#getConnection (Pool#getConnection before 3.11.5) runs its callback in the caller's
// context: a request waiting for a pooled connection gets it from whichever request released it,
// and its query must still be a child of its own request.
// A blocked call fails as mysql2 fails a command the server rejected, before anything is sent:
// the callback gets the BlockedError on a later tick (the promise API rejects with it), an
// event-mode command emits 'error' then 'end' (a stream errors). The original still builds its
// command, but the connection's addCommand is replaced for that one call so nothing is queued.
// A call whose turn comes later (a queue-shaped rule, a breaker waiting for its half-open verdict)
// also builds its command at once (the Query/Execute it returns is mysql2's own), and the
// connection's addCommand holds it back until its turn, with every command added after it on that
// connection (later queries, end()'s Quit) behind it, in order; refused once its turn is
// decided, it fails as a blocked call does.
// Everything fails open: an error in here leaves the call as mysql2 made it.

import { context, type Context } from '@opentelemetry/api';
import type { HookContext } from '../../runtime/context.js';
import {
  callbackInCallersContext,
  DbCall,
  dbCallsActive,
  dbTarget,
  type DbCallTarget,
  type DbClientKind,
} from '../../runtime/db/call.js';
import { reportOnce } from '../../runtime/report.js';
import { runInContext } from '../../runtime/tracing/span-ops.js';
import { quietUnlessListening } from '../../runtime/listening.js';

// Nothing listening (tracing off, no policy): these rules' sites cost one check per call.
quietUnlessListening([
  'mysql2.query',
  'mysql2.execute',
  'mysql2.pool-connection',
  'mysql2.statement-execute',
  'mysql2.legacy.query',
  'mysql2.legacy.execute',
  'mysql2.legacy.pool-connection',
]);

// The parts of mysql2 this file touches (structural: the application's own copy is used).
interface ConnectionConfig {
  host?: unknown;
  port?: unknown;
  database?: unknown;
  socketPath?: unknown;
}
interface Command {
  sql?: unknown;
  onResult?: unknown;
  emit: (event: string | symbol, ...args: unknown[]) => boolean;
}
interface Connection {
  config?: ConnectionConfig;
  /** Set by mysql2 when the connection broke (its addCommand then fails every command). */
  _fatalError?: unknown;
  /** Set by mysql2 (3.11.5 on) from the server's handshake. */
  _isMariaDB?: unknown;
  /** The server's handshake (earlier versions too). */
  _handshakePacket?: { serverVersion?: unknown } | null;
  addCommand?: (command: Command) => unknown;
  _addCommandClosedState?: unknown;
  stream?: { once?: (event: string, listener: () => void) => unknown };
}
type Callback = (...args: unknown[]) => unknown;

const CALL = 'mysql2Call';
const MYSQL = 'mysql';
const MARIADB = 'mariadb';

/** Whether the server said MariaDB in its handshake; false until the handshake is done. */
function isMariaDb(connection: Connection): boolean {
  if (typeof connection._isMariaDB === 'boolean') return connection._isMariaDB;
  const version = connection._handshakePacket?.serverVersion;
  return typeof version === 'string' && /mariadb/i.test(version);
}

const MYSQL_KIND: DbClientKind = { system: MYSQL, client: MYSQL, dialect: 'mysql' };
const MARIADB_KIND: DbClientKind = { system: MARIADB, client: MYSQL, dialect: 'mysql' };
const NO_CONFIG: ConnectionConfig = {};

function target(connection: Connection): DbCallTarget {
  const config = connection.config ?? NO_CONFIG;
  const socketPath = typeof config.socketPath === 'string' && config.socketPath !== '' ? config.socketPath : undefined;
  const port =
    typeof config.port === 'number'
      ? config.port
      : typeof config.port === 'string' && config.port !== ''
        ? Number(config.port)
        : 3306;
  return dbTarget(
    connection,
    isMariaDb(connection) ? MARIADB_KIND : MYSQL_KIND,
    socketPath ?? (typeof config.host === 'string' && config.host !== '' ? config.host : 'localhost'),
    socketPath === undefined ? port : undefined,
    typeof config.database === 'string' ? config.database : undefined,
  );
}

/** The server's error number (`errno`, e.g. 1146) of an error the server sent; undefined for client-side errors. */
function serverErrorNumber(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { errno, sqlState } = error as { errno?: unknown; sqlState?: unknown };
  return typeof errno === 'number' && errno > 0 && typeof sqlState === 'string' ? String(errno) : undefined;
}

/** One call in progress: ends its DbCall once, first noting a MariaDB the handshake revealed. */
class Call {
  private done = false;
  constructor(
    readonly db: DbCall,
    private readonly connection: Connection,
    private readonly system: string,
  ) {}

  end(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    openEventCalls.get(this.connection)?.delete(this);
    if (this.system === MYSQL && isMariaDb(this.connection)) this.db.setSystem(MARIADB);
    if (error === undefined || error === null) this.db.end();
    else this.db.end(error, serverErrorNumber(error));
  }
}

/** Event-mode calls per connection, ended with an error when its socket closes under them. */
const openEventCalls = new WeakMap<Connection, Set<Call>>();

function watchSocket(connection: Connection, call: Call): void {
  let open = openEventCalls.get(connection);
  if (open === undefined) {
    const stream = connection.stream;
    if (typeof stream?.once !== 'function') return;
    const calls = (open = new Set());
    openEventCalls.set(connection, calls);
    stream.once('close', () => {
      openEventCalls.delete(connection);
      for (const c of [...calls]) c.end(new Error('Connection lost: the server closed the connection.'));
    });
  }
  open.add(call);
}

/** `callback` ending `call` first, then running in `parent` (mysql2 calls it from the socket's context). */
function wrapCallback(callback: Callback, call: Call, parent: Context): Callback {
  return function (this: unknown, ...args: unknown[]): unknown {
    call.end(args[0]);
    return runInContext(parent, callback, this, ...args);
  };
}

/** The command's own `emit`, ending `call` at its 'error' or 'end'. */
function observeEvents(command: Command, call: Call, connection: Connection): void {
  const emit = command.emit;
  command.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'error') call.end(args[0] ?? new Error('query failed'));
    else if (event === 'end') call.end();
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  };
  watchSocket(connection, call);
}

/**
 * Until the original added its commands (`count`: a query adds one; execute a Prepare and then the
 * Execute), the connection's addCommand fails the first as the server would and drops the rest.
 */
function blockCommands(connection: Connection, count: number, error: Error, parent: Context): () => void {
  const own = Object.getOwnPropertyDescriptor(connection, 'addCommand');
  let added = 0;
  const restore = (): void => {
    if (connection.addCommand !== blocked) return;
    if (own === undefined) delete connection.addCommand;
    else Object.defineProperty(connection, 'addCommand', own);
  };
  const blocked = function (command: Command): Command {
    if (++added >= count) restore();
    if (added === 1) failCommand(command, error, parent);
    return command;
  };
  connection.addCommand = blocked;
  return restore;
}

/** A call waiting for its turn: its commands wait in the connection's pause until it is decided. */
interface Turn {
  state: 'waiting' | 'ready' | 'refused';
  error: unknown;
  readonly parent: Context;
  /** Refused: its first command failed, the others (an execute's Execute) dropped. */
  failed: boolean;
}

/** A connection's commands held back behind calls waiting for their turn, in the order they were added. */
interface Pause {
  /** mysql2's addCommand, and the own property the pause replaced (if any). */
  readonly add: (command: Command) => unknown;
  readonly own: PropertyDescriptor | undefined;
  /** The connection's addCommand while the pause is on. */
  readonly held: (command: Command) => unknown;
  readonly queue: Array<{ command: Command; turn: Turn | undefined }>;
  /** The call in progress: its next `remaining` commands are those of `turn`. */
  capture: { turn: Turn; remaining: number } | undefined;
}
const pauses = new WeakMap<Connection, Pause>();

function pauseOf(connection: Connection): Pause {
  let pause = pauses.get(connection);
  if (pause !== undefined) return pause;
  const own = Object.getOwnPropertyDescriptor(connection, 'addCommand');
  const add = connection.addCommand as (command: Command) => unknown;
  const held = function (command: Command): Command {
    const capture = pause!.capture;
    let turn: Turn | undefined;
    if (capture !== undefined) {
      turn = capture.turn;
      if (--capture.remaining <= 0) pause!.capture = undefined;
    }
    pause!.queue.push({ command, turn });
    drain(connection, pause!);
    return command;
  };
  pause = { add, own, held, queue: [], capture: undefined };
  connection.addCommand = held;
  pauses.set(connection, pause);
  return pause;
}

/** Add the held commands whose turn has come, in order, up to the first still waiting; the pause ends when none is left. */
function drain(connection: Connection, pause: Pause): void {
  const queue = pause.queue;
  while (queue.length > 0) {
    const { command, turn } = queue[0]!;
    if (turn?.state === 'waiting') return;
    queue.shift();
    if (turn?.state === 'refused') {
      if (!turn.failed) {
        turn.failed = true;
        failCommand(command, turn.error as Error, turn.parent);
      }
      continue;
    }
    if (connection.addCommand !== pause.held && connection._fatalError) {
      // the connection broke while the command waited: it fails as mysql2 fails commands added then
      connection.addCommand!(command);
    } else {
      // (after end(), whose Quit waits behind it, mysql2's own addCommand still takes it before the Quit)
      pause.add.call(connection, command);
    }
  }
  if (pause.capture !== undefined || pauses.get(connection) !== pause) return;
  pauses.delete(connection);
  if (connection.addCommand !== pause.held) return; // replaced since (closed): left as it is
  if (pause.own === undefined) delete connection.addCommand;
  else Object.defineProperty(connection, 'addCommand', pause.own);
}

/** As the server failing it: on a later tick, the callback gets `error`, or the command emits 'error' then 'end'. */
function failCommand(command: Command, error: Error, parent: Context): void {
  process.nextTick(() =>
    context.with(parent, () => {
      if (typeof command.onResult === 'function') (command.onResult as Callback)(error);
      else command.emit('error', error);
      command.emit('end');
    }),
  );
}

/** The `count` commands the call in progress adds wait in the connection's pause until `waiting` settles. */
function holdCommands(connection: Connection, count: number, waiting: Promise<void>, parent: Context): void {
  const pause = pauseOf(connection);
  const turn: Turn = { state: 'waiting', error: undefined, parent, failed: false };
  const capture = { turn, remaining: count };
  pause.capture = capture;
  // the commands are added within the call: what it did not add by then is not its own
  void Promise.resolve().then(() => {
    if (pause.capture !== capture) return;
    pause.capture = undefined;
    drain(connection, pause);
  });
  waiting.then(
    () => {
      turn.state = 'ready';
      drain(connection, pause);
    },
    (error: unknown) => {
      turn.state = 'refused';
      turn.error = error;
      drain(connection, pause);
    },
  );
}

interface CallData {
  call?: Call;
  /** The wrapped callback or the command's events end the call, not onExit. */
  endsItself: boolean;
  restore?: () => void;
}

/**
 * One call about to be sent on `connection`: `text` and `values` as the application gave them;
 * `command` when it passed a ready command (pool.query); the callback is the first function among
 * the arguments from `callbackFrom` on; the original adds `commandsAdded` commands.
 */
function onCall(
  ctx: HookContext,
  connection: Connection,
  text: string | undefined,
  values: unknown,
  command: Command | undefined,
  callbackFrom: number,
  commandsAdded: number,
): void {
  const where = target(connection);
  const begun = DbCall.begin(where, {
    text,
    params: Array.isArray(values) ? values : undefined,
    canWait: typeof connection.addCommand === 'function',
  });
  if (begun === undefined) return;
  const parent = context.active();
  if (begun instanceof DbCall && begun.waiting !== undefined)
    holdCommands(connection, commandsAdded, begun.waiting, parent);
  if (!(begun instanceof DbCall)) {
    ctx.data[CALL] = {
      endsItself: false,
      restore: blockCommands(connection, commandsAdded, begun, parent),
    } satisfies CallData;
    return;
  }
  const call = new Call(begun, connection, where.system);
  if (command !== undefined) {
    // a command given (pool.query) keeps its onResult, or is in event mode
    if (typeof command.onResult === 'function')
      command.onResult = wrapCallback(command.onResult as Callback, call, parent);
    else observeEvents(command, call, connection);
    ctx.data[CALL] = { call, endsItself: true } satisfies CallData;
    return;
  }
  const index =
    typeof ctx.args[callbackFrom] === 'function'
      ? callbackFrom
      : typeof ctx.args[callbackFrom + 1] === 'function'
        ? callbackFrom + 1
        : undefined;
  if (index !== undefined) {
    ctx.args[index] = wrapCallback(ctx.args[index] as Callback, call, parent);
    ctx.data[CALL] = { call, endsItself: true } satisfies CallData;
    return;
  }
  ctx.data[CALL] = { call, endsItself: false } satisfies CallData;
}

/** query(sql | options | command, values?, callback?) and execute(sql | options, values?, callback?). */
function onConnectionCall(ctx: HookContext, commandsAdded: number): void {
  if (!dbCallsActive()) return;
  try {
    const connection = ctx.self as Connection;
    const first = ctx.args[0] as
      { sql?: unknown; values?: unknown; onResult?: unknown; emit?: unknown } | string | null | undefined;
    if (first === null || first === undefined || typeof connection !== 'object' || connection === null) return; // mysql2 throws its TypeError
    const text = typeof first === 'string' ? first : typeof first.sql === 'string' ? first.sql : undefined;
    // mysql2's precedence: values given as an argument, else those of the options or command
    const values = Array.isArray(ctx.args[1]) ? ctx.args[1] : typeof first === 'object' ? first.values : undefined;
    const command =
      typeof first === 'object' && typeof first.emit === 'function' && 'onResult' in first
        ? (first as Command)
        : undefined;
    onCall(ctx, connection, text, values, command, 1, commandsAdded);
  } catch (error) {
    reportOnce('mysql2 instrumentation', error);
  }
}

function onCallReturned(ctx: HookContext): void {
  const data = ctx.data[CALL] as CallData | undefined;
  if (data === undefined) return;
  data.restore?.();
  const call = data.call;
  if (call === undefined) return;
  if (ctx.threw) {
    call.end(ctx.error);
    return;
  }
  if (data.endsItself) return;
  try {
    const connection = ctx.self as Connection;
    const command = ctx.result as Command | undefined;
    if (typeof command !== 'object' || command === null || typeof command.emit !== 'function') {
      call.end();
      return;
    }
    // a closed connection tells only itself (an 'error' event), never the command
    if (connection.addCommand !== undefined && connection.addCommand === connection._addCommandClosedState) {
      call.end(new Error("Can't add new command when connection is in closed state"));
      return;
    }
    observeEvents(command, call, connection);
  } catch (error) {
    reportOnce('mysql2 instrumentation', error);
    call.end();
  }
}

/** onEnter of BaseConnection#query. */
export function onQuery(ctx: HookContext): void {
  onConnectionCall(ctx, 1);
}

/** onEnter of BaseConnection#execute (a Prepare, cached or not, then the Execute). */
export function onExecute(ctx: HookContext): void {
  onConnectionCall(ctx, 2);
}

/** onEnter of PreparedStatementInfo#execute (a statement from connection.prepare()): execute(values?, callback?). */
export function onStatementExecute(ctx: HookContext): void {
  if (!dbCallsActive()) return;
  try {
    const statement = ctx.self as { query?: unknown; _connection?: Connection } | null;
    const connection = statement?._connection;
    if (typeof connection !== 'object' || connection === null) return;
    onCall(
      ctx,
      connection,
      typeof statement!.query === 'string' ? statement!.query : undefined,
      ctx.args[0],
      undefined,
      0,
      1,
    );
  } catch (error) {
    reportOnce('mysql2 instrumentation', error);
  }
}

/** onExit of BaseConnection#query and #execute: returned (or threw), or the callback was called. */
export function onQueryReturned(ctx: HookContext): void {
  onCallReturned(ctx);
}

/** onEnter of BasePool#getConnection: the callback runs in the caller's context. */
export function onGetConnection(ctx: HookContext): void {
  callbackInCallersContext(ctx, 0, 'mysql2 instrumentation');
}
