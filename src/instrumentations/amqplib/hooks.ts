// amqplib (RabbitMQ), promise and callback APIs (lib/channel_model.js and lib/callback_model.js:
// their Channel classes take the same arguments). Two methods of each Channel are hooked:
//   - publish (sendToQueue goes through it): a PRODUCER span; trace context, baggage and the
//     lane tag of the current request go into the message headers (the caller's options object
//     is copied, never changed).
//   - consume: the consumer callback is wrapped. Per message: the producer's context is restored
//     (a CONSUMER `process` span, child of the producer's span), the lane tag becomes the current
//     lane, governance of the resource `amqp:<queue>` decides (blocked: the message is nacked and
//     requeued, never dropped), and message gray routing decides who takes it (below).
//
// Message gray, by consumer-side filtering on the shared queue (docs/adr/0008-message-gray.md): a consumer instance
// started with INSTTS_TAG=<tag> takes only messages of that lane and requeues the rest; a
// baseline consumer takes untagged messages, and a lane's messages only while no instance of that
// lane is registered for its service (the policy's `services`, as for HTTP and gRPC), so with
// the gray consumer gone the baseline takes everything. Requeued messages stay in the queue:
// nothing is lost. Consumers with noAck cannot requeue: they take every message (reported once).
//
// amqp-connection-manager (what NestJS's RMQ transport uses) wraps an amqplib channel, and two of
// its habits would hide the application from the hooks above, so its ChannelWrapper is hooked too:
//   - publish and sendToQueue queue the message and hand it to amqplib later when the channel is
//     not ready (setting up, reconnecting, full): the application's context and lane are taken
//     when it publishes and travel in the options to amqplib's publish, which uses them;
//   - consume registers a callback of its own with amqplib that calls the application's and drops
//     what it returns: the application's callback is wrapped instead (its promise is seen), and
//     amqplib's consume hook stands aside for that consumer.

import { context, ROOT_CONTEXT, trace, type Attributes, type Context } from '@opentelemetry/api';
import type { HookContext } from '../../runtime/context.js';
import { governance } from '../../runtime/governance/access.js';
import { recordBlock } from '../../runtime/governance/block-event.js';
import { noticeCannotWait } from '../../runtime/governance/cannot-wait.js';
import type { Entry } from '../../runtime/governance/engine.js';
import { hasGovernanceRules, lanesConfigured } from '../../runtime/http/policy-state.js';
import { lanes } from '../../runtime/lanes/access.js';
import { currentLane, runInLane } from '../../runtime/lanes/context.js';
import { policyConfiguredOnce, sdkDisabledOnce } from '../../runtime/env.js';
import { reportOnce } from '../../runtime/report.js';
import { extractContext, injectHeaders } from '../../runtime/tracing/propagation.js';
import { tracingEnabled } from '../../runtime/tracing/setup.js';
import { dropHeader, releaseHeaders, takeHeaders } from './headers-carrier.js';
import { MessageSpan } from './message-span.js';
import { quietUnlessListening } from '../../runtime/listening.js';

// Nothing listening (tracing off, no policy): these rules' sites cost one check per call.
quietUnlessListening([
  'amqplib.publish',
  'amqplib.consume',
  'amqplib.callback.publish',
  'amqplib.callback.consume',
  'amqplib.settle',
  'amqplib.callback.settle',
  'amqp-connection-manager.publish',
  'amqp-connection-manager.send-to-queue',
  'amqp-connection-manager.consume',
]);

interface Message {
  content: Buffer;
  fields: { deliveryTag: number; redelivered?: boolean; exchange?: string; routingKey?: string; consumerTag?: string };
  properties: { headers?: Record<string, unknown>; messageId?: string };
}
interface Channel {
  nack(message: Message, allUpTo?: boolean, requeue?: boolean): void;
  connection?: { stream?: { remoteAddress?: string; remotePort?: number } };
  /** amqp-connection-manager's ChannelWrapper: the amqplib channel it currently wraps. */
  _channel?: Channel;
}

