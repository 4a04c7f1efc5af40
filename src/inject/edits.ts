// Text edits collected from all join points of a file, then applied to one MagicString in an
// order that nests correctly: a wrap that encloses another opens before it and closes after it.

import type MagicString from 'magic-string';

export interface Wrap {
  start: number;
  end: number;
  open: string;
  close: string;
  /** Tie-break for wraps over the same range: function bodies (0) enclose returns (1) enclose calls (2). */
  rank: number;
}

export interface Replace {
  start: number;
  end: number;
  text: string;
}

export class EditList {
  readonly wraps: Wrap[] = [];
  readonly replaces: Replace[] = [];

  wrap(start: number, end: number, open: string, close: string, rank: number): void {
    this.wraps.push({ start, end, open, close, rank });
  }

  replace(start: number, end: number, text: string): void {
    this.replaces.push({ start, end, text });
  }

  applyTo(ms: MagicString): void {
    for (const r of this.replaces) {
      if (r.text === '') ms.remove(r.start, r.end);
      else ms.overwrite(r.start, r.end, r.text, { contentOnly: true });
    }
    const ordered = [...this.wraps].sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
    // appendRight keeps insertion order at one position (outer first); prependLeft reverses it,
    // so closes at one position come out innermost first.
    for (const w of ordered) {
      if (w.start === w.end) {
        // An empty range (an empty body): open and close must stay in that order.
        ms.appendRight(w.start, w.open + w.close);
        continue;
      }
      if (w.open) ms.appendRight(w.start, w.open);
      if (w.close) ms.prependLeft(w.end, w.close);
    }
  }
}
