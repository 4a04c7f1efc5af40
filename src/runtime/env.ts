// The process environment as the runtime reads it, in one place: injected code can run where
// there is no `process` (a browser-like sandbox, a vm context), so every read tolerates its absence.

import { envBoolean } from './tracing/env.js';

/** The process environment, where there is one. */
export function processEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

/** `OTEL_SDK_DISABLED=true`: no spans from any hook. */
export function sdkDisabled(): boolean {
  return envBoolean(processEnv(), 'OTEL_SDK_DISABLED', []);
}

/** A policy file is named (`INSTTS_POLICY`): governance and lanes are on. */
export function policyConfigured(): boolean {
  const file = processEnv().INSTTS_POLICY;
  return typeof file === 'string' && file.trim() !== '';
}
