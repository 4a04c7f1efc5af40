// Plain-text tables for the terminal (aligned columns) and Markdown tables for docs.

// A cell that reads as a number (with its unit): right-aligned.
const numeric = (cell) => /^[−+-]?[\d.,]+( ?[a-zA-Zµ×%]+)?$|^—$/.test(cell);

/** rows: arrays of cells (strings); the first row is the header. Numbers are right-aligned. */
export function textTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  const line = (r) =>
    r
      .map((cell, c) => {
        const s = String(cell ?? '');
        return c > 0 && numeric(s) ? s.padStart(widths[c]) : s.padEnd(widths[c]);
      })
      .join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(rows) {
  const esc = (s) => String(s ?? '').replace(/\|/g, '\\|');
  // Right-align a column when every non-empty cell below the header is a number.
  const rightAligned = rows[0].map((_, c) => {
    const cells = rows
      .slice(1)
      .map((r) => String(r[c] ?? ''))
      .filter(Boolean);
    return cells.length > 0 && cells.every(numeric);
  });
  return [
    `| ${rows[0].map(esc).join(' | ')} |`,
    `|${rightAligned.map((right) => (right ? '---:' : '---')).join('|')}|`,
    ...rows.slice(1).map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** Reasons for n/a cells, printed under the table as numbered notes instead of in the cell. */
export class Notes {
  #reasons = [];

  /** The cell text for a variant that could not be measured. */
  na(reason) {
    let i = this.#reasons.indexOf(reason);
    if (i < 0) i = this.#reasons.push(reason) - 1;
    return `n/a [${i + 1}]`;
  }

  toString() {
    return this.#reasons.map((r, i) => `[${i + 1}] ${r}`).join('\n');
  }

  /** Table text followed by its notes, if any. */
  after(table) {
    return this.#reasons.length > 0 ? `${table}\n${this}` : table;
  }
}
