// A real OTLP/HTTP traces, metrics and logs endpoint for tests, on 127.0.0.1 and a free port. It
// decodes ExportTraceServiceRequest (on /v1/traces), ExportMetricsServiceRequest (on
// /v1/metrics) and ExportLogsServiceRequest (on /v1/logs) in both encodings the exporters send: binary protobuf (application/x-protobuf,
// decoded with protobufjs from the OTLP schema below) and OTLP JSON (application/json, hex ids).
// Every request is recorded, whatever its path or content.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import protobuf from 'protobufjs';

// opentelemetry-proto: common/v1, resource/v1, trace/v1 and collector/trace/v1, the fields a
// trace export carries (field numbers as in the published .proto files).
const OTLP_PROTO = `
syntax = "proto3";
package otlp;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }

message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }

message ResourceSpans {
  Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
  string schema_url = 3;
}
message ScopeSpans {
  InstrumentationScope scope = 1;
  repeated Span spans = 2;
  string schema_url = 3;
}
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  fixed32 flags = 16;
  string name = 5;
  enum SpanKind {
    SPAN_KIND_UNSPECIFIED = 0;
    SPAN_KIND_INTERNAL = 1;
    SPAN_KIND_SERVER = 2;
    SPAN_KIND_CLIENT = 3;
    SPAN_KIND_PRODUCER = 4;
    SPAN_KIND_CONSUMER = 5;
  }
  SpanKind kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  message Event {
    fixed64 time_unix_nano = 1;
    string name = 2;
    repeated KeyValue attributes = 3;
    uint32 dropped_attributes_count = 4;
  }
  repeated Event events = 11;
  uint32 dropped_events_count = 12;
  message Link {
    bytes trace_id = 1;
    bytes span_id = 2;
    string trace_state = 3;
    repeated KeyValue attributes = 4;
    uint32 dropped_attributes_count = 5;
    fixed32 flags = 6;
  }
  repeated Link links = 13;
  uint32 dropped_links_count = 14;
  Status status = 15;
}
message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
message ResourceMetrics {
  Resource resource = 1;
  repeated ScopeMetrics scope_metrics = 2;
  string schema_url = 3;
}
message ScopeMetrics {
  InstrumentationScope scope = 1;
  repeated Metric metrics = 2;
  string schema_url = 3;
}
message Metric {
  string name = 1;
  string description = 2;
  string unit = 3;
  oneof data {
    Gauge gauge = 5;
    Sum sum = 7;
    Histogram histogram = 9;
  }
}
message Gauge { repeated NumberDataPoint data_points = 1; }
message Sum { repeated NumberDataPoint data_points = 1; int32 aggregation_temporality = 2; bool is_monotonic = 3; }
message Histogram { repeated HistogramDataPoint data_points = 1; int32 aggregation_temporality = 2; }
message NumberDataPoint {
  repeated KeyValue attributes = 7;
  fixed64 start_time_unix_nano = 2;
  fixed64 time_unix_nano = 3;
  oneof value {
    double as_double = 4;
    sfixed64 as_int = 6;
  }
}
message HistogramDataPoint {
  repeated KeyValue attributes = 9;
  fixed64 start_time_unix_nano = 2;
  fixed64 time_unix_nano = 3;
  fixed64 count = 4;
  double sum = 5;
  repeated fixed64 bucket_counts = 6;
  repeated double explicit_bounds = 7;
  double min = 11;
  double max = 12;
}

message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
message ResourceLogs {
  Resource resource = 1;
  repeated ScopeLogs scope_logs = 2;
  string schema_url = 3;
}
message ScopeLogs {
  InstrumentationScope scope = 1;
  repeated LogRecord log_records = 2;
  string schema_url = 3;
}
message LogRecord {
  fixed64 time_unix_nano = 1;
  fixed64 observed_time_unix_nano = 11;
  int32 severity_number = 2;
  string severity_text = 3;
  AnyValue body = 5;
  repeated KeyValue attributes = 6;
  uint32 dropped_attributes_count = 7;
  fixed32 flags = 8;
  bytes trace_id = 9;
  bytes span_id = 10;
  string event_name = 12;
}

message Status {
  string message = 2;
  enum StatusCode {
    STATUS_CODE_UNSET = 0;
    STATUS_CODE_OK = 1;
    STATUS_CODE_ERROR = 2;
  }
  StatusCode code = 3;
}
`;

const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
const RequestType = root.lookupType('otlp.ExportTraceServiceRequest');
const MetricsRequestType = root.lookupType('otlp.ExportMetricsServiceRequest');
const LogsRequestType = root.lookupType('otlp.ExportLogsServiceRequest');

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type PlainAttributes = Record<string, AttributeValue>;

