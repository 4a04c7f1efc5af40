// The OpenTelemetry SDK environment variables that decide how tracing starts, read into one plain
// object. Pure: it takes the environment as a record and returns the settings plus the warnings
// to print; nothing here touches globals. The OTLP exporters read their own endpoint, headers,
// timeout, compression and certificate variables (they follow the same specification).
//
// The variables are read with the readers of ../env.ts, which follow the specification's rules.

import { envBoolean, envInteger, envList, envString, type Env } from '../env.js';

export type ExporterName = 'otlp' | 'console';
export type OtlpProtocol = 'http/protobuf' | 'http/json';
export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';
export type PropagatorName = 'tracecontext' | 'baggage' | 'b3' | 'b3multi' | 'jaeger';
export type LogLevelName = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

export interface BatchSettings {
  scheduledDelayMillis?: number;
  exportTimeoutMillis?: number;
  maxQueueSize?: number;
  maxExportBatchSize?: number;
}

export interface SpanLimitSettings {
  attributeValueLengthLimit?: number;
  attributeCountLimit?: number;
  eventCountLimit?: number;
  linkCountLimit?: number;
  attributePerEventCountLimit?: number;
  attributePerLinkCountLimit?: number;
}

export interface TracingConfig {
  /** OTEL_SDK_DISABLED: no spans of our own, no exporter; propagation still works. */
  readonly sdkDisabled: boolean;
  /** OTEL_SERVICE_NAME, when set. */
  readonly serviceName: string | undefined;
  /** OTEL_RESOURCE_ATTRIBUTES, percent-decoded (empty when unset or invalid). */
  readonly resourceAttributes: Readonly<Record<string, string>>;
  /** OTEL_TRACES_EXPORTER without `none` and unknown names; empty means nothing is exported. */
  readonly exporters: readonly ExporterName[];
  /** OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL. */
  readonly protocol: OtlpProtocol;
  readonly sampler: SamplerName;
  /** OTEL_TRACES_SAMPLER_ARG for the ratio samplers (1 when unset or invalid). */
  readonly samplerRatio: number;
  /** OTEL_PROPAGATORS; empty for `none`. */
  readonly propagators: readonly PropagatorName[];
  /** OTEL_LOG_LEVEL when set; undefined when unset (then no diagnostic logger is installed). */
  readonly logLevel: LogLevelName | undefined;
  readonly batch: Readonly<BatchSettings>;
  readonly spanLimits: Readonly<SpanLimitSettings>;
  /** One message per problem found, in the order found. */
  readonly warnings: readonly string[];
}

const LOG_LEVELS: readonly LogLevelName[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];
const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];
const PROPAGATORS: readonly PropagatorName[] = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger'];

/**
 * A signal's exporter list (OTEL_METRICS_EXPORTER, OTEL_LOGS_EXPORTER): the known names in the
 * order given, nothing when OTEL_SDK_DISABLED; `none` next to other names and unknown names warn.
 */
export function envSignalExporters<T extends string>(
  env: Env,
  variable: string,
  known: readonly T[],
  disabled: boolean,
  warnings: string[],
): T[] {
  const exporters: T[] = [];
  const list = envList(env, variable) ?? [];
  for (const name of list) {
    if ((known as readonly string[]).includes(name)) {
      if (!disabled) exporters.push(name as T);
    } else if (name === 'none') {
      if (list.length > 1) warnings.push(`${variable} lists "none" with other exporters; "none" ignored`);
    } else {
      warnings.push(`${variable} "${name}" is not a known exporter (${[...known, 'none'].join(', ')}); ignored`);
    }
  }
  return exporters;
}

/**
 * OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL, for metrics and logs:
 * http/protobuf unless http/json; anything else warns when the signal exports over OTLP.
 */
export function envSignalProtocol(
  env: Env,
  signal: 'METRICS' | 'LOGS',
  exportsOtlp: boolean,
  warnings: string[],
): OtlpProtocol {
  const signalVar = `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`;
  const protocolVar = envString(env, signalVar) !== undefined ? signalVar : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocolText = envString(env, protocolVar)?.toLowerCase();
  if (protocolText === 'http/json' || protocolText === 'http/protobuf') return protocolText;
  if (protocolText !== undefined && exportsOtlp) {
    warnings.push(
      `${protocolVar}="${protocolText}" is not supported for ${signal.toLowerCase()} (http/protobuf, http/json); using http/protobuf`,
    );
  }
  return 'http/protobuf';
}

