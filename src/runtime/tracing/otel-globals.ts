// Whether the program (or another copy of the API in the same process) already registered an
// OpenTelemetry global. The API keeps its globals in one object under this symbol, shared by every
// copy of `@opentelemetry/api` 1.x in the process; reading it lets us leave a program's own
// provider, context manager, propagator or logger in place, without the "duplicate registration"
// error the API logs when a second one is set.

export type OtelGlobal = 'trace' | 'context' | 'propagation' | 'diag';

const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');

export function isGlobalRegistered(type: OtelGlobal): boolean {
  const api = (globalThis as unknown as Record<symbol, Record<string, unknown> | undefined>)[API_GLOBAL];
  return api !== undefined && api[type] !== undefined && api[type] !== null;
}

/** What {@link activeSpan} needs of a span: the calls a span of any API 1.x copy answers. */
export interface ActiveSpan {
  isRecording(): boolean;
  addEvent(name: string, attributes?: Record<string, string>): unknown;
}

// The API's key of the current span in a context (`createContextKey` is `Symbol.for`).
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');

/**
 * The span of the active context, read through the registered context manager without loading
 * `@opentelemetry/api` (governance-only builds stay free of it): undefined when no context manager
 * is registered or no span is active. Works with the program's own SDK as with instts's.
 */
export function activeSpan(): ActiveSpan | undefined {
  const api = (globalThis as unknown as Record<symbol, { context?: { active?: () => unknown } } | undefined>)[
    API_GLOBAL
  ];
  const manager = api?.context;
  if (manager === undefined || manager === null || typeof manager.active !== 'function') return undefined;
  const active = manager.active() as { getValue?: (key: symbol) => unknown } | undefined;
  const span = typeof active?.getValue === 'function' ? active.getValue(SPAN_KEY) : undefined;
  return typeof span === 'object' && span !== null && typeof (span as ActiveSpan).addEvent === 'function'
    ? (span as ActiveSpan)
    : undefined;
}
