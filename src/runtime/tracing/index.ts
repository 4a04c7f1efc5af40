// The tracing runtime: what the `trace` action's hooks call, and what programs may call directly.

export {
  startTracing,
  tracingEnabled,
  tracingStatus,
  getTracer,
  flushTracing,
  shutdownTracing,
  type StartTracingOptions,
  type TracingStatus,
  type ProviderOwner,
} from './setup.js';
export { injectHeaders, extractContext, type HeaderSource, type HeaderTarget } from './propagation.js';
export {
  startSpan,
  endSpanOk,
  endSpanError,
  errorType,
  contextWithSpan,
  runInContext,
  activeContext,
  toSpanKind,
  SpanKind,
  type SpanKindName,
} from './span-ops.js';
export {
  parsePath,
  readPath,
  formatPath,
  isParseError,
  PATH_ROOTS,
  type Path,
  type PathSegment,
  type ParseError,
  type ParsePathOptions,
} from './path.js';
export { parseNameTemplate, renderName, TEMPLATE_ROOTS, type NameTemplate, type NameValues } from './name-template.js';
export { readTracingConfig, type TracingConfig } from './env.js';