/** The context and lane a message was published in, when amqp-connection-manager sends it later. */
interface Publisher {
  context: Context;
  lane: string | undefined;
}
/** Options key (amqp-connection-manager → amqplib publish): the {@link Publisher}. amqplib reads named options only. */
const PUBLISHED_IN = Symbol.for('instts.amqp.publishedIn');
/** Options key (amqp-connection-manager → amqplib consume): this consumer is wrapped already. */
const WRAPPED_CONSUMER = Symbol.for('instts.amqp.wrappedConsumer');

interface PublishOptions {
  headers?: Record<string, unknown>;
  messageId?: string;
  [PUBLISHED_IN]?: Publisher;
}

/** `server.address` and `server.port` of a channel's connection: the same for each of its messages. */
interface Peer {
  address: string | undefined;
  port: number | undefined;
}
const peers = new WeakMap<object, Peer>();
const NO_PEER: Peer = { address: undefined, port: undefined };

function peer(channel: unknown): Peer {
  const c = channel as Channel | undefined;
  const connection = c?.connection ?? c?._channel?.connection;
  if (typeof connection !== 'object' || connection === null) return NO_PEER;
  let known = peers.get(connection);
  if (known === undefined) {
    const stream = connection.stream;
    // not kept until the connection is up: a stream without an address is asked again
    if (typeof stream?.remoteAddress !== 'string') return NO_PEER;
    known = {
      address: stream.remoteAddress.replace(/^::ffff:/, ''),
      port: typeof stream.remotePort === 'number' ? stream.remotePort : undefined,
    };
    peers.set(connection, known);
  }
  return known;
}

function addPeer(attributes: Attributes, channel: unknown): void {
  const { address, port } = peer(channel);
  if (address !== undefined) attributes['server.address'] = address;
  if (port !== undefined) attributes['server.port'] = port;
}

/** onEnter of Channel.publish(exchange, routingKey, content, options). */
export function onPublish(ctx: HookContext): void {
  const tracing = !sdkDisabledOnce();
  const laneHeaders = policyConfiguredOnce() && lanesConfigured();
  // governance alone adds nothing to a published message: its options stay the caller's
  if (!tracing && !laneHeaders) return;
  try {
    const args = ctx.args;
    const exchange = typeof args[0] === 'string' ? args[0] : '';
    const routingKey = typeof args[1] === 'string' ? args[1] : '';
    const options = (typeof args[3] === 'object' && args[3] !== null ? args[3] : {}) as PublishOptions;
    // amqplib reads named options only: the publisher's key can stay in the copy made below
    const publisher = options[PUBLISHED_IN];
    const headers = takeHeaders(options.headers);
    ctx.data.headers = headers;
    let parent = publisher?.context ?? context.active();
    if (tracing && tracingEnabled()) {
      const destination = exchange === '' ? routingKey : exchange;
      const attributes: Attributes = {
        'messaging.system': 'rabbitmq',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'publish',
        'messaging.destination.name': destination,
      };
      addPeer(attributes, ctx.self);
      if (routingKey !== '') attributes['messaging.rabbitmq.destination.routing_key'] = routingKey;
      const content = args[2];
      if (Buffer.isBuffer(content)) attributes['messaging.message.body.size'] = content.length;
      if (typeof options.messageId === 'string') attributes['messaging.message.id'] = options.messageId;
      const span = new MessageSpan(`publish ${destination || '(default)'}`, 'producer', attributes, parent);
      ctx.data.span = span;
      parent = trace.setSpan(parent, span.span);
    }
    if (tracing) injectHeaders(headers, parent);
    if (laneHeaders) {
      const tag = publisher === undefined ? currentLane() : publisher.lane;
      for (const [name, value] of Object.entries(
        lanes().outboundHeaders(tag, { baggage: typeof headers.baggage === 'string' ? headers.baggage : undefined }),
      )) {
        if (value === null) dropHeader(headers, name);
        else headers[name] = value;
      }
    }
    args[3] = { ...options, headers };
  } catch (error) {
    reportOnce('amqplib publish instrumentation', error);
  }
}

/** onExit of Channel.publish: it only buffers the message; the span ends here. */
export function onPublished(ctx: HookContext): void {
  const headers = ctx.data.headers as Record<string, unknown> | undefined;
  if (headers !== undefined) releaseHeaders(headers);
  const span = ctx.data.span as MessageSpan | undefined;
  if (span === undefined) return;
  if (ctx.threw) span.end(ctx.error);
  else span.end();
}

