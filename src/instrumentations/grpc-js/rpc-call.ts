// One gRPC call as instts sees it, on either side: its span, its governance entry, its end.
// Every span of this instrumentation starts and ends here (one place to add per-call metrics).

import { SpanStatusCode, type Attributes, type Context, type Span } from '@opentelemetry/api';
import type { Entry } from '../../runtime/governance/engine.js';
import { governance } from '../../runtime/governance/access.js';
import { reportOnce } from '../../runtime/report.js';
import { startSpan } from '../../runtime/tracing/span-ops.js';
import { spanTime } from '../../runtime/tracing/clock.js';
import { metricsEnabled, recordDuration, secondsSince } from '../../runtime/metrics/setup.js';
import { GRPC_STATUS } from '../../runtime/governance/grpc-status.js';

export { GRPC_STATUS };

/** Status codes a server span reports as errors (OTel RPC conventions); a client span errs on every non-OK code. */
const SERVER_ERROR_CODES = new Set([2, 4, 12, 13, 14, 15]);

export const RPC_ATTR = {
  system: 'rpc.system',
  service: 'rpc.service',
  method: 'rpc.method',
  statusCode: 'rpc.grpc.status_code',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  clientAddress: 'client.address',
  errorType: 'error.type',
} as const;

/** `/package.Service/Method` → `package.Service` and `Method`. */
export function splitPath(path: string): { service: string; method: string } {
  const slash = path.lastIndexOf('/');
  if (slash <= 0) return { service: '', method: path.replace(/^\//, '') };
  return { service: path.slice(path.startsWith('/') ? 1 : 0, slash), method: path.slice(slash + 1) };
}

export class RpcCall {
  readonly path: string;
  readonly side: 'server' | 'client';
  span: Span | undefined = undefined;
  entry: Entry | undefined = undefined;
  /** `performance.now()` when the call began, when metrics are on. */
  private readonly startedAt: number | undefined;
  private ended = false;

  constructor(path: string, side: 'server' | 'client') {
    this.path = path;
    this.side = side;
    this.startedAt = metricsEnabled() ? performance.now() : undefined;
  }

  /** Starts the call's span under `parent`; `attributes` adds to the RPC ones. */
  startSpan(parent: Context, attributes: Attributes): Span {
    const { service, method } = splitPath(this.path);
    const all: Attributes = {
      [RPC_ATTR.system]: 'grpc',
      [RPC_ATTR.service]: service,
      [RPC_ATTR.method]: method,
      ...attributes,
    };
    this.span = startSpan(service === '' ? method : `${service}/${method}`, this.side, all, parent);
    return this.span;
  }

  /** The call ended with gRPC status `code` (`details`: its message). Once; never throws. */
  end(code: number, details?: string): void {
    if (this.ended) return;
    this.ended = true;
    try {
      const failed = this.side === 'client' ? code !== 0 : SERVER_ERROR_CODES.has(code);
      const entry = this.entry;
      if (entry !== undefined) {
        if (code === 1) governance().exit(entry, { aborted: true });
        else governance().exit(entry, failed ? { error: new Error(`gRPC status ${code}`) } : {});
      }
      if (this.startedAt !== undefined) this.recordMetric(code, failed);
      const span = this.span;
      if (span === undefined) return;
      span.setAttribute(RPC_ATTR.statusCode, code);
      if (failed) {
        span.setAttribute(RPC_ATTR.errorType, statusName(code));
        span.setStatus({ code: SpanStatusCode.ERROR, message: details });
      }
      span.end(spanTime());
    } catch (error) {
      reportOnce('gRPC call end', error);
    }
  }

  /** `rpc.server.duration` / `rpc.client.duration` (milliseconds, as the conventions say). */
  private recordMetric(code: number, failed: boolean): void {
    const { service, method } = splitPath(this.path);
    const attributes: Attributes = {
      [RPC_ATTR.system]: 'grpc',
      [RPC_ATTR.service]: service,
      [RPC_ATTR.method]: method,
      [RPC_ATTR.statusCode]: code,
    };
    if (failed) attributes[RPC_ATTR.errorType] = statusName(code);
    recordDuration(this.side === 'server' ? 'rpcServer' : 'rpcClient', secondsSince(this.startedAt!), attributes);
  }
}

export function statusName(code: number): string {
  for (const [name, value] of Object.entries(GRPC_STATUS)) if (value === code) return name;
  return String(code);
}
