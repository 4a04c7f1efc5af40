// ioredis (5, 6): Redis#sendCommand(command, stream), which every command goes through.
//   - The span starts the first time a command is sent on a ready connection (a command the
//     offline queue or a reconnect sends again is the same call; the handshake's own commands
//     are left alone) and ends when ioredis settles it: command.resolve
//     and command.reject are wrapped, never its promise, so an unhandled rejection stays one.
//   - A rule that would make a command wait for its turn (queue shaping, a breaker's half-open
//     wait) blocks it instead (one warning names the rule): the command cannot be held back.
//   - A blocked command fails as ioredis fails a command it cannot send (a closed connection):
//     command.reject(error) and its promise returned, so the promise rejects and the callback gets
//     the error; inside a pipeline that command's slot holds the error, and its empty share of the
//     pipeline's write is handed on (the pipeline writes once every command has had its turn).
//   - A transaction (multi().…exec()) runs whole or not at all, as Redis runs one whose command
//     failed to queue: once one of its commands is blocked, the rest are not sent (each slot holds
//     the error), EXEC is written as DISCARD when MULTI went out, and exec() rejects with the
//     BlockedError (its `previousErrors` the slots' errors), as ioredis rejects on EXECABORT.
//   - A Cluster's own commands are left alone, like the handshake: the CLUSTER SLOTS of its
//     slot refresher (a connection of its own, named `ioredis-cluster(refresher)…`) and the
//     CLUSTER INFO of its ready check (sent through Cluster#sendCommand before the cluster is
//     `ready`: onClusterSendCommand marks it). A rule on a node must not stop the cluster finding it.
// ioredis 6 also publishes TracingChannel events (`ioredis:command`); they come once the command
// is already on its way, too late to refuse it, and ioredis 5 has none: the rewrite serves both
// (ADR 0010). Everything fails open: an error in here leaves the command as ioredis sent it.

import type { HookContext } from '../../runtime/context.js';
import type { BlockedError } from '../../runtime/governance/behavior.js';
import { DbCall, dbCallsActive, rawQueryTexts, type DbCallTarget } from '../../runtime/db/call.js';
import { redisCommandName, redisErrorCode, redisRawText, redisSafeText, redisTarget } from '../../runtime/db/redis.js';
import { reportOnce } from '../../runtime/report.js';
import { quietUnlessListening } from '../../runtime/listening.js';

// Nothing listening (tracing off, no policy): these rules' sites cost one check per call.
quietUnlessListening(['ioredis.command', 'ioredis.cluster']);

// The parts of ioredis this file touches (structural: the application's own copy is used).
interface RedisClient {
  options?: { host?: unknown; port?: unknown; db?: unknown; path?: unknown; connectionName?: unknown };
  status?: unknown;
}
interface RedisCommand {
  name?: unknown;
  args?: unknown;
  inTransaction?: unknown;
  toWritable?: unknown;
  resolve?: (value: unknown) => unknown;
  reject?: (error: unknown) => unknown;
  promise?: unknown;
}

/** Commands already begun (sendCommand sees a command again when it is re-sent), and a Cluster's own. */
const begun = new WeakSet<object>();

/** The connection name ioredis gives a Cluster's slot refresher. */
const REFRESHER = 'ioredis-cluster(refresher)';

/** The `stream` a pipeline hands sendCommand: it writes the pipeline once every command wrote its share. */
interface PipelineStream {
  isPipeline: true;
  write(data: string): unknown;
}

/** A pipelined transaction (keyed by its pipeline's stream): whether MULTI went out, and the error that refused it. */
interface Transaction {
  multiSent: boolean;
  refused: BlockedError | undefined;
}
const transactions = new WeakMap<object, Transaction>();

/** What EXEC is written as when its transaction was refused after MULTI went out. */
const DISCARD = '*1\r\n$7\r\nDISCARD\r\n';

function pipelineStream(stream: unknown): PipelineStream | undefined {
  if (typeof stream !== 'object' || stream === null) return undefined;
  const candidate = stream as { isPipeline?: unknown; write?: unknown };
  return candidate.isPipeline === true && typeof candidate.write === 'function'
    ? (candidate as PipelineStream)
    : undefined;
}

const IOREDIS = { system: 'redis', client: 'ioredis' } as const;
const NO_OPTIONS: NonNullable<RedisClient['options']> = {};
const NO_ARGS: readonly unknown[] = [];

function target(client: RedisClient): DbCallTarget {
  const options = client.options ?? NO_OPTIONS;
  return redisTarget(client, IOREDIS, options.path, options.host, options.port, options.db);
}