/**
 * OTEL_RESOURCE_ATTRIBUTES: `key=value` pairs separated by commas, keys and values percent-decoded.
 * As the specification asks, a value with any invalid entry is discarded whole.
 */
export function parseResourceAttributes(
  value: string,
): { ok: true; attributes: Record<string, string> } | { ok: false; error: string } {
  const out: Record<string, string> = {};
  for (const raw of value.split(',')) {
    if (raw.trim() === '') continue;
    const pair = raw.split('=');
    if (pair.length !== 2)
      return {
        ok: false,
        error: `"${raw.trim()}" is not key=value (',' and '=' in keys and values must be percent-encoded)`,
      };
    const key = pair[0]!.trim();
    if (key === '') return { ok: false, error: `"${raw.trim()}" has an empty key` };
    try {
      out[decodeURIComponent(key)] = decodeURIComponent(pair[1]!.trim());
    } catch {
      return { ok: false, error: `"${raw.trim()}" is not valid percent-encoding` };
    }
  }
  return { ok: true, attributes: out };
}

export function readTracingConfig(env: Env): TracingConfig {
  const warnings: string[] = [];
  // Read in this order: the warnings come out in the order of the variables below.
  const logLevel = readLogLevel(env, warnings);
  const sdkDisabled = envBoolean(env, 'OTEL_SDK_DISABLED', warnings);
  const serviceName = envString(env, 'OTEL_SERVICE_NAME');
  const resourceAttributes = readResourceAttributes(env, warnings);
  const exporters = readExporters(env, warnings);
  const protocol = readProtocol(env, warnings);
  const { sampler, samplerRatio } = readSampler(env, warnings);
  const propagators = readPropagators(env, warnings);
  const batch = readBatchSettings(env, warnings);
  const spanLimits = readSpanLimits(env, warnings);
  return {
    sdkDisabled,
    serviceName,
    resourceAttributes,
    exporters,
    protocol,
    sampler,
    samplerRatio,
    propagators,
    logLevel,
    batch,
    spanLimits,
    warnings,
  };
}

function readLogLevel(env: Env, warnings: string[]): LogLevelName | undefined {
  const logText = envString(env, 'OTEL_LOG_LEVEL')?.toLowerCase();
  if (logText === undefined) return undefined;
  if ((LOG_LEVELS as readonly string[]).includes(logText)) return logText as LogLevelName;
  warnings.push(`OTEL_LOG_LEVEL="${logText}" is not one of ${LOG_LEVELS.join(', ')}; using info`);
  return 'info';
}

function readResourceAttributes(env: Env, warnings: string[]): Record<string, string> {
  const rawAttributes = envString(env, 'OTEL_RESOURCE_ATTRIBUTES');
  if (rawAttributes === undefined) return {};
  const parsed = parseResourceAttributes(rawAttributes);
  if (parsed.ok) return parsed.attributes;
  warnings.push(`OTEL_RESOURCE_ATTRIBUTES ignored: ${parsed.error}`);
  return {};
}

/** OTEL_TRACES_EXPORTER: `none` alone means nothing is exported; next to other names it is ignored. */
function readExporters(env: Env, warnings: string[]): ExporterName[] {
  const exporters: ExporterName[] = [];
  const exporterList = envList(env, 'OTEL_TRACES_EXPORTER') ?? ['otlp'];
  for (const name of exporterList) {
    if (name === 'otlp' || name === 'console') exporters.push(name);
    else if (name === 'none') {
      if (exporterList.length > 1)
        warnings.push('OTEL_TRACES_EXPORTER lists "none" with other exporters; "none" ignored');
    } else if (name === 'zipkin') {
      warnings.push('OTEL_TRACES_EXPORTER "zipkin" is not supported (use otlp); ignored');
    } else {
      warnings.push(`OTEL_TRACES_EXPORTER "${name}" is not a known exporter (otlp, console, none); ignored`);
    }
  }
  return exporters;
}

