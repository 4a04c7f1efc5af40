// @grpc/grpc-js, server and client, for every call type (unary, server-, client- and bidi
// streaming). Two functions of the library are hooked, both below every way of making a server
// or a client (proto-loader definitions, generated stubs, makeGenericClientConstructor):
//   - getServerInterceptingCall(interceptors, stream, headers, …, handler): the call the server
//     hands to the method's handler. Its `start` and `sendStatus` are wrapped: a SERVER span from
//     the incoming metadata, the lane tag, governance of `/package.Service/Method` (blocked: the
//     call is answered with a gRPC status and the handler never runs; made to wait its turn by
//     queue shaping or a half-open breaker: the handler gets the call when the turn comes).
//   - getInterceptingCall(interceptorArgs, methodDefinition, callOptions, channel): the client
//     call. onEnter routes it to the lane's instance (another channel), takes its governance
//     entry (blocked: the call fails before sending) and starts the CLIENT span; onExit wraps the
//     call's `start` to put trace context, baggage and the lane tag in the metadata and to end
//     the span with the status, and holds what the caller does with the call (start, messages,
//     half-close) until its turn when the call must wait for one.
// Everything fails open: an error in here leaves the call as the library made it.

import { context, ROOT_CONTEXT, trace, type Attributes, type Context } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { HookContext } from '../../runtime/context.js';
import type { Blocked } from '../../runtime/governance/behavior.js';
import { recordBlock } from '../../runtime/governance/block-event.js';
import type { Entry, EntryContext } from '../../runtime/governance/engine.js';
import { governance } from '../../runtime/governance/access.js';
import { hasGovernanceRules, lanesConfigured } from '../../runtime/http/policy-state.js';
import { lanes } from '../../runtime/lanes/access.js';
import { currentLane, runInLane } from '../../runtime/lanes/context.js';
import { reportOnce } from '../../runtime/report.js';
import { policyConfiguredOnce, sdkDisabledOnce } from '../../runtime/env.js';
import { extractContext, injectHeaders } from '../../runtime/tracing/propagation.js';
import { tracingEnabled } from '../../runtime/tracing/setup.js';
import { GRPC_STATUS, RpcCall, RPC_ATTR, splitPath } from './rpc-call.js';
import { grpcBlockedCode } from '../../runtime/governance/grpc-status.js';
import { quietUnlessListening } from '../../runtime/listening.js';

// Nothing listening (tracing off, no policy): these rules' sites cost one check per call.
quietUnlessListening(['grpc-js.server', 'grpc-js.client']);

// ---------------------------------------------------------------------------------------------
// The parts of grpc-js this file touches (structural: the application's own copy is used).

interface Metadata {
  get(key: string): Array<string | Buffer>;
  set(key: string, value: string): void;
  remove(key: string): void;
  getMap(): Record<string, string | Buffer>;
  clone(): Metadata;
}
interface GrpcStatus {
  code: number;
  details: string;
  metadata?: Metadata;
}
interface ServerListener {
  onReceiveMetadata?(metadata: Metadata): void;
  onReceiveMessage?(message: unknown): void;
  onReceiveHalfClose?(): void;
  onCancel?(): void;
}
interface ServerCall {
  start(listener: ServerListener): void;
  sendStatus(status: GrpcStatus): void;
}
interface ServerHandler {
  path: string;
  type: 'unary' | 'serverStream' | 'clientStream' | 'bidi';
}
interface ClientListener {
  onReceiveMetadata?(metadata: Metadata, next?: unknown): void;
  onReceiveMessage?(message: unknown, next?: unknown): void;
  onReceiveStatus?(status: GrpcStatus, next?: unknown): void;
}
interface ClientCall {
  start(metadata: Metadata, listener: ClientListener): void;
  cancelWithStatus?(code: number, details: string): void;
}
interface Channel {
  getTarget(): string;
  constructor: new (target: string, credentials: unknown, options: unknown) => Channel;
  internalChannel?: { credentials?: unknown; options?: unknown };
}

const SERVER_CALL = 'grpcServer';

// ---------------------------------------------------------------------------------------------
// Blocked calls: the behaviour decides the status.

