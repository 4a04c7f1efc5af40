// What the Redis client instrumentations (ioredis, node-redis) share: the call target from the
// connection options, the exported form of a command and the error code of a reply error.

import { dbTarget, type DbCallTarget, type DbClientKind } from './call.js';

/**
 * The target of `owner`'s commands from its client's options (any may be absent or odd): a socket
 * path or host and port (Redis's defaults), and the database index. Per command: no allocation.
 */
export function redisTarget(
  owner: object,
  kind: DbClientKind,
  path: unknown,
  host: unknown,
  port: unknown,
  database: unknown,
): DbCallTarget {
  const socketPath = typeof path === 'string' && path !== '' ? path : undefined;
  const db = typeof database === 'number' ? database : 0;
  return dbTarget(
    owner,
    kind,
    socketPath ?? (typeof host === 'string' ? host : 'localhost'),
    socketPath !== undefined ? undefined : typeof port === 'number' ? port : 6379,
    db === 0 ? '0' : String(db),
  );
}

/** Longest argument kept in the raw (opt-in) text; longer ones are cut with their length. */
const MAX_RAW_ARG = 128;

function argText(arg: unknown): string {
  if (typeof arg === 'string') return arg.length > MAX_RAW_ARG ? `${arg.slice(0, MAX_RAW_ARG)}…(${arg.length})` : arg;
  if (arg instanceof Uint8Array) return `<${arg.length} bytes>`;
  return String(arg);
}

/** `GET ? ?`-style texts by command and argument count: commands repeat, and a call should not build one. */
const safeTexts = new Map<string, string[]>();
const MAX_CACHED_COMMANDS = 512;
const MAX_CACHED_ARGS = 16;

/**
 * `GET ?`: the command name and one `?` per argument (keys and values are the application's
 * data), the text exported by default.
 */
export function redisSafeText(name: string, argCount: number): string {
  if (argCount > MAX_CACHED_ARGS) return `${name}${' ?'.repeat(argCount)}`;
  let texts = safeTexts.get(name);
  if (texts === undefined) {
    if (safeTexts.size >= MAX_CACHED_COMMANDS) safeTexts.clear();
    safeTexts.set(name, (texts = []));
  }
  return (texts[argCount] ??= argCount === 0 ? name : `${name}${' ?'.repeat(argCount)}`);
}

/** `GET user:1`: the command with its arguments, for those who opt in (INSTTS_DB_QUERY_TEXT=raw). */
export function redisRawText(name: string, args: readonly unknown[], from = 0): string {
  let text = name;
  for (let i = from; i < args.length; i++) text += ` ${argText(args[i])}`;
  return text;
}

/** Upper-case command names (`get` → `GET`), cached: the same few names come back on every call. */
const upperNames = new Map<string, string>();
export function redisCommandName(name: string): string {
  let upper = upperNames.get(name);
  if (upper === undefined) {
    upper = name.toUpperCase();
    if (upperNames.size >= MAX_CACHED_COMMANDS) upperNames.clear();
    upperNames.set(name, upper);
  }
  return upper;
}

/** ioredis's (`ReplyError`) and node-redis's (`ErrorReply`, `SimpleError`, `BlobError`) error reply classes. */
const REPLY_ERRORS = new Set(['ReplyError', 'ErrorReply', 'SimpleError', 'BlobError']);

/** The error prefix of a Redis error reply (`WRONGTYPE`, `ERR`, `NOSCRIPT`…); undefined for other errors. */
export function redisErrorCode(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : undefined;
  if (message === undefined) return undefined;
  // node-redis's classes keep the name `Error`: their constructor says what they are
  if (!REPLY_ERRORS.has((error as Error).name) && !REPLY_ERRORS.has((error as Error).constructor?.name))
    return undefined;
  const match = /^([A-Z][A-Z0-9_]*)\s/.exec(message);
  return match?.[1];
}
