// winston 3: a record (winston's `info` object) reaches the logger's format in Logger#_transform,
// which a stream under back-pressure may run later, in another request's context. So the fields
// are read where the application logs, never in _transform:
//   - Logger#log builds the record itself; its onEnter takes the fields of the active span and
//     the first _transform run while it is on the stack (winston writes synchronously when the
//     stream is not backed up) writes them into that record; onExit drops what was not used, so
//     a record transformed later carries no fields rather than wrong ones;
//   - the level methods called with one argument (`logger.info({ message })`, `logger.info('x')`)
//     and Logger#log with one info object go through Logger#_addDefaultMeta with the record in
//     hand: the fields are written there.
// Fields go onto winston's record like the OpenTelemetry winston instrumentation does (the same
// object formats and transports get); a field of the same name the application set wins.
// Outside any span each hook returns after one check.

import type { HookContext } from '../../runtime/context.js';
import { addMissingFields, correlationFields, type CorrelationFields } from '../../runtime/logs/correlation.js';

/** Fields taken by a Logger#log in progress, waiting for its record's _transform. */
let pending: CorrelationFields | undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** onEnter of Logger#log. */
export function onLog(): void {
  pending = correlationFields();
}

/** onExit of Logger#log: fields its record did not take (it was queued) are dropped. */
export function onLogReturned(): void {
  pending = undefined;
}

/** onEnter of Logger#_addDefaultMeta(info). */
export function onInfoObject(ctx: HookContext): void {
  const fields = correlationFields();
  if (fields === undefined) return;
  const record = ctx.args[0];
  if (isRecord(record)) addMissingFields(record, fields);
}

/** onEnter of Logger#_transform(info, enc, callback). */
export function onRecord(ctx: HookContext): void {
  if (pending === undefined) return;
  const fields = pending;
  pending = undefined;
  const record = ctx.args[0];
  if (isRecord(record)) addMissingFields(record, fields);
}