/**
 * The status a blocked call gets: RESOURCE_EXHAUSTED with the `respond` behaviour's body as the
 * message; a `fallback` behaviour with `mode: "throw"` chooses the code by name (its error's
 * `code`, e.g. "UNAVAILABLE") and the message. Other behaviours, and a code that names no error
 * status: RESOURCE_EXHAUSTED (the policy check says so once, see the engine's checkKind).
 */
export function blockedStatus(blocked: Blocked): { code: number; details: string } {
  const b = blocked.behavior;
  const fallbackMessage = `blocked by ${blocked.type} rule '${blocked.ruleId}' on resource '${blocked.resource}'`;
  if (b.type === 'respond') return { code: GRPC_STATUS.RESOURCE_EXHAUSTED!, details: b.body || fallbackMessage };
  if (b.type === 'fallback' && b.mode === 'throw' && b.error !== undefined) {
    const named = b.error.code === undefined ? undefined : grpcBlockedCode(b.error.code);
    return { code: named ?? GRPC_STATUS.RESOURCE_EXHAUSTED!, details: b.error.message || fallbackMessage };
  }
  return { code: GRPC_STATUS.RESOURCE_EXHAUSTED!, details: fallbackMessage };
}

/**
 * What hotspot rules read from a gRPC call: `header` names a metadata key; `query` names a field
 * of the request message (unary and server-streaming calls); `arg` 0 is the message itself.
 */
class RpcEntryContext implements EntryContext {
  /** A served call waits for its turn: its listener's events are held until then. */
  readonly canWait = true;
  readonly headers: Record<string, unknown>;
  readonly query: Record<string, unknown> | undefined;
  readonly args: readonly unknown[] | undefined;
  readonly clientIp: string | undefined;
  constructor(headers: Record<string, unknown>, message: unknown, clientIp: string | undefined) {
    this.headers = headers;
    const isRecord = typeof message === 'object' && message !== null;
    this.query = isRecord ? (message as Record<string, unknown>) : undefined;
    this.args = message === undefined ? undefined : [message];
    this.clientIp = clientIp;
  }
}

/** What a declared resource of kind `rpc-in` / `rpc-out` can match: `demo.hop.Hop`, `Relay`, `/demo.hop.Hop/Relay`. */
function matchAttributes(path: string): { service: string; method: string; path: string } {
  return { ...splitPath(path), path };
}

// ---------------------------------------------------------------------------------------------
// Server

/** Per server call: what the wrapped listener and sendStatus share. */
class ServerCallState {
  readonly rpc: RpcCall;
  active: Context | undefined = undefined;
  tag: string | undefined = undefined;
  /** Governance still to decide (at the first message for unary requests, else at the metadata). */
  governPending = false;
  blocked = false;
  /** The client cancelled (or the deadline passed) before the call ended. */
  cancelled = false;
  readonly headers: Record<string, unknown>;
  readonly clientIp: string | undefined;
  constructor(path: string, headers: Record<string, unknown>, clientIp: string | undefined) {
    this.rpc = new RpcCall(path, 'server');
    this.headers = headers;
    this.clientIp = clientIp;
  }
}

function serverActive(): { tracing: boolean; governed: boolean } {
  return { tracing: !sdkDisabledOnce() && tracingEnabled(), governed: policyConfiguredOnce() };
}

