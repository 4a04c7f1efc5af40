// OpenTelemetry severity numbers for a logging library's levels, as the OTel log instrumentations
// map them: TRACE 1, DEBUG 5, INFO 9, WARN 13, ERROR 17, FATAL 21.

import { SeverityNumber } from '@opentelemetry/api-logs';

/** The library's level values for the six OTel ranges (a missing one is skipped). */
export interface LevelScale {
  trace?: number;
  debug?: number;
  info?: number;
  warn?: number;
  error?: number;
  fatal?: number;
}

const RANGES = [
  ['trace', SeverityNumber.TRACE],
  ['debug', SeverityNumber.DEBUG],
  ['info', SeverityNumber.INFO],
  ['warn', SeverityNumber.WARN],
  ['error', SeverityNumber.ERROR],
  ['fatal', SeverityNumber.FATAL],
] as const;

/**
 * For libraries whose levels grow with severity (pino: 10 … 60): the highest range whose level
 * is at most `level` (a custom level of 35 is INFO); below every range, TRACE.
 */
export function severityOfNumber(level: number, scale: LevelScale): SeverityNumber {
  let severity: SeverityNumber = SeverityNumber.TRACE;
  for (const [name, number] of RANGES) {
    const value = scale[name];
    if (value !== undefined && level >= value) severity = number;
  }
  return severity;
}

/** For libraries with named levels (winston's npm levels); unknown names are UNSPECIFIED. */
export function severityOfName(level: string, names: Readonly<Record<string, SeverityNumber>>): SeverityNumber {
  return names[level] ?? SeverityNumber.UNSPECIFIED;
}