function readProtocol(env: Env, warnings: string[]): OtlpProtocol {
  const protocolVar =
    envString(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') !== undefined
      ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
      : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocolText = envString(env, protocolVar)?.toLowerCase();
  if (protocolText === 'http/json' || protocolText === 'http/protobuf') return protocolText;
  if (protocolText === 'grpc') {
    warnings.push(
      `${protocolVar}=grpc is not supported; using http/protobuf ` +
        '(an OTEL_EXPORTER_OTLP_ENDPOINT meant for gRPC, usually port 4317, needs the HTTP port, usually 4318)',
    );
  } else if (protocolText !== undefined) {
    warnings.push(`${protocolVar}="${protocolText}" is not one of http/protobuf, http/json, grpc; using http/protobuf`);
  }
  return 'http/protobuf';
}

function readSampler(env: Env, warnings: string[]): { sampler: SamplerName; samplerRatio: number } {
  const samplerText = envString(env, 'OTEL_TRACES_SAMPLER')?.toLowerCase();
  let sampler: SamplerName = 'parentbased_always_on';
  if (samplerText !== undefined) {
    if ((SAMPLERS as readonly string[]).includes(samplerText)) sampler = samplerText as SamplerName;
    else if (samplerText === 'jaeger_remote' || samplerText === 'parentbased_jaeger_remote' || samplerText === 'xray') {
      warnings.push(`OTEL_TRACES_SAMPLER "${samplerText}" is not supported; using parentbased_always_on`);
    } else {
      warnings.push(`OTEL_TRACES_SAMPLER "${samplerText}" is not a known sampler; using parentbased_always_on`);
    }
  }
  let samplerRatio = 1;
  if (sampler === 'traceidratio' || sampler === 'parentbased_traceidratio') {
    const argText = envString(env, 'OTEL_TRACES_SAMPLER_ARG');
    if (argText !== undefined) {
      const ratio = Number(argText);
      if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) samplerRatio = ratio;
      else warnings.push(`OTEL_TRACES_SAMPLER_ARG="${argText}" is not a ratio in [0, 1]; using 1`);
    }
  }
  return { sampler, samplerRatio };
}

/** OTEL_PROPAGATORS: `none` alone disables propagation; next to other names it is ignored. */
function readPropagators(env: Env, warnings: string[]): PropagatorName[] {
  const propagators: PropagatorName[] = [];
  const propagatorList = envList(env, 'OTEL_PROPAGATORS') ?? ['tracecontext', 'baggage'];
  for (const name of propagatorList) {
    if ((PROPAGATORS as readonly string[]).includes(name)) propagators.push(name as PropagatorName);
    else if (name === 'none') {
      if (propagatorList.length > 1)
        warnings.push('OTEL_PROPAGATORS lists "none" with other propagators; "none" ignored');
    } else if (name === 'xray' || name === 'ottrace') {
      warnings.push(`OTEL_PROPAGATORS "${name}" is not supported; ignored`);
    } else {
      warnings.push(`OTEL_PROPAGATORS "${name}" is not a known propagator; ignored`);
    }
  }
  return propagators;
}

function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function readBatchSettings(env: Env, warnings: string[]): BatchSettings {
  const batch: BatchSettings = {};
  setIf(batch, 'scheduledDelayMillis', envInteger(env, 'OTEL_BSP_SCHEDULE_DELAY', 0, warnings));
  setIf(batch, 'exportTimeoutMillis', envInteger(env, 'OTEL_BSP_EXPORT_TIMEOUT', 0, warnings));
  setIf(batch, 'maxQueueSize', envInteger(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 1, warnings));
  setIf(batch, 'maxExportBatchSize', envInteger(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 1, warnings));
  return batch;
}

function readSpanLimits(env: Env, warnings: string[]): SpanLimitSettings {
  const spanLimits: SpanLimitSettings = {};
  setIf(
    spanLimits,
    'attributeValueLengthLimit',
    envInteger(env, 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 0, warnings) ??
      envInteger(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', 0, warnings),
  );
  setIf(
    spanLimits,
    'attributeCountLimit',
    envInteger(env, 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 0, warnings) ??
      envInteger(env, 'OTEL_ATTRIBUTE_COUNT_LIMIT', 0, warnings),
  );
  setIf(spanLimits, 'eventCountLimit', envInteger(env, 'OTEL_SPAN_EVENT_COUNT_LIMIT', 0, warnings));
  setIf(spanLimits, 'linkCountLimit', envInteger(env, 'OTEL_SPAN_LINK_COUNT_LIMIT', 0, warnings));
  setIf(spanLimits, 'attributePerEventCountLimit', envInteger(env, 'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', 0, warnings));
  setIf(spanLimits, 'attributePerLinkCountLimit', envInteger(env, 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', 0, warnings));
  return spanLimits;
}