export type DecodedSpanKind = 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  kind: DecodedSpanKind;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: PlainAttributes;
  status: { code: 'UNSET' | 'OK' | 'ERROR'; message: string };
  events: { name: string; timeUnixNano: string; attributes: PlainAttributes }[];
  links: { traceId: string; spanId: string; attributes: PlainAttributes }[];
  resource: PlainAttributes;
  scope: { name: string; version: string };
  /** Which encoding brought it. */
  encoding: 'protobuf' | 'json';
}

/** One data point of one exported metric, flattened. */
export interface DecodedMetricPoint {
  name: string;
  unit: string;
  type: 'gauge' | 'sum' | 'histogram';
  /** Sums only. */
  isMonotonic: boolean;
  attributes: PlainAttributes;
  resource: PlainAttributes;
  scope: string;
  /** Export time of this point (ns, as a decimal string). */
  timeUnixNano: string;
  /** Gauges and sums. */
  value: number;
  /** Histograms. */
  count: number;
  sum: number;
  bucketCounts: number[];
  explicitBounds: number[];
  encoding: 'protobuf' | 'json';
}

/** One exported log record, flattened. */
export interface DecodedLogRecord {
  timeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: AttributeValue;
  attributes: PlainAttributes;
  /** '' when the record names no span. */
  traceId: string;
  spanId: string;
  flags: number;
  resource: PlainAttributes;
  scope: { name: string; version: string };
  encoding: 'protobuf' | 'json';
}

export interface ReceivedRequest {
  method: string;
  path: string;
  contentType: string;
  contentEncoding: string;
  headers: http.IncomingHttpHeaders;
  bodyBytes: number;
  /** Spans decoded from this request. */
  spanCount: number;
  /** Metric data points decoded from this request. */
  metricPointCount: number;
  /** Log records decoded from this request. */
  logRecordCount: number;
  /** Why the body could not be decoded, when it could not. */
  error?: string;
}