/**
 * onEnter of amqp-connection-manager's ChannelWrapper.publish(exchange, routingKey, content, options, done)
 * and sendToQueue(queue, content, options, done): the caller's context and lane go with the message.
 */
export function onWrapperPublish(ctx: HookContext): void {
  keepPublisher(ctx, 3);
}
export function onWrapperSendToQueue(ctx: HookContext): void {
  keepPublisher(ctx, 2);
}

function keepPublisher(ctx: HookContext, index: number): void {
  if (sdkDisabledOnce() && !policyConfiguredOnce()) return;
  const options = ctx.args[index];
  if (options !== undefined && options !== null && typeof options !== 'object') return;
  try {
    const publisher: Publisher = { context: context.active(), lane: currentLane() };
    ctx.args[index] = { ...(options as object | null), [PUBLISHED_IN]: publisher };
  } catch (error) {
    reportOnce('amqp-connection-manager publish instrumentation', error);
  }
}

/** onEnter of Channel.consume(queue, callback, options): wraps the callback. */
export function onConsume(ctx: HookContext): void {
  const options = ctx.args[2] as { [WRAPPED_CONSUMER]?: boolean } | undefined;
  if (options?.[WRAPPED_CONSUMER] === true) return; // amqp-connection-manager's, wrapped where the application gave it
  wrapConsumer(ctx);
}

/** onEnter of amqp-connection-manager's ChannelWrapper.consume(queue, onMessage, options): wraps onMessage. */
export function onWrapperConsume(ctx: HookContext): void {
  if (!wrapConsumer(ctx)) return;
  const options = ctx.args[2];
  if (options !== undefined && options !== null && typeof options !== 'object') return;
  ctx.args[2] = { ...(options as object | null), [WRAPPED_CONSUMER]: true };
}

/** Wraps the consumer callback in ctx.args[1] (the channel is ctx.self); false when left alone. */
function wrapConsumer(ctx: HookContext): boolean {
  const tracing = !sdkDisabledOnce();
  const governed = policyConfiguredOnce();
  if (!tracing && !governed) return false;
  const queue = typeof ctx.args[0] === 'string' ? ctx.args[0] : '';
  const callback = ctx.args[1];
  if (typeof callback !== 'function') return false;
  const options = ctx.args[2] as { noAck?: boolean } | undefined;
  const noAck = options?.noAck === true;
  const channel = ctx.self as Channel;
  if (governed && noAck) {
    reportOnce(
      `amqplib consumer of '${queue}'`,
      new Error('a noAck consumer cannot requeue'),
      'its messages are neither governed nor lane-filtered',
    );
  }
  const user = callback as (message: Message | null) => unknown;
  const resourceName = `amqp:${queue}`;
  const wrapped = function (this: unknown, message: Message | null): unknown {
    if (message === null || typeof message !== 'object') return user.call(this, message);
    let decision: Decision;
    try {
      decision = decide(channel, queue, resourceName, message, tracing, governed && !noAck);
    } catch (error) {
      reportOnce('amqplib consume instrumentation', error);
      return user.call(this, message);
    }
    if (decision.requeue) {
      channel.nack(message, false, true);
      decision.span?.end(undefined, 'requeued');
      return undefined;
    }
    if (decision.span !== undefined) processing.set(message, decision.span);
    const run = (): unknown => {
      let result: unknown;
      try {
        result = user.call(this, message);
      } catch (error) {
        finish(decision, error);
        throw error;
      }
      if (result instanceof Promise) {
        // What the caller gets settles as the callback's promise does, so a rejection that
        // nothing handles (amqplib drops what a consumer returns) is still unhandled, as without us.
        return result.then(
          (value: unknown) => {
            finish(decision, undefined);
            return value;
          },
          (error: unknown) => {
            finish(decision, error ?? new Error('rejected'));
            throw error;
          },
        );
      }
      finish(decision, undefined);
      return result;
    };
    const inLane = decision.tag === undefined ? run : () => runInLane(decision.tag, run);
    return decision.active === undefined ? inLane() : context.with(decision.active, inLane);
  };
  ctx.args[1] = wrapped;
  return true;
}