/** onEnter of getServerInterceptingCall: decide the span and the lane from the request headers. */
export function onServerCall(ctx: HookContext): void {
  const { tracing, governed } = serverActive();
  if (!tracing && !governed) return;
  try {
    const stream = ctx.args[1] as
      { session?: { socket?: { localAddress?: string; localPort?: number; remoteAddress?: string } } } | undefined;
    const headers = (ctx.args[2] ?? {}) as Record<string, unknown>;
    const handler = ctx.args[4] as ServerHandler | undefined;
    if (handler === undefined || typeof handler.path !== 'string') return;
    const socket = stream?.session?.socket;
    const remote = socket?.remoteAddress;
    const clientIp = typeof remote === 'string' ? (remote.startsWith('::ffff:') ? remote.slice(7) : remote) : undefined;
    const state = new ServerCallState(handler.path, headers, clientIp);
    if (tracing) {
      const parent = extractContext(headers as Record<string, string>, ROOT_CONTEXT, true); // HTTP/2 names are lower case
      const attributes: Attributes = {};
      if (typeof socket?.localAddress === 'string')
        attributes[RPC_ATTR.serverAddress] = socket.localAddress.replace(/^::ffff:/, '');
      if (typeof socket?.localPort === 'number') attributes[RPC_ATTR.serverPort] = socket.localPort;
      if (clientIp !== undefined) attributes[RPC_ATTR.clientAddress] = clientIp;
      const span = state.rpc.startSpan(parent, attributes);
      state.active = trace.setSpan(parent, span);
    }
    if (governed) {
      if (lanesConfigured())
        state.tag = lanes().inbound({ method: 'POST', url: handler.path, headers: headers as Record<string, string> });
      // Unary and server-streaming requests wait for their message (hotspot rules may key on a field).
      if (hasGovernanceRules()) state.governPending = true;
    }
    ctx.data[SERVER_CALL] = { state, unaryRequest: handler.type === 'unary' || handler.type === 'serverStream' };
  } catch (error) {
    reportOnce('gRPC server instrumentation', error);
  }
}

/** onExit of getServerInterceptingCall: wrap the call the server is about to start. */
export function onServerCallCreated(ctx: HookContext): void {
  const data = ctx.data[SERVER_CALL] as { state: ServerCallState; unaryRequest: boolean } | undefined;
  if (data === undefined) return;
  const { state, unaryRequest } = data;
  if (ctx.threw) {
    state.rpc.end(GRPC_STATUS.INTERNAL!, 'the server could not create the call');
    return;
  }
  const call = ctx.result as ServerCall;
  if (
    typeof call !== 'object' ||
    call === null ||
    typeof call.start !== 'function' ||
    typeof call.sendStatus !== 'function'
  ) {
    state.rpc.end(GRPC_STATUS.UNKNOWN!);
    return;
  }
  const sendStatus = call.sendStatus;
  call.sendStatus = function (this: ServerCall, status: GrpcStatus): void {
    state.rpc.end(typeof status?.code === 'number' ? status.code : GRPC_STATUS.UNKNOWN!, status?.details);
    return sendStatus.call(this, status);
  };
  const start = call.start;
  call.start = function (this: ServerCall, listener: ServerListener): void {
    return start.call(this, wrapServerListener(call, listener, state, unaryRequest));
  };
}

/** A served call without a request message for hotspot rules' `query`, and what it carries instead. */
const STREAMING_REQUESTS = 'a served gRPC call whose requests stream (client-streaming or bidi)';
const STREAMING_CARRIES = 'its metadata (header) and the client address, but no single request message (query)';

