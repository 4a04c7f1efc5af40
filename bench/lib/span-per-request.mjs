// Preloaded (`node --import`, bundled by the HTTP suite from OpenTelemetry's ES module builds, as
// instts bundles them) into the bare HTTP build: every request gets one SERVER span from the real
// OpenTelemetry SDK, written by hand the way a minimal tracer would: the parent extracted from
// the W3C headers, the span started with the attributes the HTTP conventions ask for at the start,
// the request run in its context (AsyncLocalStorage), the status code set and the span ended when
// the response finishes. No route name (no framework hooks) and no governance. What one span costs
// on this Node and SDK: the floor under any OpenTelemetry tracer, which instts's tracing row is
// compared with. OTEL_TRACES_EXPORTER=console (the suite's check) prints the spans; otherwise
// spans are made, sampled and dropped, as with exporter `none`.
import { context, propagation, trace, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ConsoleSpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import http from 'node:http';

const toConsole = process.env.OTEL_TRACES_EXPORTER === 'console';
const provider = new TracerProvider({
  spanProcessors: toConsole ? [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })] : [],
});
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
const tracer = trace.getTracer('span-per-request');

const SPAN = Symbol('span');
function onFinish() {
  const span = this[SPAN];
  span.setAttribute('http.response.status_code', this.statusCode);
  span.end();
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitInSpan(event, req, res) {
  if (event !== 'request') return Reflect.apply(emit, this, arguments);
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const host = req.headers.host ?? '';
  const colon = host.lastIndexOf(':');
  const span = tracer.startSpan(
    req.method ?? 'GET',
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': req.method,
        'url.path': q < 0 ? url : url.slice(0, q),
        'url.scheme': 'http',
        'server.address': colon > 0 ? host.slice(0, colon) : host,
        'server.port': req.socket.localPort,
        'client.address': req.socket.remoteAddress,
        'user_agent.original': req.headers['user-agent'],
        'network.protocol.version': req.httpVersion,
      },
    },
    parent,
  );
  res[SPAN] = span;
  res.on('finish', onFinish);
  return context.with(trace.setSpan(parent, span), Reflect.apply, undefined, emit, this, arguments);
};
