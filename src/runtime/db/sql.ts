// What a SQL text tells a span without a parser: the text with literals replaced by `?`, the
// operation (first keyword, or first keywords: `START TRANSACTION`) and, for a simple
// single-table statement, the table (identifier quotes taken off). Two dialects:
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
  return skipSpaceAndComments(sql, i, /[\s(]/);
}

/**
 * Statements whose first keyword names them only together with the next ones: `START
 * TRANSACTION`, not `START`. Longest first; `SET x = 1` stays `SET`, `ROLLBACK` stays `ROLLBACK`.
 */
const MULTI_WORD_OPERATIONS: readonly (readonly string[])[] = [
  ['SET', 'SESSION', 'CHARACTERISTICS'],
  ['SET', 'SESSION', 'TRANSACTION'],
  ['SET', 'GLOBAL', 'TRANSACTION'],
  ['ROLLBACK', 'TO', 'SAVEPOINT'],
  ['START', 'TRANSACTION'],
  ['SET', 'TRANSACTION'],
  ['SET', 'CONSTRAINTS'],
  ['RELEASE', 'SAVEPOINT'],
  ['ROLLBACK', 'TO'],
  ['PREPARE', 'TRANSACTION'],
  ['COMMIT', 'PREPARED'],
  ['ROLLBACK', 'PREPARED'],
  ['XA', 'START'],
  ['XA', 'BEGIN'],
  ['XA', 'END'],
  ['XA', 'PREPARE'],
  ['XA', 'COMMIT'],
  ['XA', 'ROLLBACK'],
  ['XA', 'RECOVER'],
];
const MAX_OPERATION_WORDS = 3;

/**
 * The statement's operation, upper-cased: its first keyword (`SELECT`, `INSERT`, `WITH`, `BEGIN`…),
 * or its first keywords, one space apart, for the statements that take more than one to be named
 * (`START TRANSACTION`, `SET TRANSACTION`, `ROLLBACK TO SAVEPOINT`, `XA COMMIT`…). Undefined when none.
 */
export function sqlOperation(sql: string): string | undefined {
  let i = skipNoise(sql, 0);
  const first = /^[A-Za-z]+/.exec(sql.slice(i, i + 32));
  if (first === null) return undefined;
  const words = [first[0].toUpperCase()];
  if (!MULTI_WORD_OPERATIONS.some((head) => head[0] === words[0])) return words[0];
  i += first[0].length;
  while (words.length < MAX_OPERATION_WORDS) {
    i = skipSpaceAndComments(sql, i);
    const next = /^[A-Za-z]+(?![A-Za-z0-9_$])/.exec(sql.slice(i, i + 32));
    if (next === null) break;
    words.push(next[0].toUpperCase());
    i += next[0].length;
  }
  const head = MULTI_WORD_OPERATIONS.find((h) => h.length <= words.length && h.every((w, k) => words[k] === w));
  return head === undefined ? words[0] : head.join(' ');
}

/** Skips whitespace (or what `blank` matches) and comments from `i`; not parentheses by default: `SET (a) = …` is not `SET A`. */
function skipSpaceAndComments(sql: string, i: number, blank: RegExp = /\s/): number {
  for (;;) {
    while (i < sql.length && blank.test(sql[i]!)) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else return i;
  }
}

/** How a dialect quotes identifiers: PostgreSQL "…"; MySQL `…`, and "…" with ANSI_QUOTES. */
const QUOTES: Readonly<Record<SqlDialect, string>> = { postgresql: '"', mysql: '`"' };
const quotedIdent = (quote: string): string => `${quote}(?:[^${quote}]|${quote}${quote})+${quote}`;
const PLAIN_IDENT = String.raw`[A-Za-z_][A-Za-z0-9_$]*`;

interface DialectPatterns {
  /** One identifier, quoted (capture 1..n: the text inside each kind of quote) or not (last capture). */
  readonly part: RegExp;
  /** Every quoted identifier, to blank them out before looking for keywords and commas. */
  readonly quoted: RegExp;
  readonly tableAfter: Readonly<Record<string, RegExp>>;
}