export interface OtlpReceiver {
  /** Base URL, for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter adds /v1/traces). */
  url: string;
  /** Full traces URL, for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  tracesUrl: string;
  spans(): DecodedSpan[];
  /** Resolves with all spans once at least `n` arrived; rejects after `timeoutMs` with what did. */
  waitForSpans(n: number, timeoutMs?: number): Promise<DecodedSpan[]>;
  /** Full metrics URL, for OTEL_EXPORTER_OTLP_METRICS_ENDPOINT. */
  metricsUrl: string;
  /** Every metric data point received, in arrival order (cumulative points repeat with each export). */
  metricPoints(): DecodedMetricPoint[];
  /** Full logs URL, for OTEL_EXPORTER_OTLP_LOGS_ENDPOINT. */
  logsUrl: string;
  /** Every log record received, in arrival order. */
  logRecords(): DecodedLogRecord[];
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export interface OtlpReceiverOptions {
  /** Paths answered with 200. Default ['/v1/traces', '/v1/metrics', '/v1/logs']; others get 404 (and are still recorded). */
  paths?: string[];
}

// --- decoding ---------------------------------------------------------------------------------

type Json = any; // decoded wire data: shapes checked field by field below

const KIND_NAMES: DecodedSpanKind[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'] as const;

function hex(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.toLowerCase(); // OTLP JSON: already hex
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return '';
}

function kindName(value: unknown): DecodedSpanKind {
  if (typeof value === 'number') return KIND_NAMES[value] ?? 'UNSPECIFIED';
  if (typeof value === 'string') {
    const name = value.replace(/^SPAN_KIND_/, '') as DecodedSpanKind;
    return KIND_NAMES.includes(name) ? name : 'UNSPECIFIED';
  }
  return 'UNSPECIFIED';
}

function statusName(value: unknown): DecodedSpan['status']['code'] {
  if (typeof value === 'number') return STATUS_NAMES[value] ?? 'UNSET';
  if (typeof value === 'string') {
    const name = value.replace(/^STATUS_CODE_/, '');
    return (STATUS_NAMES as readonly string[]).includes(name) ? (name as DecodedSpan['status']['code']) : 'UNSET';
  }
  return 'UNSET';
}

function time(value: unknown): string {
  if (value === undefined || value === null) return '0';
  return String(value);
}

function anyValue(value: Json): AttributeValue {
  if (value === undefined || value === null) return null;
  if (value.stringValue !== undefined && value.stringValue !== null) return String(value.stringValue);
  if (value.boolValue !== undefined && value.boolValue !== null) return Boolean(value.boolValue);
  if (value.intValue !== undefined && value.intValue !== null) return Number(value.intValue);
  if (value.doubleValue !== undefined && value.doubleValue !== null) return Number(value.doubleValue);
  if (value.arrayValue) return ((value.arrayValue.values ?? []) as Json[]).map(anyValue);
  if (value.kvlistValue) return keyValues(value.kvlistValue.values);
  if (value.bytesValue !== undefined && value.bytesValue !== null) return hex(value.bytesValue);
  return null;
}

function keyValues(list: Json): PlainAttributes {
  const out: PlainAttributes = {};
  for (const kv of (list ?? []) as Json[]) out[String(kv.key)] = anyValue(kv.value);
  return out;
}

/** Flattens a request (protobufjs object or OTLP JSON, both camelCase) into spans. */
function flatten(request: Json, encoding: DecodedSpan['encoding']): DecodedSpan[] {
  const spans: DecodedSpan[] = [];
  for (const rs of (request?.resourceSpans ?? []) as Json[]) {
    const resource = keyValues(rs.resource?.attributes);
    for (const ss of (rs.scopeSpans ?? []) as Json[]) {
      const scope = { name: String(ss.scope?.name ?? ''), version: String(ss.scope?.version ?? '') };
      for (const span of (ss.spans ?? []) as Json[]) {
        spans.push({
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          parentSpanId: hex(span.parentSpanId),
          traceState: String(span.traceState ?? ''),
          flags: Number(span.flags ?? 0),
          name: String(span.name ?? ''),
          kind: kindName(span.kind),
          startTimeUnixNano: time(span.startTimeUnixNano),
          endTimeUnixNano: time(span.endTimeUnixNano),
          attributes: keyValues(span.attributes),
          status: { code: statusName(span.status?.code), message: String(span.status?.message ?? '') },
          events: ((span.events ?? []) as Json[]).map((e) => ({
            name: String(e.name ?? ''),
            timeUnixNano: time(e.timeUnixNano),
            attributes: keyValues(e.attributes),
          })),
          links: ((span.links ?? []) as Json[]).map((l) => ({
            traceId: hex(l.traceId),
            spanId: hex(l.spanId),
            attributes: keyValues(l.attributes),
          })),
          resource,
          scope,
          encoding,
        });
      }
    }
  }
  return spans;
}

function flattenMetrics(request: Json, encoding: DecodedMetricPoint['encoding']): DecodedMetricPoint[] {
  const points: DecodedMetricPoint[] = [];
  for (const rm of (request?.resourceMetrics ?? []) as Json[]) {
    const resource = keyValues(rm.resource?.attributes);
    for (const sm of (rm.scopeMetrics ?? []) as Json[]) {
      const scope = String(sm.scope?.name ?? '');
      for (const metric of (sm.metrics ?? []) as Json[]) {
        const type: DecodedMetricPoint['type'] | undefined = metric.histogram
          ? 'histogram'
          : metric.sum
            ? 'sum'
            : metric.gauge
              ? 'gauge'
              : undefined;
        if (type === undefined) continue;
        const data = metric[type];
        for (const p of (data.dataPoints ?? []) as Json[]) {
          points.push({
            name: String(metric.name ?? ''),
            unit: String(metric.unit ?? ''),
            type,
            isMonotonic: Boolean(data.isMonotonic),
            attributes: keyValues(p.attributes),
            resource,
            scope,
            timeUnixNano: time(p.timeUnixNano),
            value: Number(p.asDouble ?? p.asInt ?? 0),
            count: Number(p.count ?? 0),
            sum: Number(p.sum ?? 0),
            bucketCounts: ((p.bucketCounts ?? []) as unknown[]).map(Number),
            explicitBounds: ((p.explicitBounds ?? []) as unknown[]).map(Number),
            encoding,
          });
        }
      }
    }
  }
  return points;
}

function flattenLogs(request: Json, encoding: DecodedLogRecord['encoding']): DecodedLogRecord[] {
  const records: DecodedLogRecord[] = [];
  for (const rl of (request?.resourceLogs ?? []) as Json[]) {
    const resource = keyValues(rl.resource?.attributes);
    for (const sl of (rl.scopeLogs ?? []) as Json[]) {
      const scope = { name: String(sl.scope?.name ?? ''), version: String(sl.scope?.version ?? '') };
      for (const r of (sl.logRecords ?? []) as Json[]) {
        records.push({
          timeUnixNano: time(r.timeUnixNano),
          severityNumber: Number(r.severityNumber ?? 0),
          severityText: String(r.severityText ?? ''),
          body: anyValue(r.body),
          attributes: keyValues(r.attributes),
          traceId: hex(r.traceId),
          spanId: hex(r.spanId),
          flags: Number(r.flags ?? 0),
          resource,
          scope,
          encoding,
        });
      }
    }
  }
  return records;
}

export function decodeProtobufLogsRequest(body: Uint8Array): DecodedLogRecord[] {
  const object = LogsRequestType.toObject(LogsRequestType.decode(body), { longs: String, enums: Number });
  return flattenLogs(object, 'protobuf');
}

export function decodeJsonLogsRequest(body: string): DecodedLogRecord[] {
  return flattenLogs(JSON.parse(body), 'json');
}

export function decodeProtobufMetricsRequest(body: Uint8Array): DecodedMetricPoint[] {
  const object = MetricsRequestType.toObject(MetricsRequestType.decode(body), { longs: String, enums: Number });
  return flattenMetrics(object, 'protobuf');
}

export function decodeJsonMetricsRequest(body: string): DecodedMetricPoint[] {
  return flattenMetrics(JSON.parse(body), 'json');
}

export function decodeProtobufRequest(body: Uint8Array): DecodedSpan[] {
  const message = RequestType.decode(body);
  const object = RequestType.toObject(message, { longs: String, enums: Number }); // bytes stay Uint8Array
  return flatten(object, 'protobuf');
}

export function decodeJsonRequest(body: string): DecodedSpan[] {
  return flatten(JSON.parse(body), 'json');
}

// --- server -----------------------------------------------------------------------------------

export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const paths = options.paths ?? ['/v1/traces', '/v1/metrics', '/v1/logs'];
  const received: DecodedSpan[] = [];
  const metricPoints: DecodedMetricPoint[] = [];
  const logRecords: DecodedLogRecord[] = [];
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const contentType = String(req.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      const contentEncoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
      let body: Buffer = Buffer.concat(chunks);
      const record: ReceivedRequest = {
        method: req.method ?? '',
        path,
        contentType,
        contentEncoding,
        headers: req.headers,
        bodyBytes: body.length,
        spanCount: 0,
        metricPointCount: 0,
        logRecordCount: 0,
      };
      requests.push(record);
      if (req.method !== 'POST' || !paths.includes(path)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        notify();
        return;
      }
      let spans: DecodedSpan[] = [];
      let points: DecodedMetricPoint[] = [];
      let logs: DecodedLogRecord[] = [];
      const isMetrics = path.endsWith('/v1/metrics');
      const isLogs = path.endsWith('/v1/logs');
      try {
        if (contentEncoding === 'gzip') body = zlib.gunzipSync(body);
        if (contentType === 'application/x-protobuf') {
          if (isMetrics) points = decodeProtobufMetricsRequest(body);
          else if (isLogs) logs = decodeProtobufLogsRequest(body);
          else spans = decodeProtobufRequest(body);
        } else if (contentType === 'application/json') {
          if (isMetrics) points = decodeJsonMetricsRequest(body.toString('utf8'));
          else if (isLogs) logs = decodeJsonLogsRequest(body.toString('utf8'));
          else spans = decodeJsonRequest(body.toString('utf8'));
        } else throw new Error(`unsupported content type '${contentType}'`);
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
        res.writeHead(400, { 'content-type': 'text/plain' }).end(record.error);
        notify();
        return;
      }
      record.spanCount = spans.length;
      record.metricPointCount = points.length;
      record.logRecordCount = logs.length;
      received.push(...spans);
      metricPoints.push(...points);
      logRecords.push(...logs);
      // An empty ExportTraceServiceResponse: no bytes in protobuf, `{}` in JSON.
      if (contentType === 'application/json') res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      notify();
    });
  });

  function notify(): void {
    for (const waiter of [...waiters]) waiter();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    tracesUrl: `${url}/v1/traces`,
    metricsUrl: `${url}/v1/metrics`,
    metricPoints: () => metricPoints.slice(),
    logsUrl: `${url}/v1/logs`,
    logRecords: () => logRecords.slice(),
    requests,
    spans: () => received.slice(),
    waitForSpans(n, timeoutMs = 10_000) {
      return new Promise<DecodedSpan[]>((resolve, reject) => {
        const check = (): void => {
          if (received.length >= n) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(received.slice());
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `waited ${timeoutMs} ms for ${n} span(s), got ${received.length}: ` +
                JSON.stringify(received.map((s) => s.name)) +
                ` in ${requests.length} request(s)`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
