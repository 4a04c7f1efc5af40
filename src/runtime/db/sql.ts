// What a SQL text tells a span without a parser: the text with literals replaced by `?`, the
// operation (first keyword) and, for a simple single-table statement, the table. Two dialects:
// PostgreSQL's (the default) and MySQL/MariaDB's, where "…" is a string, `…` an identifier,
// backslashes escape inside strings and # starts a comment. Queries carry
// user data (names, e-mail addresses, tokens), so only the placeholder form leaves the process
// unless the user opts in (INSTTS_DB_QUERY_TEXT=raw).

/** Longest query text put on a span; longer texts are cut (with `…`), keeping spans bounded. */
export const MAX_QUERY_TEXT = 2_048;

const isIdentStart = (c: string): boolean => /[A-Za-z_\u0080-\uffff]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

export type SqlDialect = 'postgresql' | 'mysql';

/** Where the string whose text starts at `from` ends: its closing `quote` (doubled, it is a quote), or past the end. */
function closingQuote(sql: string, from: number, quote: string, backslashEscapes: boolean): number {
  let j = from;
  while (j < sql.length) {
    const d = sql[j]!;
    if (backslashEscapes && d === '\\') j += 2;
    else if (d === quote) {
      if (sql[j + 1] === quote) j += 2;
      else return j;
    } else j++;
  }
  return sql.length;
}

/**
 * `sql` with every string literal ('…', E'…', X'…', B'…', $tag$…$tag$; in MySQL also "…") and
 * number replaced by `?`. Identifiers ("quoted" in PostgreSQL, `quoted` in MySQL), keywords,
 * parameters ($1, :name, ?), operators and comments stay. Never throws; a text it cannot read to
 * the end is cut at that point (`?` for the rest).
 */
export function sanitizeSql(sql: string, dialect: SqlDialect = 'postgresql'): string {
  const mysql = dialect === 'mysql';
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1] ?? '';
    // comments stay as they are (sqlcommenter-style tags are useful); they end at the line / */
    if ((c === '-' && next === '-') || (mysql && c === '#')) {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if ((c === '"' && !mysql) || (c === '`' && mysql)) {
      // quoted identifier (a doubled quote escapes it)
      let j = i + 1;
      while (j < n) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (mysql && (c === "'" || c === '"')) {
      out += '?';
      i = closingQuote(sql, i + 1, c, true) + 1;
      continue;
    }
    if (
      c === "'" ||
      ((c === 'E' || c === 'e' || c === 'X' || c === 'x' || c === 'B' || c === 'b' || c === 'N' || c === 'n') &&
        next === "'" &&
        !isIdentPart(sql[i - 1] ?? ' '))
    ) {
      out += '?';
      i = closingQuote(sql, c === "'" ? i + 1 : i + 2, "'", mysql || c === 'E' || c === 'e') + 1;
      continue;
    }
    if (c === '$' && !mysql) {
      // $1 (a parameter) stays; $tag$…$tag$ / $$…$$ is a string
      if (isDigit(next)) {
        let j = i + 1;
        while (j < n && isDigit(sql[j]!)) j++;
        out += sql.slice(i, j);
        i = j;
        continue;
      }
      const tagMatch = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tagMatch !== null && !isIdentPart(sql[i - 1] ?? ' ')) {
        const tag = tagMatch[0];
        const end = sql.indexOf(tag, i + tag.length);
        out += '?';
        i = end < 0 ? n : end + tag.length;
        continue;
      }
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(sql[j]!)) j++;
      out += sql.slice(i, j);
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(next))) {
      // 42, 3.14, .5, 1e-3, 0x1F
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(sql[j]!)) {
        if ((sql[j] === 'e' || sql[j] === 'E') && (sql[j + 1] === '-' || sql[j + 1] === '+')) j += 2;
        else j++;
      }
      out += '?';
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Skips whitespace, comments and opening parentheses from `i`. */
function skipNoise(sql: string, i: number): number {
  for (;;) {
    while (i < sql.length && /[\s(]/.test(sql[i]!)) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else return i;
  }
}

/** The statement's first keyword, upper-cased (`SELECT`, `INSERT`, `WITH`…); undefined when none. */
export function sqlOperation(sql: string): string | undefined {
  const i = skipNoise(sql, 0);
  const m = /^[A-Za-z]+/.exec(sql.slice(i, i + 32));
  return m === null ? undefined : m[0].toUpperCase();
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|\`(?:[^\`]|\`\`)+\`|[A-Za-z_][A-Za-z0-9_$]*)`;
const QUALIFIED = String.raw`${IDENT}(?:\s*\.\s*${IDENT}){0,2}`;
const TABLE_AFTER: Readonly<Record<string, RegExp>> = {
  SELECT: new RegExp(
    String.raw`\bFROM\s+(${QUALIFIED})(\s*(?:,|\(|\bJOIN\b|\bNATURAL\b|\bCROSS\b|\bINNER\b|\bLEFT\b|\bRIGHT\b|\bFULL\b))?`,
    'i',
  ),
  INSERT: new RegExp(String.raw`^\s*INSERT\s+INTO\s+(${QUALIFIED})`, 'i'),
  UPDATE: new RegExp(String.raw`^\s*UPDATE\s+(?:ONLY\s+)?(${QUALIFIED})`, 'i'),
  DELETE: new RegExp(String.raw`^\s*DELETE\s+FROM\s+(?:ONLY\s+)?(${QUALIFIED})(\s*\bUSING\b)?`, 'i'),
};

/**
 * The one table a simple SELECT / INSERT / UPDATE / DELETE works on, as written (schema-qualified
 * when it is); undefined for joins, several tables, sub-selects in FROM, or anything else.
 */
export function sqlCollection(sql: string, operation: string | undefined): string | undefined {
  if (operation === undefined) return undefined;
  const pattern = TABLE_AFTER[operation];
  if (pattern === undefined) return undefined;
  const text = sql.length > MAX_QUERY_TEXT ? sql.slice(0, MAX_QUERY_TEXT) : sql;
  const m = pattern.exec(operation === 'SELECT' ? text : text.slice(skipNoise(text, 0)));
  if (m === null || m[2] !== undefined) return undefined;
  if (operation === 'SELECT') {
    // a second FROM (sub-select), a JOIN, or a comma in the FROM list: more than one table
    if (/\bFROM\b[\s\S]*\bFROM\b/i.test(text) || /\bJOIN\b/i.test(text)) return undefined;
    const from =
      /\bFROM\b([\s\S]*?)(?:\bWHERE\b|\bGROUP\b|\bORDER\b|\bLIMIT\b|\bOFFSET\b|\bHAVING\b|\bWINDOW\b|\bFOR\b|\bUNION\b|;|$)/i.exec(
        text,
      );
    if (from !== null && from[1]!.includes(',')) return undefined;
  }
  return m[1]!.replace(/\s+/g, '');
}

/** `text` cut to {@link MAX_QUERY_TEXT} characters. */
export function boundedText(text: string): string {
  return text.length <= MAX_QUERY_TEXT ? text : `${text.slice(0, MAX_QUERY_TEXT - 1)}…`;
}