function wrapServerListener(
  call: ServerCall,
  listener: ServerListener,
  state: ServerCallState,
  unaryRequest: boolean,
): ServerListener {
  const inContext = <T>(fn: () => T): T => {
    const inLane = state.tag !== undefined ? () => runInLane(state.tag, fn) : fn;
    return state.active === undefined ? inLane() : context.with(state.active, inLane);
  };
  /** The listener's events while the call waits for its turn (queue shaping, a half-open verdict). */
  let held: Array<() => void> | undefined;
  const block = (blocked: Blocked): void => {
    state.blocked = true;
    // on the call's SERVER span (undefined when tracing is off: then the active span, if any)
    recordBlock(blocked, state.rpc.span);
    const { code, details } = blockedStatus(blocked);
    call.sendStatus({ code, details });
  };
  /** The turn came: the held events run in order, unless the call was refused or has gone. */
  const settle = (decided: Entry | Blocked | undefined): void => {
    const events = held ?? [];
    held = undefined;
    if (decided?.kind === 'blocked') {
      if (!state.cancelled) block(decided);
      return;
    }
    if (state.cancelled) {
      if (decided !== undefined) governance().exit(decided, { aborted: true });
      return;
    }
    if (decided !== undefined) state.rpc.entry = decided;
    for (const event of events) inContext(event);
  };
  /** Governance of the call, at its first message (unary and server-streaming) or its metadata. */
  const govern = (message: unknown): void => {
    state.governPending = false;
    try {
      const engine = governance();
      const resource = engine.resolve(
        'rpc-in',
        state.rpc.path,
        engine.matchesAttributes('rpc-in') ? matchAttributes(state.rpc.path) : undefined,
      );
      if (!unaryRequest) engine.entersWithout(resource, 'query', STREAMING_REQUESTS, STREAMING_CARRIES);
      const result = engine.entry(resource, new RpcEntryContext(state.headers, message, state.clientIp));
      if (result.kind === 'blocked') block(result);
      else if (result.kind === 'pass') state.rpc.entry = result;
      else {
        held = [];
        result.ready.then(settle, () => settle(undefined));
      }
    } catch (error) {
      reportOnce('gRPC server governance', error);
    }
  };
  const run = (event: () => void): void => {
    if (state.blocked) return;
    if (held !== undefined) held.push(event);
    else inContext(event);
  };
  return {
    onReceiveMetadata(metadata: Metadata): void {
      if (!unaryRequest && state.governPending) govern(undefined);
      run(() => listener.onReceiveMetadata?.(metadata));
    },
    onReceiveMessage(message: unknown): void {
      if (unaryRequest && state.governPending) govern(message);
      run(() => listener.onReceiveMessage?.(message));
    },
    onReceiveHalfClose(): void {
      run(() => listener.onReceiveHalfClose?.());
    },
    onCancel(): void {
      state.cancelled = true;
      state.rpc.end(GRPC_STATUS.CANCELLED!, 'cancelled by the client');
      inContext(() => listener.onCancel?.());
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Client

const CLIENT_CALL = 'grpcClient';

interface ClientCallState {
  rpc: RpcCall;
  parent: Context;
  tag: string | undefined;
  /** Set when the call must wait for its turn (queue shaping, a half-open breaker's verdict). */
  turn: Promise<Entry | Blocked> | undefined;
}

/** Channels made for lane instances: one per original channel and address. */
const laneChannels = new WeakMap<object, Map<string, Channel>>();

/** onEnter of getInterceptingCall: lane routing, outbound governance, CLIENT span. */
export function onClientCall(ctx: HookContext): void {
  const tracing = !sdkDisabledOnce();
  const governed = policyConfiguredOnce();
  if (!tracing && !governed) return;
  try {
    const active = context.active();
    if (isTracingSuppressed(active)) return; // an OTLP/gRPC exporter sending spans
    const method = ctx.args[1] as { path?: unknown } | undefined;
    const path = typeof method?.path === 'string' ? method.path : undefined;
    if (path === undefined) return;
    let channel = ctx.args[3] as Channel | undefined;
    const tag = governed ? currentLane() : undefined;
    if (governed && lanesConfigured() && channel !== undefined) {
      const routed = laneChannel(channel, tag);
      if (routed !== channel) {
        ctx.args[3] = routed;
        channel = routed;
      }
    }
    const rpc = new RpcCall(path, 'client');
    let turn: Promise<Entry | Blocked> | undefined;
    if (governed && hasGovernanceRules()) {
      // Outside adaptive protection, as every outbound call: `outbound` also when the service
      // serves the same method (a relay), whose resource was then named by the server side.
      const engine = governance();
      const resource = engine.resolve(
        'rpc-out',
        path,
        engine.matchesAttributes('rpc-out') ? matchAttributes(path) : undefined,
      );
      const result = engine.entry(resource, { outbound: true });
      if (result.kind === 'blocked') {
        recordBlock(result);
        ctx.skip(blockedClientCall(blockedStatus(result)));
        return;
      }
      if (result.kind === 'pass') rpc.entry = result;
      else turn = result.ready;
    }
    let parent = active;
    if (tracing && tracingEnabled()) {
      const attributes: Attributes = {};
      const target = channel === undefined ? undefined : targetAddress(channel);
      if (target !== undefined) {
        attributes[RPC_ATTR.serverAddress] = target.host;
        if (target.port !== undefined) attributes[RPC_ATTR.serverPort] = target.port;
      }
      parent = trace.setSpan(active, rpc.startSpan(active, attributes));
    }
    const state: ClientCallState = { rpc, parent, tag, turn };
    ctx.data[CLIENT_CALL] = state;
  } catch (error) {
    reportOnce('gRPC client instrumentation', error);
  }
}

/** onExit of getInterceptingCall: metadata out, status back. */
export function onClientCallCreated(ctx: HookContext): void {
  const state = ctx.data[CLIENT_CALL] as ClientCallState | undefined;
  if (state === undefined) return;
  if (ctx.threw) {
    state.rpc.end(GRPC_STATUS.INTERNAL!, 'the client could not create the call');
    return;
  }
  const call = ctx.result as ClientCall;
  if (typeof call !== 'object' || call === null || typeof call.start !== 'function') {
    state.rpc.end(GRPC_STATUS.UNKNOWN!);
    return;
  }
  const start = call.start;
  call.start = function (this: ClientCall, metadata: Metadata, listener: ClientListener): void {
    let sent = metadata;
    let wrapped = listener;
    try {
      sent = withOutgoingContext(metadata, state);
      wrapped = {
        ...listener,
        onReceiveStatus(status: GrpcStatus, next?: unknown): void {
          state.rpc.end(typeof status?.code === 'number' ? status.code : GRPC_STATUS.UNKNOWN!, status?.details);
          return (listener.onReceiveStatus as (s: GrpcStatus, n?: unknown) => void).call(listener, status, next);
        },
      };
      if (typeof listener.onReceiveStatus !== 'function') wrapped = listener;
    } catch (error) {
      reportOnce('gRPC client metadata', error);
    }
    return start.call(this, sent, wrapped);
  };
  if (state.turn !== undefined) holdUntilTurn(call, state, state.turn);
}

/** What a caller does with a client call, in order; held while the call waits for its turn. */
const HELD_CALL_METHODS = ['start', 'sendMessageWithContext', 'sendMessage', 'startRead', 'halfClose'] as const;

/**
 * The call waits for its turn: what the caller does with it (start, messages, half-close) is held
 * and done in order when the turn comes, so nothing is sent before. Refused by then (a half-open
 * breaker's probe failed), the caller's listener gets the blocked status and nothing is sent;
 * cancelled by the caller while it waits, the listener gets the cancellation and the turn is
 * handed back.
 */
function holdUntilTurn(call: ClientCall, state: ClientCallState, turn: Promise<Entry | Blocked>): void {
  const target = call as unknown as Record<string, unknown>;
  const held: Array<() => void> = [];
  let waiting = true;
  let cancelled = false;
  let started: { metadata: Metadata; listener: ClientListener } | undefined;
  for (const name of HELD_CALL_METHODS) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function (this: unknown, ...args: unknown[]): unknown {
      if (!waiting) return (original as (...a: unknown[]) => unknown).apply(this, args);
      if (name === 'start') started = { metadata: args[0] as Metadata, listener: args[1] as ClientListener };
      if (!cancelled) held.push(() => (original as (...a: unknown[]) => unknown).apply(call, args));
      return undefined;
    };
  }
  /** The caller's listener hears how the call ended without it being sent. */
  const endUnsent = (code: number, details: string): void => {
    state.rpc.end(code, details);
    if (started === undefined) return;
    const { metadata, listener } = started;
    const empty = typeof metadata?.clone === 'function' ? emptied(metadata.clone()) : metadata;
    listener.onReceiveStatus?.({ code, details, metadata: empty });
  };
  const cancelWithStatus = call.cancelWithStatus;
  if (typeof cancelWithStatus === 'function') {
    call.cancelWithStatus = function (this: ClientCall, code: number, details: string): void {
      if (!waiting) return cancelWithStatus.call(this, code, details);
      if (cancelled) return;
      cancelled = true;
      held.length = 0;
      process.nextTick(() => endUnsent(code, details));
    };
  }
  const go = (decided: Entry | Blocked | undefined): void => {
    waiting = false;
    if (cancelled) {
      if (decided !== undefined && decided.kind !== 'blocked') governance().exit(decided, { aborted: true });
      return;
    }
    if (decided?.kind === 'blocked') {
      recordBlock(decided);
      const { code, details } = blockedStatus(decided);
      held.length = 0;
      endUnsent(code, details);
      return;
    }
    if (decided !== undefined) state.rpc.entry = decided;
    for (const op of held.splice(0)) {
      try {
        op();
      } catch (error) {
        reportOnce('gRPC client call held for its turn', error);
      }
    }
  };
  turn.then(go, () => go(undefined));
}

/** A copy of the call's metadata with traceparent, baggage and the lane tag. */
function withOutgoingContext(metadata: Metadata, state: ClientCallState): Metadata {
  const out: Record<string, string | null> = {};
  if (!sdkDisabledOnce()) injectHeaders(out as Record<string, unknown>, state.parent);
  if (policyConfiguredOnce() && (state.tag !== undefined || lanesConfigured())) {
    const existing = out.baggage ?? firstString(metadata.get('baggage'));
    Object.assign(out, lanes().outboundHeaders(state.tag, { baggage: existing ?? undefined }));
  }
  const keys = Object.keys(out);
  if (keys.length === 0) return metadata;
  const copy = metadata.clone();
  for (const key of keys) {
    const value = out[key];
    copy.remove(key);
    if (typeof value === 'string') copy.set(key, value);
  }
  return copy;
}

function firstString(values: Array<string | Buffer> | undefined): string | undefined {
  const v = values?.[0];
  return typeof v === 'string' ? v : undefined;
}

/** A call that never leaves the process: its listener gets `status` on the next tick. */
function blockedClientCall(status: { code: number; details: string }): unknown {
  let cancelled = false;
  return {
    start(metadata: Metadata, listener: ClientListener): void {
      process.nextTick(() => {
        if (cancelled) return;
        const empty = typeof metadata?.clone === 'function' ? emptied(metadata.clone()) : metadata;
        listener.onReceiveStatus?.({ code: status.code, details: status.details, metadata: empty });
      });
    },
    sendMessageWithContext(_context: unknown, _message: unknown): void {},
    sendMessage(_message: unknown): void {},
    startRead(): void {},
    halfClose(): void {},
    cancelWithStatus(): void {
      cancelled = true;
    },
    getPeer(): string {
      return '';
    },
    setCredentials(): void {},
    getAuthContext(): null {
      return null;
    },
  };
}

function emptied(metadata: Metadata): Metadata {
  for (const key of Object.keys(metadata.getMap())) metadata.remove(key);
  return metadata;
}

/** `host` and `port` of a channel's target (`dns:///127.0.0.1:50051`, `127.0.0.1:50051`, `ipv4:…`). */
type TargetAddress = { host: string; port: number | undefined };
/** Per channel: its target text and the address parsed from it (parsed once, not per call). */
const addressByChannel = new WeakMap<Channel, { target: string; address: TargetAddress | undefined }>();

function targetAddress(channel: Channel): TargetAddress | undefined {
  let target: string;
  try {
    target = channel.getTarget();
  } catch {
    return undefined;
  }
  const known = addressByChannel.get(channel);
  if (known !== undefined && known.target === target) return known.address;
  const m = /^(?:[a-z0-9+.-]+:(?:\/\/[^/]*\/)?)?(\[[^\]]+\]|[^:/,]+)(?::(\d+))?$/i.exec(target);
  const address =
    m === null
      ? undefined
      : { host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] === undefined ? undefined : Number(m[2]) };
  addressByChannel.set(channel, { target, address });
  return address;
}

/**
 * The channel a call in lane `tag` goes over: the lane's instance of the target service when the
 * policy's services list one, else a baseline instance (the channel's own address when it is one).
 */
function laneChannel(channel: Channel, tag: string | undefined): Channel {
  const target = targetAddress(channel);
  if (target === undefined) return channel;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const url = new URL(`http://${host}${target.port === undefined ? '' : `:${target.port}`}/`);
  const address = lanes().route(url, tag);
  if (address === undefined || address === `${target.host.toLowerCase()}:${target.port ?? 80}` || address === url.host)
    return channel;
  let byAddress = laneChannels.get(channel);
  if (byAddress === undefined) laneChannels.set(channel, (byAddress = new Map()));
  let routed = byAddress.get(address);
  if (routed === undefined) {
    const internal = channel.internalChannel;
    if (internal?.credentials === undefined) {
      reportOnce(
        'gRPC lane routing',
        new Error('this @grpc/grpc-js channel does not expose its credentials'),
        'the call went to its own target',
      );
      return channel;
    }
    routed = new channel.constructor(address, internal.credentials, internal.options ?? {});
    byAddress.set(address, routed);
  }
  return routed;
}
