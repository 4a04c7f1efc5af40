// node-redis (@redis/client 5 and 6, what `redis` 5 and 6 export): a command is one call of
// RedisClient#sendCommand(args, options) (node-redis 4: of its private #sendCommand); a transaction (`multi().exec()`) and a pipeline
// (`multi().execAsPipeline()`) are one call each of _executeMulti / _executePipeline, which hand
// the whole batch to the queue — one span and one governance entry per batch, its commands in
// `db.query.text`.
//   - The span ends when the returned promise settles (onExit).
//   - A blocked call fails as node-redis fails a command it cannot send (a closed client): the
//     promise rejects, before anything is queued. A rule that would make a call wait for its turn
//     (queue shaping, a breaker's half-open wait) blocks it instead (one warning names the rule).
// @redis/client 6 also publishes TracingChannel events (`node-redis:command`, `…:batch`); they
// cannot refuse a call: the rewrite does both (ADR 0010). Everything fails open.

import type { HookContext } from '../../runtime/context.js';
import { DbCall, dbCallsActive, rawQueryTexts, type DbCallTarget } from '../../runtime/db/call.js';
import { redisCommandName, redisErrorCode, redisRawText, redisSafeText, redisTarget } from '../../runtime/db/redis.js';
import { reportOnce } from '../../runtime/report.js';
import { quietUnlessListening } from '../../runtime/listening.js';

// Nothing listening (tracing off, no policy): these rules' sites cost one check per call.
quietUnlessListening([
  'node-redis.command',
  'node-redis.multi',
  'node-redis.pipeline',
  'node-redis4.command',
  'node-redis4.multi',
]);

// The parts of @redis/client this file touches (structural: the application's own copy is used).
interface RedisClientOptions {
  socket?: { host?: unknown; port?: unknown; path?: unknown };
  database?: unknown;
}
interface RedisClient {
  /** The client behind a command-options proxy (`client.withTypeMapping(…)`, `isolated()`…). */
  _self?: { options?: RedisClientOptions };
  options?: RedisClientOptions;
}

const CALL = 'nodeRedisCall';

// node-redis writes its queue from a setImmediate callback, after the call returned.
const NODE_REDIS = { system: 'redis', client: 'redis', sendsLater: true } as const;
const NO_OPTIONS: RedisClientOptions = {};
const NO_SOCKET: NonNullable<RedisClientOptions['socket']> = {};

function target(self: unknown): DbCallTarget {
  const client = (self ?? NO_OPTIONS) as RedisClient;
  const owner = client._self ?? client;
  const options = client._self?.options ?? client.options ?? NO_OPTIONS;
  const socket = options.socket ?? NO_SOCKET;
  return redisTarget(owner, NODE_REDIS, socket.path, socket.host, socket.port, options.database);
}

function argsOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function begin(
  ctx: HookContext,
  operation: string,
  safeText: string,
  rawText: string | undefined,
  params: readonly unknown[],
): void {
  // node-redis keeps its queue in private fields: a command cannot be held back for its turn
  const call = DbCall.begin(target(ctx.self), { operation, safeText, rawText, params, shape: 'a node-redis command' });
  if (call === undefined) return;
  if (!(call instanceof DbCall)) {
    ctx.skip(Promise.reject(call));
    return;
  }
  ctx.data[CALL] = call;
}

/** onEnter of RedisClient#sendCommand(args, options). */
export function onCommand(ctx: HookContext): void {
  if (!dbCallsActive()) return;
  try {
    const args = argsOf(ctx.args[0]);
    if (args.length === 0) return; // node-redis answers that itself
    const name = redisCommandName(String(args[0]));
    begin(
      ctx,
      name,
      redisSafeText(name, args.length - 1),
      rawQueryTexts() ? redisRawText(name, args, 1) : undefined,
      args.slice(1),
    );
  } catch (error) {
    reportOnce('node-redis command instrumentation', error);
  }
}

/**
 * onEnter of node-redis 4's private #sendCommand(args, options). A command with `isolated: true`
 * comes back through here on an isolated connection: that second pass is the call.
 */
export function onCommandV4(ctx: HookContext): void {
  const options = ctx.args[1] as { isolated?: unknown } | undefined;
  if (options?.isolated) return;
  onCommand(ctx);
}

/** onEnter of node-redis 4's RedisClient#multiExecutor(commands, selectedDB, chainId): a chain id makes it a transaction. */
export function onMultiV4(ctx: HookContext): void {
  if (!dbCallsActive()) return;
  try {
    beginBatch(ctx, ctx.args[2] !== undefined ? 'MULTI' : 'PIPELINE');
  } catch (error) {
    reportOnce('node-redis multi instrumentation', error);
  }
}

/** One call for the batch in `ctx.args[0]`: its commands as `SET ? ?; INCR ?` (raw on opt-in). */
function beginBatch(ctx: HookContext, operation: string): void {
  const commands = Array.isArray(ctx.args[0]) ? (ctx.args[0] as { args?: unknown }[]) : [];
  const raw = rawQueryTexts();
  const safeTexts: string[] = [];
  const rawTexts: string[] = [];
  for (const command of commands) {
    const args = argsOf(command?.args);
    const name = String(args[0] ?? '').toUpperCase();
    safeTexts.push(redisSafeText(name, Math.max(0, args.length - 1)));
    if (raw) rawTexts.push(redisRawText(name, args, 1));
  }
  begin(ctx, operation, safeTexts.join('; '), raw ? rawTexts.join('; ') : undefined, []);
}

/** onEnter of RedisClient#_executeMulti(commands, selectedDB, …). */
export function onMulti(ctx: HookContext): void {
  if (!dbCallsActive()) return;
  try {
    beginBatch(ctx, 'MULTI');
  } catch (error) {
    reportOnce('node-redis multi instrumentation', error);
  }
}

/** onEnter of RedisClient#_executePipeline(commands, selectedDB, …). */
export function onPipeline(ctx: HookContext): void {
  if (!dbCallsActive()) return;
  try {
    beginBatch(ctx, 'PIPELINE');
  } catch (error) {
    reportOnce('node-redis pipeline instrumentation', error);
  }
}

/** onExit of the three: the returned promise settled (or the call threw). */
export function onSettled(ctx: HookContext): void {
  const call = ctx.data[CALL] as DbCall | undefined;
  if (call === undefined) return;
  if (ctx.threw) call.end(ctx.error ?? new Error('command failed'), redisErrorCode(ctx.error));
  else call.end();
}
