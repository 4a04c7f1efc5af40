// What a blocked call gets instead of running: a behaviour, named in the policy and referenced by
// rules. This module describes the answer (status, headers, body; a redirect; a fallback value,
// error or handler); writing it to an HTTP response is the adapters' job.

// Hooks import this module while the engine and the policy parser stay unloaded (access.ts), so
// it depends on their types only.
import type { Behavior, BlockType, FallbackBehavior, RespondBehavior } from './policy.js';

/** What a block answers when its rule names no behaviour. */
export const RESPOND_DEFAULTS = { status: 429, contentType: 'text/plain; charset=utf-8', body: 'Too Many Requests' };

/** The built-in behaviour of a rule that names none (and of a policy without `defaultBehavior`). */
export const DEFAULT_BEHAVIOR: RespondBehavior = Object.freeze({
  type: 'respond',
  status: RESPOND_DEFAULTS.status,
  contentType: RESPOND_DEFAULTS.contentType,
  body: RESPOND_DEFAULTS.body,
  headers: Object.freeze({}) as Record<string, string>,
}) as RespondBehavior;

/** Whether a behaviour turns a block into a value (which only a governed function can return). */
export function returnsValue(behavior: Behavior): boolean {
  return behavior.type === 'fallback' && behavior.mode !== 'throw';
}

/** Which rule blocked which call. */
export interface BlockInfo {
  readonly type: BlockType;
  readonly ruleId: string;
  readonly resource: string;
}

/** The answer to an HTTP request that was blocked. */
export interface HttpBlockResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The result of a blocked entry. One instance exists per rule and resource (created when the
 * policy is applied), so blocking allocates nothing. Treat it as read-only.
 */
export class Blocked implements BlockInfo {
  readonly kind = 'blocked' as const;
  readonly type: BlockType;
  readonly ruleId: string;
  readonly resource: string;
  /** The behaviour's name in the policy; null for the built-in default. */
  readonly behaviorName: string | null;
  readonly behavior: Behavior;

  constructor(type: BlockType, ruleId: string, resource: string, behaviorName: string | null, behavior: Behavior) {
    this.type = type;
    this.ruleId = ruleId;
    this.resource = resource;
    this.behaviorName = behaviorName;
    this.behavior = behavior;
  }

  /** For `respond` and `redirect` behaviours: the HTTP answer; undefined for a fallback. */
  httpResponse(): HttpBlockResponse | undefined {
    return httpResponseFor(this.behavior);
  }

  /**
   * For a fallback behaviour: the value to return instead of the call's result, or the error to
   * throw (thrown from here). For `respond` and `redirect` outside HTTP: throws a {@link BlockedError}.
   */
  fallback(args?: readonly unknown[]): unknown {
    return applyFallback(this, args);
  }
}

/** `blocked by flow rule 'a-qps' on resource 'GET:/a'`: what a block says by default. */
export function blockMessage(info: BlockInfo): string {
  return `blocked by ${info.type} rule '${info.ruleId}' on resource '${info.resource}'`;
}

/** The error a blocked call throws when its behaviour says so (or has no non-HTTP meaning). */
export class BlockedError extends Error {
  readonly code: string;
  readonly blockType: BlockType;
  readonly ruleId: string;
  readonly resource: string;

  constructor(info: BlockInfo, message?: string, name?: string, code?: string) {
    super(message ?? blockMessage(info));
    this.name = name ?? 'BlockedError';
    this.code = code ?? 'INSTTS_BLOCKED';
    this.blockType = info.type;
    this.ruleId = info.ruleId;
    this.resource = info.resource;
  }
}

/**
 * The error a blocked outbound call (HTTP, database) fails with: a fallback behaviour's `throw`
 * error, else a plain BlockedError. An outbound call has no value to return instead of its
 * answer, so a fallback `value` or `handler` is never used here (the policy rejects it on a
 * declared outbound resource; the engine warns when it meets one at run time).
 */
export function blockedError(result: Blocked): BlockedError {
  const b = result.behavior;
  if (b.type === 'fallback' && b.mode === 'throw')
    return new BlockedError(result, b.error?.message, b.error?.name, b.error?.code);
  return new BlockedError(result);
}

export function httpResponseFor(behavior: Behavior): HttpBlockResponse | undefined {
  if (behavior.type === 'respond') {
    return {
      status: behavior.status,
      headers: { 'content-type': behavior.contentType, ...lower(behavior.headers) },
      body: behavior.body,
    };
  }
  if (behavior.type === 'redirect') {
    return { status: behavior.status, headers: { ...lower(behavior.headers), location: behavior.location }, body: '' };
  }
  return undefined;
}

function lower(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

/** What a fallback handler receives. */
export interface FallbackRequest extends BlockInfo {
  readonly args: readonly unknown[] | undefined;
}

export type FallbackHandler = (request: FallbackRequest) => unknown;

const handlersKey = Symbol.for('instts.governance.fallbacks.v1');
const scope = globalThis as unknown as Record<symbol, Map<string, FallbackHandler> | undefined>;
const handlers: Map<string, FallbackHandler> = (scope[handlersKey] ??= new Map());

/** Register the function a `{ "type": "fallback", "handler": name }` behaviour calls. */
export function registerFallback(name: string, handler: FallbackHandler): void {
  handlers.set(name, handler);
}

export function unregisterFallback(name: string): void {
  handlers.delete(name);
}

export function applyFallback(blocked: BlockInfo & { behavior: Behavior }, args?: readonly unknown[]): unknown {
  const b = blocked.behavior;
  if (b.type !== 'fallback') throw new BlockedError(blocked);
  return runFallback(b, blocked, args);
}

function runFallback(b: FallbackBehavior, info: BlockInfo, args: readonly unknown[] | undefined): unknown {
  if (b.mode === 'value') return typeof b.value === 'object' && b.value !== null ? structuredClone(b.value) : b.value;
  if (b.mode === 'throw') throw new BlockedError(info, b.error?.message, b.error?.name, b.error?.code);
  const handler = handlers.get(b.handler ?? '');
  if (handler === undefined) {
    throw new BlockedError(info, `${blockMessage(info)} (fallback handler '${b.handler}' is not registered)`);
  }
  return handler({ type: info.type, ruleId: info.ruleId, resource: info.resource, args });
}
