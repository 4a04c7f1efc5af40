// Source-map lines for text with CR, U+2028 or U+2029 line terminators. magic-string counts
// lines by `\n` alone; JavaScript engines (stack traces) and esbuild (which chains our map into
// the bundle's) count every line terminator. A map made by `\n` alone puts every position after
// such a character on the wrong line (a CR-only file maps everything to line 1). The mappings are
// converted: each segment's generated and original positions are re-counted by all terminators.

import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';

const OTHER_TERMINATOR = /\r(?!\n)|[\u2028\u2029]/;

/** True when the text has a line terminator other than `\n` and `\r\n`. */
export function hasOtherLineTerminators(text: string): boolean {
  return OTHER_TERMINATOR.test(text);
}

/** Offsets where lines start: after `\n` only, or after every JavaScript line terminator. */
export function lineStarts(text: string, everyTerminator: boolean): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) starts.push(i + 1);
    else if (everyTerminator && (c === 0x2028 || c === 0x2029 || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)))
      starts.push(i + 1);
  }
  return starts;
}

/** The line (0-based) holding `offset`. */
export function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Mappings of a map whose lines were counted by `\n` alone, re-counted by every terminator. */
export function recountMappings(mappings: string, generated: string, original: string): string {
  const genByNewline = lineStarts(generated, false);
  const genAll = lineStarts(generated, true);
  const origByNewline = lineStarts(original, false);
  const origAll = lineStarts(original, true);
  const lines: SourceMapSegment[][] = genAll.map(() => []);
  decode(mappings).forEach((segments, line) => {
    for (const segment of segments) {
      const genOffset = genByNewline[line]! + segment[0];
      const genLine = lineOf(genAll, genOffset);
      if (segment.length === 1) {
        lines[genLine]!.push([genOffset - genAll[genLine]!]);
        continue;
      }
      const origOffset = origByNewline[segment[2]]! + segment[3];
      const origLine = lineOf(origAll, origOffset);
      const moved: SourceMapSegment =
        segment.length === 5
          ? [genOffset - genAll[genLine]!, segment[1], origLine, origOffset - origAll[origLine]!, segment[4]]
          : [genOffset - genAll[genLine]!, segment[1], origLine, origOffset - origAll[origLine]!];
      lines[genLine]!.push(moved);
    }
  });
  return encode(lines);
}
