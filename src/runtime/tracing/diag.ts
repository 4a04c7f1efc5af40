// Tracing's own messages: OTEL_LOG_LEVEL installs a diagnostic logger that writes to stderr (the
// OpenTelemetry JS SDK installs one only when the variable is set, and so do we), and
// configuration warnings are printed once each.

import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { format } from 'node:util';
import { stderrSink } from '../log.js';
import type { LogLevelName } from './env.js';
import { isGlobalRegistered } from './otel-globals.js';

const LEVELS: Record<LogLevelName, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

function line(level: string, message: string, args: unknown[]): string {
  return `instts: otel ${level}: ${args.length > 0 ? format(message, ...args) : message}`;
}

/** A diagnostic logger that writes every level to stderr (stdout stays the program's own). */
export const stderrDiagLogger: DiagLogger = {
  error: (message, ...args) => stderrSink(line('error', message, args)),
  warn: (message, ...args) => stderrSink(line('warn', message, args)),
  info: (message, ...args) => stderrSink(line('info', message, args)),
  debug: (message, ...args) => stderrSink(line('debug', message, args)),
  verbose: (message, ...args) => stderrSink(line('verbose', message, args)),
};

let warnLevel: DiagLogLevel = DiagLogLevel.INFO;
// Once per process, whatever the number of copies of the runtime (see report.ts).
const WARNED = Symbol.for('instts.tracing.warned.v1');
const warned = ((globalThis as { [WARNED]?: Set<string> })[WARNED] ??= new Set<string>());

/**
 * Installs the stderr logger at `level`, unless the program registered a logger of its own.
 * With no level (OTEL_LOG_LEVEL unset) no logger is installed; warnings still print.
 */
export function setupDiagnostics(level: LogLevelName | undefined): void {
  if (level === undefined) return;
  warnLevel = LEVELS[level];
  if (isGlobalRegistered('diag')) return;
  diag.setLogger(stderrDiagLogger, { logLevel: LEVELS[level], suppressOverrideMessage: true });
}

/**
 * A configuration problem, said once per message: through the diagnostic logger when there is
 * one (the program's or ours), else on stderr, unless OTEL_LOG_LEVEL is below `warn`.
 */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  if (warnLevel < DiagLogLevel.WARN) return;
  if (isGlobalRegistered('diag')) diag.warn(message);
  else stderrSink(`instts: warning: ${message}`);
}
