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
