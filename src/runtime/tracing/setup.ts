// The tracing runtime: started once per process, on the first call that needs it (or by an
// explicit `startTracing()`), from the OpenTelemetry environment variables.
//
// What starting does:
// - a diagnostic logger on stderr when OTEL_LOG_LEVEL is set and the program has none;
// - the AsyncLocalStorage context manager, unless the program registered one;
// - the OTEL_PROPAGATORS propagator, unless the program registered one (also when the SDK is
//   disabled: propagation still works then);
// - unless OTEL_SDK_DISABLED=true: our tracer provider (resource, sampler, span limits, exporters),
//   unless the program registered a provider of its own first, which is then used as it is;
// - flushing on exit for our provider (see exit.ts).
//
// Exporter `none` still starts a provider: spans are created and sampled as configured and their
// context propagates (downstream services keep the trace), they are just not exported. Only
// OTEL_SDK_DISABLED turns span creation off; `tracingEnabled()` is then false unless the program
// registered its own provider.
//
// Tracers always come from the API (`trace.getTracer`), so whichever provider is registered is used.

import { context, propagation, trace, type Attributes, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { setupDiagnostics, warnOnce } from './diag.js';
import { processEnv, type Env } from '../env.js';
import { readTracingConfig, type TracingConfig } from './env.js';
import { installExitHandlers, type ExitOptions } from './exit.js';
import { buildSpanProcessors } from './exporters.js';
import { isGlobalRegistered } from './otel-globals.js';
import { buildPropagator } from './propagators.js';
import { buildResource } from './resource.js';
import { buildSampler } from './sampler.js';
import { RUNTIME_VERSION } from '../version.js';

export interface StartTracingOptions {
  /** Default `service.name`; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over it. */
  serviceName?: string;
  /** Default resource attributes; OTEL_RESOURCE_ATTRIBUTES wins over them. */
  resourceAttributes?: Attributes;
  /** OTLP traces URL used when no OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set. */
  otlpUrl?: string;
  /** OTLP headers; OTEL_EXPORTER_OTLP_(TRACES_)HEADERS of the same name win. */
  otlpHeaders?: Record<string, string>;
  /** Processors added to the ones OTEL_TRACES_EXPORTER configures (an in-process exporter, say). */
  spanProcessors?: SpanProcessor[];
  /** Flush on beforeExit / SIGTERM / SIGINT. Default true. */
  exitHandlers?: boolean;
  /** Bounds of the exit flushes. */
  exit?: ExitOptions;
  /** The instrumentation scope name of `getTracer()`. Default `instts`. */
  tracerName?: string;
  /** Its version. Default: instts's own version with the default name, none with another. */
  tracerVersion?: string;
  /** The environment to read instead of `process.env` (the OTLP exporters still read process.env). */
  env?: Env;
}

export type ProviderOwner = 'instts' | 'program' | 'none';

/** What `startTracing` did, for logs and for `instts` itself. */
export interface TracingStatus {
  /** Whether instrumented calls should make spans: a provider (ours or the program's) is there and not shut down. */
  readonly enabled: boolean;
  readonly sdkDisabled: boolean;
  /** Whose provider spans go to. */
  readonly provider: ProviderOwner;
  /** Exporters of our provider (empty: none, or not ours). */
  readonly exporters: readonly string[];
  readonly protocol: string;
  readonly sampler: string;
  /** Propagators we registered (empty when none, or when the program registered its own). */
  readonly propagators: readonly string[];
  readonly propagator: 'instts' | 'program' | 'none';
  readonly contextManager: 'instts' | 'program';
  readonly warnings: readonly string[];
}

interface State {
  status: TracingStatus;
  enabled: boolean;
  tracer: Tracer | undefined;
  tracerName: string;
  tracerVersion: string | undefined;
  provider: TracerProvider | undefined;
  /** Our provider, whose sampler and processors read nothing of a span at its start: see {@link attributesAfterStart}. */
  attributesAfterStart?: boolean;
  endedSinceFlush: number;
  removeExitHandlers: (() => void) | undefined;
  shutdown: Promise<void> | undefined;
}

// One tracing runtime per process, even when several bundles carry a copy of this file.
const STATE_KEY = Symbol.for('instts.runtime.tracing.v1');
const slot = globalThis as unknown as Record<symbol, State | undefined>;

/** Counts ended spans, so a `beforeExit` with nothing new does not export (and loop) again. */
function endCounter(state: State): SpanProcessor {
  return {
    onStart() {},
    onEnd() {
      state.endedSinceFlush++;
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

/** Starts tracing once; later calls return the same status (their options are not applied). */
export function startTracing(given?: StartTracingOptions): TracingStatus {
  const existing = slot[STATE_KEY];
  if (existing !== undefined) return existing.status; // no options object made on this path: it runs per request
  const options = given ?? {};

  const env = options.env ?? processEnv();
  const config = readTracingConfig(env);
  setupDiagnostics(config.logLevel);
  for (const warning of config.warnings) warnOnce(warning);

  let contextManager: TracingStatus['contextManager'] = 'program';
  if (!isGlobalRegistered('context')) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManager = 'instts';
  }

  let propagatorOwner: TracingStatus['propagator'] = 'program';
  let propagators: readonly string[] = [];
  if (!isGlobalRegistered('propagation')) {
    const propagator = buildPropagator(config.propagators);
    if (propagator !== undefined) {
      propagation.setGlobalPropagator(propagator);
      propagatorOwner = 'instts';
      propagators = config.propagators;
    } else propagatorOwner = 'none';
  }

  const state: State = {
    status: undefined as unknown as TracingStatus,
    enabled: false,
    tracer: undefined,
    tracerName: options.tracerName ?? 'instts',
    tracerVersion: options.tracerVersion ?? (options.tracerName === undefined ? RUNTIME_VERSION : undefined),
    provider: undefined,
    endedSinceFlush: 0,
    removeExitHandlers: undefined,
    shutdown: undefined,
  };

  let owner: ProviderOwner = 'none';
  let exporters: readonly string[] = [];
  if (isGlobalRegistered('trace')) {
    owner = 'program';
  } else if (!config.sdkDisabled) {
    const provider = createProvider(config, options, state, env);
    trace.setGlobalTracerProvider(provider);
    state.provider = provider;
    owner = 'instts';
    exporters = config.exporters.length > 0 ? config.exporters : ['none'];
    if (options.exitHandlers !== false) {
      state.removeExitHandlers = installExitHandlers(
        {
          pending: () => state.endedSinceFlush > 0,
          flush: (timeoutMillis) => flushState(state, timeoutMillis),
        },
        options.exit,
      );
    }
  }
  state.enabled = owner !== 'none';
  state.status = Object.freeze({
    enabled: state.enabled,
    sdkDisabled: config.sdkDisabled,
    provider: owner,
    exporters,
    protocol: config.protocol,
    sampler: config.sampler.endsWith('traceidratio') ? `${config.sampler}(${config.samplerRatio})` : config.sampler,
    propagators,
    propagator: propagatorOwner,
    contextManager,
    warnings: config.warnings,
  });
  slot[STATE_KEY] = state;
  return state.status;
}

function createProvider(config: TracingConfig, options: StartTracingOptions, state: State, env: Env): TracerProvider {
  const processors = buildSpanProcessors(
    config.exporters,
    config.protocol,
    config.batch,
    { url: options.otlpUrl, headers: options.otlpHeaders },
    env,
  );
  if (options.spanProcessors) processors.push(...options.spanProcessors);
  // The built-in samplers decide on the trace id and the parent only, and the SDK's batch and
  // simple processors do nothing at a span's start; a processor of another kind may read it there.
  state.attributesAfterStart = (options.spanProcessors ?? []).every(
    (p) => p instanceof BatchSpanProcessor || p instanceof SimpleSpanProcessor,
  );
  processors.push(endCounter(state));
  return new TracerProvider({
    resource: buildResource(config, options),
    sampler: buildSampler(config.sampler, config.samplerRatio),
    spanLimits: config.spanLimits,
    spanProcessors: processors,
  });
}

// Span work some instrumentations finish after the call that made it (a database call ends its
// span once the caller's continuation ran, see db/call.ts): done before any flush or shutdown, so
// they export every span. Process-wide, like the state: any bundle's flush drains every bundle's.
const DEFERRED_KEY = Symbol.for('instts.runtime.tracing.deferred.v1');
const deferredSlot = globalThis as unknown as Record<symbol, Set<() => void> | undefined>;

/** `finish` runs (synchronously) before each flush and the shutdown of our provider. */
export function finishBeforeFlush(finish: () => void): void {
  (deferredSlot[DEFERRED_KEY] ??= new Set()).add(finish);
}

function finishDeferred(): void {
  const finishers = deferredSlot[DEFERRED_KEY];
  if (finishers === undefined) return;
  for (const finish of finishers) {
    try {
      finish();
    } catch {
      // a failed finisher never stops the flush
    }
  }
}

function flushState(state: State, timeoutMillis: number): Promise<void> {
  finishDeferred();
  const provider = state.provider;
  state.endedSinceFlush = 0;
  if (provider === undefined || state.shutdown !== undefined) return Promise.resolve();
  return provider.forceFlush({ timeoutMillis }).then(
    () => undefined,
    () => undefined,
  );
}

function current(): State {
  const state = slot[STATE_KEY];
  if (state !== undefined) return state;
  startTracing();
  return slot[STATE_KEY]!;
}

/**
 * Whether a span's attributes may be set right after it started rather than given to the start:
 * the same span, without the SDK's two checked copies of the attributes made for the sampler and
 * the processors' `onStart` (about 0.35 µs of a database span's 2 µs), when nothing reads them
 * there (our provider, see createProvider).
 */
export function attributesAfterStart(): boolean {
  return slot[STATE_KEY]?.attributesAfterStart === true;
}

/** The fast check instrumented code makes before doing any tracing work (starts tracing the first time). */
export function tracingEnabled(): boolean {
  const state = slot[STATE_KEY];
  return state !== undefined ? state.enabled : current().enabled;
}

/** What starting did (starts tracing the first time). */
export function tracingStatus(): TracingStatus {
  return current().status;
}

/** Our tracer, from whichever provider is registered (a no-op one when tracing is off). */
export function getTracer(): Tracer {
  const state = current();
  return (state.tracer ??= trace.getTracer(state.tracerName, state.tracerVersion));
}

/** Exports what ended so far (our provider only). */
export function flushTracing(timeoutMillis = 30_000): Promise<void> {
  const state = slot[STATE_KEY];
  return state === undefined ? Promise.resolve() : flushState(state, timeoutMillis);
}

/**
 * Flushes and shuts our provider down, and removes the exit listeners. Afterwards
 * `tracingEnabled()` is false; tracing does not start again in this process.
 */
export function shutdownTracing(): Promise<void> {
  const state = slot[STATE_KEY];
  if (state === undefined) return Promise.resolve(); // never started: nothing to flush
  if (state.shutdown !== undefined) return state.shutdown;
  state.enabled = false;
  state.status = Object.freeze({ ...state.status, enabled: false });
  state.removeExitHandlers?.();
  state.removeExitHandlers = undefined;
  finishDeferred();
  const provider = state.provider;
  state.shutdown =
    provider === undefined
      ? Promise.resolve()
      : provider.shutdown().then(
          () => undefined,
          () => undefined,
        );
  return state.shutdown;
}
