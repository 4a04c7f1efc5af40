// esbuild reports warnings (and errors) of a file at positions of the text it was given: for an
// instrumented file, the rewritten text (`main.ts(7,322)` on a short line). The plugin remembers
// each rewrite's source map here, and diagnostics are moved back to the file as written.

import { originalPositionFor, TraceMap, type SourceMapInput } from '@jridgewell/trace-mapping';

interface Rewrite {
  map: SourceMapInput;
  trace?: TraceMap;
}

/** By absolute path; a later build of the same file (watch mode) replaces its entry. */
const rewrites = new Map<string, Rewrite>();

export function rememberRewrite(file: string, map: SourceMapInput): void {
  rewrites.set(file, { map });
}

export function forgetRewrite(file: string): void {
  rewrites.delete(file);
}

/**
 * The position in the file as written of a position esbuild reported (1-based line, 0-based
 * column in UTF-8 bytes of `lineText`); undefined when the file was not rewritten.
 */
export function originalLocation(
  file: string,
  line: number,
  byteColumn: number,
  lineText: string,
): { line: number; column: number } | undefined {
  const rewrite = rewrites.get(file);
  if (!rewrite) return undefined;
  const column = Buffer.from(lineText, 'utf8').subarray(0, byteColumn).toString('utf8').length;
  rewrite.trace ??= new TraceMap(rewrite.map);
  const found = originalPositionFor(rewrite.trace, { line, column });
  if (found.line === null || found.column === null) return undefined;
  return { line: found.line, column: found.column + 1 };
}
