// What the Redis client instrumentations (ioredis, node-redis) share: the exported form of a
// command and the error code of a reply error.

/** Longest argument kept in the raw (opt-in) text; longer ones are cut with their length. */
const MAX_RAW_ARG = 128;

function argText(arg: unknown): string {
  if (typeof arg === 'string') return arg.length > MAX_RAW_ARG ? `${arg.slice(0, MAX_RAW_ARG)}…(${arg.length})` : arg;
  if (arg instanceof Uint8Array) return `<${arg.length} bytes>`;
  return String(arg);
}

/**
 * `GET ?` by default: the command name, one `?` per argument (keys and values are the
 * application's data). `raw` builds `GET user:1` for those who opt in (INSTTS_DB_QUERY_TEXT=raw).
 */
export function redisQueryText(name: string, args: readonly unknown[]): { safe: string; raw: () => string } {
  return {
    safe: args.length === 0 ? name : `${name}${' ?'.repeat(args.length)}`,
    raw: () => (args.length === 0 ? name : `${name} ${args.map(argText).join(' ')}`),
  };
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
