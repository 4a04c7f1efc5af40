// readTracingConfig: the OpenTelemetry environment variables read as the specification says.

import { describe, expect, it } from 'vitest';
import { parseResourceAttributes, readTracingConfig } from '../../src/runtime/tracing/env.js';

describe('readTracingConfig', () => {
  it('defaults', () => {
    const c = readTracingConfig({});
    expect(c).toMatchObject({
      sdkDisabled: false,
      serviceName: undefined,
      resourceAttributes: {},
      exporters: ['otlp'],
      protocol: 'http/protobuf',
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      propagators: ['tracecontext', 'baggage'],
      logLevel: undefined,
      batch: {},
      spanLimits: {},
      warnings: [],
    });
  });

  it('treats empty values as unset and enum values case-insensitively, deduplicating lists', () => {
    const c = readTracingConfig({
      OTEL_SDK_DISABLED: '',
      OTEL_SERVICE_NAME: '  ',
      OTEL_TRACES_EXPORTER: ' OTLP , console,otlp ',
      OTEL_PROPAGATORS: 'B3,b3, TraceContext',
      OTEL_TRACES_SAMPLER: 'ALWAYS_OFF',
      OTEL_LOG_LEVEL: 'Debug',
    });
    expect(c.sdkDisabled).toBe(false);
    expect(c.serviceName).toBeUndefined();
    expect(c.exporters).toEqual(['otlp', 'console']);
    expect(c.propagators).toEqual(['b3', 'tracecontext']);
    expect(c.sampler).toBe('always_off');
    expect(c.logLevel).toBe('debug');
    expect(c.warnings).toEqual([]);
  });

  it('OTEL_SDK_DISABLED: only a case-insensitive "true" disables; other values warn', () => {
    expect(readTracingConfig({ OTEL_SDK_DISABLED: 'True' }).sdkDisabled).toBe(true);
    expect(readTracingConfig({ OTEL_SDK_DISABLED: 'false' })).toMatchObject({ sdkDisabled: false, warnings: [] });
    const one = readTracingConfig({ OTEL_SDK_DISABLED: '1' });
    expect(one.sdkDisabled).toBe(false);
    expect(one.warnings).toEqual(['OTEL_SDK_DISABLED="1" is not a boolean (true or false); treated as false']);
  });

  it('exporter none: alone nothing is exported; with others it is ignored', () => {
    expect(readTracingConfig({ OTEL_TRACES_EXPORTER: 'none' })).toMatchObject({ exporters: [], warnings: [] });
    const mixed = readTracingConfig({ OTEL_TRACES_EXPORTER: 'none,console' });
    expect(mixed.exporters).toEqual(['console']);
    expect(mixed.warnings).toHaveLength(1);
  });

  it('protocol: the traces variable wins; grpc and unknown values fall back to http/protobuf with a warning', () => {
    expect(readTracingConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).protocol).toBe('http/json');
    expect(
      readTracingConfig({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      }).protocol,
    ).toBe('http/protobuf');
    for (const value of ['grpc', 'thrift']) {
      const c = readTracingConfig({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: value });
      expect(c.protocol).toBe('http/protobuf');
      expect(c.warnings[0]).toMatch(/^OTEL_EXPORTER_OTLP_TRACES_PROTOCOL/);
    }
  });

  it('sampler argument: used by the ratio samplers only, validated to [0, 1]', () => {
    expect(
      readTracingConfig({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).samplerRatio,
    ).toBe(0.25);
    expect(readTracingConfig({ OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: 'junk' })).toMatchObject({
      samplerRatio: 1,
      warnings: [],
    });
    for (const arg of ['-0.1', '1.5', 'half']) {
      const c = readTracingConfig({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: arg });
      expect(c.samplerRatio).toBe(1);
      expect(c.warnings).toHaveLength(1);
    }
  });

  it('OTEL_BSP_* and span limits: integers, invalid values warned about and ignored', () => {
    const c = readTracingConfig({
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_BSP_EXPORT_TIMEOUT: '1000',
      OTEL_BSP_MAX_QUEUE_SIZE: '0',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1.5',
      OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '64',
      OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '10',
      OTEL_ATTRIBUTE_COUNT_LIMIT: '20',
      OTEL_SPAN_EVENT_COUNT_LIMIT: '3',
    });
    expect(c.batch).toEqual({ scheduledDelayMillis: 200, exportTimeoutMillis: 1000 });
    expect(c.spanLimits).toEqual({ attributeValueLengthLimit: 64, attributeCountLimit: 10, eventCountLimit: 3 });
    expect(c.warnings).toEqual([
      'OTEL_BSP_MAX_QUEUE_SIZE="0" is not an integer >= 1; ignored',
      'OTEL_BSP_MAX_EXPORT_BATCH_SIZE="1.5" is not an integer >= 1; ignored',
    ]);
  });

  it('OTEL_LOG_LEVEL: unknown values warn and mean info', () => {
    expect(readTracingConfig({ OTEL_LOG_LEVEL: 'loud' })).toMatchObject({
      logLevel: 'info',
      warnings: [expect.stringMatching(/OTEL_LOG_LEVEL/)],
    });
  });
});

describe('parseResourceAttributes', () => {
  it('splits, trims and percent-decodes', () => {
    expect(parseResourceAttributes('a=1, b = x%2Cy ,c%3Dd=%E2%9C%93,,')).toEqual({
      ok: true,
      attributes: { a: '1', b: 'x,y', 'c=d': '✓' },
    });
    expect(parseResourceAttributes('empty=')).toEqual({ ok: true, attributes: { empty: '' } });
  });

  it('rejects the whole value on any bad entry', () => {
    expect(parseResourceAttributes('a=1,b').ok).toBe(false);
    expect(parseResourceAttributes('a=1=2').ok).toBe(false);
    expect(parseResourceAttributes('=1').ok).toBe(false);
    expect(parseResourceAttributes('a=%E2%9C').ok).toBe(false);
  });
});