/** onEnter of Redis#sendCommand. */
export function onSendCommand(ctx: HookContext): void {
  if (!dbCallsActive()) return;
  try {
    const client = ctx.self as RedisClient;
    // Before `ready` a command is either ioredis's own (the connection's handshake: CLIENT
    // SETNAME, INFO, SELECT) or one of the application's that goes to the offline queue and is
    // sent again once the connection is ready: that second pass begins it.
    if (typeof client !== 'object' || client === null || client.status !== 'ready') return;
    const connectionName = client.options?.connectionName;
    if (typeof connectionName === 'string' && connectionName.startsWith(REFRESHER)) return;
    const command = ctx.args[0] as RedisCommand | null | undefined;
    if (typeof command !== 'object' || command === null || begun.has(command)) return;
    const { resolve, reject } = command;
    if (typeof command.name !== 'string' || typeof resolve !== 'function' || typeof reject !== 'function') return;
    begun.add(command);
    let name = redisCommandName(command.name);
    const args = Array.isArray(command.args) ? (command.args as unknown[]) : NO_ARGS;
    const stream = pipelineStream(ctx.args[1]);
    const inTransaction = stream !== undefined && (command.inTransaction === true || name === 'EXEC');
    const transaction = inTransaction ? transactions.get(stream) : undefined;
    if (transaction?.refused !== undefined) {
      const error = name === 'EXEC' ? execError(transaction.refused) : transaction.refused;
      if (name !== 'EXEC' || !transaction.multiSent) {
        refuse(ctx, command, reject, error, stream!);
        return;
      }
      discardInstead(command, error);
      name = 'DISCARD';
    }
    const call = DbCall.begin(target(client), {
      operation: name,
      safeText: redisSafeText(name, args.length),
      rawText: rawQueryTexts() ? redisRawText(name, args) : undefined,
      params: args,
      // the command is written at once, and ioredis matches answers to its queue by order: it cannot wait
      shape: 'an ioredis command',
    });
    if (inTransaction && name === 'MULTI')
      transactions.set(stream!, { multiSent: call === undefined || call instanceof DbCall, refused: undefined });
    if (call === undefined) return;
    if (!(call instanceof DbCall)) {
      if (inTransaction) {
        const refused = transactions.get(stream!) ?? { multiSent: false, refused: undefined };
        refused.refused ??= call;
        transactions.set(stream!, refused);
      }
      refuse(ctx, command, reject, call, stream);
      return;
    }
    const settle = command.resolve ?? resolve;
    command.resolve = function (this: unknown, value: unknown): unknown {
      call.end();
      return settle.call(this, value);
    };
    command.reject = function (this: unknown, error: unknown): unknown {
      call.end(error ?? new Error('command failed'), redisErrorCode(error));
      return reject.call(this, error);
    };
  } catch (error) {
    reportOnce('ioredis command instrumentation', error);
  }
}

/** Fails a command without sending it; in a pipeline, its (empty) share of the write is handed on. */
function refuse(
  ctx: HookContext,
  command: RedisCommand,
  reject: (error: unknown) => unknown,
  error: BlockedError,
  stream: PipelineStream | undefined,
): void {
  reject.call(command, error);
  stream?.write('');
  ctx.skip(command.promise);
}

/**
 * EXEC's error: the refused command's, as another object, so that exec()'s error lists the refused
 * commands' errors in `previousErrors` and never itself (ioredis 5 would list it, a cycle).
 */
function execError(error: BlockedError): BlockedError {
  const Blocked = error.constructor as typeof BlockedError;
  return new Blocked(
    { type: error.blockType, ruleId: error.ruleId, resource: error.resource },
    error.message,
    error.name,
    error.code,
  );
}

/** EXEC of a refused transaction whose MULTI went out: DISCARD is written, and exec() rejects with the error. */
function discardInstead(command: RedisCommand, error: BlockedError): void {
  const reject = command.reject!;
  command.toWritable = () => DISCARD;
  command.resolve = function (this: unknown): unknown {
    return reject.call(this, error);
  };
}

/**
 * onEnter of Cluster#sendCommand. Before the cluster is `ready` it queues the application's
 * commands and sends them again once ready; a CLUSTER command goes through at once: that is the
 * cluster's ready check, left alone (an application's own CLUSTER command before `ready` too).
 */
export function onClusterSendCommand(ctx: HookContext): void {
  if (!dbCallsActive()) return;
  try {
    const cluster = ctx.self as { status?: unknown } | null;
    if (typeof cluster !== 'object' || cluster === null || cluster.status === 'ready') return;
    const command = ctx.args[0] as RedisCommand | null | undefined;
    if (typeof command === 'object' && command !== null && command.name === 'cluster') begun.add(command);
  } catch (error) {
    reportOnce('ioredis cluster instrumentation', error);
  }
}
