import { SeverityNumber } from '@opentelemetry/api-logs';
import { describe, expect, it } from 'vitest';
import { readLogsConfig } from './env.js';
import { severityOfName, severityOfNumber } from './severity.js';

describe('OTEL_LOGS_EXPORTER', () => {
  it('unset or none: nothing exported; otlp and console as listed; unknown names warn', () => {
    expect(readLogsConfig({}).exporters).toEqual([]);
    expect(readLogsConfig({ OTEL_LOGS_EXPORTER: 'none' }).exporters).toEqual([]);
    expect(readLogsConfig({ OTEL_LOGS_EXPORTER: ' OTLP, console ' }).exporters).toEqual(['otlp', 'console']);
    const odd = readLogsConfig({ OTEL_LOGS_EXPORTER: 'otlp,zipkin,none' });
    expect(odd.exporters).toEqual(['otlp']);
    expect(odd.warnings).toEqual([
      'OTEL_LOGS_EXPORTER "zipkin" is not a known exporter (otlp, console, none); ignored',
      'OTEL_LOGS_EXPORTER lists "none" with other exporters; "none" ignored',
    ]);
  });

  it('OTEL_SDK_DISABLED turns the export off', () => {
    expect(readLogsConfig({ OTEL_LOGS_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }).exporters).toEqual([]);
  });

  it('the logs protocol wins over the general one; grpc is not supported and says so', () => {
    expect(readLogsConfig({ OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).protocol).toBe(
      'http/json',
    );
    expect(
      readLogsConfig({
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf',
      }).protocol,
    ).toBe('http/protobuf');
    const grpc = readLogsConfig({ OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'grpc' });
    expect([grpc.protocol, grpc.warnings]).toEqual([
      'http/protobuf',
      [
        'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL="grpc" is not supported for logs (http/protobuf, http/json); using http/protobuf',
      ],
    ]);
  });
});

describe('severity', () => {
  const pino = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
  it('pino numbers: the range at or below the level', () => {
    expect([5, 10, 20, 30, 35, 40, 50, 60, 70].map((n) => severityOfNumber(n, pino))).toEqual([
      SeverityNumber.TRACE,
      SeverityNumber.TRACE,
      SeverityNumber.DEBUG,
      SeverityNumber.INFO,
      SeverityNumber.INFO,
      SeverityNumber.WARN,
      SeverityNumber.ERROR,
      SeverityNumber.FATAL,
      SeverityNumber.FATAL,
    ]);
  });
  it('named levels: known names mapped, others unspecified', () => {
    expect(severityOfName('warn', { warn: SeverityNumber.WARN })).toBe(SeverityNumber.WARN);
    expect(severityOfName('notice', { warn: SeverityNumber.WARN })).toBe(SeverityNumber.UNSPECIFIED);
  });
});