function dialectPatterns(dialect: SqlDialect): DialectPatterns {
  const quotes = [...QUOTES[dialect]];
  const ident = `(?:${[...quotes.map(quotedIdent), PLAIN_IDENT].join('|')})`;
  const qualified = String.raw`${ident}(?:\s*\.\s*${ident}){0,2}`;
  return {
    part: new RegExp([...quotes.map((q) => `${q}((?:[^${q}]|${q}${q})+)${q}`), `(${PLAIN_IDENT})`].join('|'), 'g'),
    quoted: new RegExp(quotes.map(quotedIdent).join('|'), 'g'),
    tableAfter: {
      SELECT: new RegExp(
        String.raw`\bFROM\s+(${qualified})(\s*(?:,|\(|\bJOIN\b|\bNATURAL\b|\bCROSS\b|\bINNER\b|\bLEFT\b|\bRIGHT\b|\bFULL\b))?`,
        'i',
      ),
      INSERT: new RegExp(String.raw`^\s*INSERT\s+INTO\s+(${qualified})`, 'i'),
      UPDATE: new RegExp(String.raw`^\s*UPDATE\s+(?:ONLY\s+)?(${qualified})`, 'i'),
      DELETE: new RegExp(String.raw`^\s*DELETE\s+FROM\s+(?:ONLY\s+)?(${qualified})(\s*\bUSING\b)?`, 'i'),
    },
  };
}
const PATTERNS: Readonly<Record<SqlDialect, DialectPatterns>> = {
  postgresql: dialectPatterns('postgresql'),
  mysql: dialectPatterns('mysql'),
};

/**
 * The name a (possibly qualified, possibly quoted) table reference as written names, its parts
 * joined by dots: quoting is taken off (`"public"."Items"` → `public.Items`, `` `app`.`items` ``
 * → `app.items`), as the database reads it, so a quoted and an unquoted reference to one table
 * give one name. A part that would read differently unquoted (it contains a dot or the quote
 * character) keeps the dialect's quotes: `"a.b"` stays `"a.b"`, not the table b of schema a.
 */
function tableName(written: string, dialect: SqlDialect, part: RegExp): string {
  const quote = QUOTES[dialect][0]!;
  const names: string[] = [];
  part.lastIndex = 0;
  for (let m = part.exec(written); m !== null; m = part.exec(written)) {
    const q = m.findIndex((g, k) => k > 0 && g !== undefined);
    const inner = m[q]!;
    const quoteUsed = q <= QUOTES[dialect].length ? QUOTES[dialect][q - 1]! : undefined;
    const name = quoteUsed === undefined ? inner : inner.split(quoteUsed + quoteUsed).join(quoteUsed);
    names.push(
      name.includes('.') || name.includes(quote) ? `${quote}${name.split(quote).join(quote + quote)}${quote}` : name,
    );
  }
  return names.join('.');
}

/**
 * The one table a simple SELECT / INSERT / UPDATE / DELETE works on (schema-qualified when it is,
 * identifier quotes taken off: see tableName); undefined for joins, several tables, sub-selects in
 * FROM, or anything else.
 */
export function sqlCollection(
  sql: string,
  operation: string | undefined,
  dialect: SqlDialect = 'postgresql',
): string | undefined {
  if (operation === undefined) return undefined;
  const patterns = PATTERNS[dialect];
  const pattern = patterns.tableAfter[operation];
  if (pattern === undefined) return undefined;
  const text = sql.length > MAX_QUERY_TEXT ? sql.slice(0, MAX_QUERY_TEXT) : sql;
  const m = pattern.exec(operation === 'SELECT' ? text : text.slice(skipNoise(text, 0)));
  if (m === null || m[2] !== undefined) return undefined;
  if (operation === 'SELECT') {
    // a second FROM (sub-select), a JOIN, or a comma in the FROM list: more than one table
    // (quoted names blanked out first: a table may be called "from" or "a,b")
    const plain = text.replace(patterns.quoted, 'q');
    if (/\bFROM\b[\s\S]*\bFROM\b/i.test(plain) || /\bJOIN\b/i.test(plain)) return undefined;
    const from =
      /\bFROM\b([\s\S]*?)(?:\bWHERE\b|\bGROUP\b|\bORDER\b|\bLIMIT\b|\bOFFSET\b|\bHAVING\b|\bWINDOW\b|\bFOR\b|\bUNION\b|;|$)/i.exec(
        plain,
      );
    if (from !== null && from[1]!.includes(',')) return undefined;
  }
  return tableName(m[1]!, dialect, patterns.part);
}

/** `text` cut to {@link MAX_QUERY_TEXT} characters. */
export function boundedText(text: string): string {
  return text.length <= MAX_QUERY_TEXT ? text : `${text.slice(0, MAX_QUERY_TEXT - 1)}…`;
}
