// The process environment as the runtime reads it, in one place: the only reader of
// `process.env`, and the readers of one variable's value (string, boolean, list, integer).
// Injected code can run where there is no `process` (a browser-like sandbox, a vm context), so
// every read tolerates its absence. The readers take the environment as a record, so that
// configuration parsing stays pure and testable.
//
// Rules from the OpenTelemetry specification, used for every variable: an empty value is unset;
// enum values are case-insensitive; an unknown or invalid value gives one warning and is ignored.

export type Env = Readonly<Record<string, string | undefined>>;

/** The process environment, where there is one. */
export function processEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

/** A variable's value, trimmed; undefined when unset or empty. */
export function envString(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const value = raw.trim();
  return value === '' ? undefined : value;
}

/** Case-insensitive "true" is true; anything else is false (with a warning unless it is "false"). */
export function envBoolean(env: Env, name: string, warnings: string[]): boolean {
  const value = envString(env, name);
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower !== 'false') warnings.push(`${name}="${value}" is not a boolean (true or false); treated as false`);
  return false;
}

/** A comma-separated list, lower-cased, trimmed, without empty entries or duplicates. */
export function envList(env: Env, name: string): string[] | undefined {
  const value = envString(env, name);
  if (value === undefined) return undefined;
  const out: string[] = [];
  for (const item of value.split(',')) {
    const entry = item.trim().toLowerCase();
    if (entry !== '' && !out.includes(entry)) out.push(entry);
  }
  return out;
}

/** A whole number >= `min`; undefined (with a warning) when it is anything else. */
export function envInteger(env: Env, name: string, min: number, warnings: string[]): number | undefined {
  const value = envString(env, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    warnings.push(`${name}="${value}" is not an integer >= ${min}; ignored`);
    return undefined;
  }
  return n;
}

/** `OTEL_SDK_DISABLED=true`: no spans from any hook. */
export function sdkDisabled(): boolean {
  return envBoolean(processEnv(), 'OTEL_SDK_DISABLED', []);
}

const unavailableKey = Symbol.for('instts.governance.unavailable.v1');
const flags = globalThis as unknown as Record<symbol, boolean | undefined>;

/** The governance engine could not be loaded (said once on stderr): hooks act as if no policy were named. */
export function markGovernanceUnavailable(): void {
  flags[unavailableKey] = true;
}

/** `INSTTS_POLICY` names a file. */
function policyNamed(): boolean {
  const file = processEnv().INSTTS_POLICY;
  return typeof file === 'string' && file.trim() !== '';
}

/** A policy file is named (`INSTTS_POLICY`) and the engine can run: governance and lanes are on. */
export function policyConfigured(): boolean {
  return flags[unavailableKey] !== true && policyNamed();
}

// Per-call hooks (outbound HTTP, gRPC, AMQP, database calls) ask these on every call; a read of
// `process.env` costs about a microsecond (it goes through Node's native interceptor), and a
// running service does not change them. Read once per process; the engine's availability is
// still checked each time (it can fail to load later).
let sdkDisabledRead: boolean | undefined;
let policyNamedRead: boolean | undefined;

/** {@link sdkDisabled}, read once per process. */
export function sdkDisabledOnce(): boolean {
  return (sdkDisabledRead ??= sdkDisabled());
}

/** {@link policyConfigured}, with `INSTTS_POLICY` read once per process. */
export function policyConfiguredOnce(): boolean {
  return flags[unavailableKey] !== true && (policyNamedRead ??= policyNamed());
}

/** `INSTTS_DISABLE_RULES`: rule ids whose hooks stay off, `*` for all (case kept, unlike envList). */
export function disabledRuleIds(): string[] {
  return (processEnv().INSTTS_DISABLE_RULES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
