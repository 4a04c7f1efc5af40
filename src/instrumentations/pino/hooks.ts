// pino: the correlation fields go into the object asJson serializes. asJson gets the object of
// the log call as pino merged it (call object, mixin, `{ err }` for an Error) and may be handed
// the caller's own object: it is never changed, the hook passes a new object holding the
// correlation fields first and then the same own properties (asJson itself only writes own
// enumerable keys). A field of the same name in the record wins and keeps its place.
// Outside any span the hook returns after one check and the record is untouched.

import type { HookContext } from '../../runtime/context.js';
import { CORRELATION_KEYS, correlationFields } from '../../runtime/logs/correlation.js';

/** onEnter of pino's asJson(obj, msg, num, time). */
export function onRecord(ctx: HookContext): void {
  const fields = correlationFields();
  if (fields === undefined) return;
  const record = ctx.args[0];
  if (typeof record !== 'object' || record === null) return;
  const merged: Record<string, unknown> = {};
  // A key the record has keeps its value and its place among the record's own keys.
  for (const key of CORRELATION_KEYS) {
    if (fields[key] !== undefined && !Object.prototype.hasOwnProperty.call(record, key)) merged[key] = fields[key];
  }
  ctx.args[0] = Object.assign(merged, record);
}