interface Decision {
  requeue: boolean;
  tag: string | undefined;
  span: MessageSpan | undefined;
  active: Context | undefined;
  entry: Entry | undefined;
}

function decide(
  channel: Channel,
  queue: string,
  resourceName: string,
  message: Message,
  tracing: boolean,
  governed: boolean,
): Decision {
  const headers = message.properties?.headers ?? {};
  const decision: Decision = { requeue: false, tag: undefined, span: undefined, active: undefined, entry: undefined };
  if (governed && lanesConfigured()) {
    const l = lanes();
    const tag = l.inbound({ headers: headers as Record<string, string> });
    decision.tag = tag;
    if (l.tag !== undefined) {
      // A lane's consumer takes its lane's messages only.
      decision.requeue = tag !== l.tag;
    } else if (tag !== undefined && l.service !== undefined && l.hasLaneInstance(l.service, tag)) {
      decision.requeue = true; // the lane's consumer takes it
    }
  }
  if (tracing && tracingEnabled()) {
    // the names our publish writes, as OpenTelemetry's propagators ask for them (lower case)
    const parent = extractContext(headers as Record<string, string>, ROOT_CONTEXT, true);
    const attributes: Attributes = {
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.destination.name': queue,
    };
    addPeer(attributes, channel);
    if (typeof message.fields?.routingKey === 'string')
      attributes['messaging.rabbitmq.destination.routing_key'] = message.fields.routingKey;
    if (typeof message.fields?.deliveryTag === 'number')
      attributes['messaging.rabbitmq.message.delivery_tag'] = message.fields.deliveryTag;
    if (Buffer.isBuffer(message.content)) attributes['messaging.message.body.size'] = message.content.length;
    decision.span = new MessageSpan(`process ${queue}`, 'consumer', attributes, parent);
    decision.active = trace.setSpan(parent, decision.span.span);
  }
  if (decision.requeue || !governed || !hasGovernanceRules()) return decision;
  const engine = governance();
  const resource = engine.resource(resourceName);
  // A hotspot rule reading what a message never carries is named once (it never applies).
  engine.entersCarryingOnly(resource, DELIVERY_SOURCES, A_DELIVERY, DELIVERY_CARRIES);
  const result = engine.entry(resource, { headers, args: [message], canWait: false });
  if (result.kind === 'blocked') {
    noticeCannotWait(engine, result, DELIVERY_CANNOT_WAIT);
    recordBlock(result, decision.span?.span);
    decision.requeue = true;
    return decision;
  }
  if (result.kind === 'pass') decision.entry = result;
  return decision;
}

/** The CONSUMER span of each message a consumer is processing, for {@link onSettle}. */
const processing = new WeakMap<object, MessageSpan>();

/**
 * onEnter of Channel#nack and #reject (both APIs): a message the consumer refuses marks its
 * CONSUMER span as failed, when it is refused before the span ends (while the consumer runs).
 */
export function onSettle(ctx: HookContext): void {
  const message = ctx.args[0];
  if (typeof message !== 'object' || message === null) return;
  const span = processing.get(message);
  if (span === undefined) return;
  const nack = ctx.site.function === 'nack';
  const requeue = (nack ? ctx.args[2] : ctx.args[1]) !== false;
  span.refused(nack ? 'nack' : 'reject', requeue);
}

/** What a delivered message carries for hotspot rules: its headers (`header`), nothing else. */
const DELIVERY_SOURCES = ['header'] as const;
const A_DELIVERY = 'a message delivered to an amqplib consumer';
const DELIVERY_CARRIES = 'only its message headers (header)';
const DELIVERY_CANNOT_WAIT = {
  kind: 'a delivered message',
  what: 'a message delivered to a consumer',
  outcome: 'such messages are rejected and requeued at once instead, and the broker delivers them again',
  advice: 'use shaping "reject" with the rate you mean, or bound the consumer with a channel prefetch',
};

function finish(decision: Decision, error: unknown): void {
  try {
    if (decision.entry !== undefined) governance().exit(decision.entry, error === undefined ? {} : { error });
    decision.span?.end(error);
  } catch (failure) {
    reportOnce('amqplib consume instrumentation', failure);
  }
}
