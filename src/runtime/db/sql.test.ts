import { describe, expect, it } from 'vitest';
import { boundedText, MAX_QUERY_TEXT, sanitizeSql, sqlCollection, sqlOperation } from './sql.js';

describe('sanitizeSql', () => {
  it.each([
    [
      "SELECT * FROM users WHERE email = 'ann@example.com' AND age > 42",
      'SELECT * FROM users WHERE email = ? AND age > ?',
    ],
    ["SELECT 'it''s', E'a\\'b', X'1F', B'0101', N'x'", 'SELECT ?, ?, ?, ?, ?'],
    ['SELECT $body$ secret $ text $body$, $$ more $$, $1, $23', 'SELECT ?, ?, $1, $23'],
    ['SELECT 3.14, .5, 1e-3, -7, 0x1F FROM t2 WHERE c1 = 9', 'SELECT ?, ?, ?, -?, ? FROM t2 WHERE c1 = ?'],
    [
      'SELECT "weird ""col"" 1" FROM "T" -- note 5\nWHERE x = 1 /* keep 7 */',
      'SELECT "weird ""col"" 1" FROM "T" -- note 5\nWHERE x = ? /* keep 7 */',
    ],
    ["INSERT INTO t (a, b) VALUES ($1, $2), (3, 'x')", 'INSERT INTO t (a, b) VALUES ($1, $2), (?, ?)'],
    ["SELECT 'unterminated", 'SELECT ?'],
    ['SELECT a::int, b[1] FROM t', 'SELECT a::int, b[?] FROM t'],
  ])('%j', (sql, expected) => {
    expect(sanitizeSql(sql)).toBe(expected);
  });
});

describe('sanitizeSql, MySQL dialect', () => {
  it.each([
    [
      "SELECT * FROM `my ``t``` WHERE a = \"secret\" AND b = 'it\\'s' AND c = ?",
      'SELECT * FROM `my ``t``` WHERE a = ? AND b = ? AND c = ?',
    ],
    [
      "SELECT 'a''b', \"x\\\"y\", X'1F', 0x1F, _utf8mb4'z' # tail 5\nFROM t",
      'SELECT ?, ?, ?, ?, _utf8mb4? # tail 5\nFROM t',
    ],
    ['SELECT $1, a$b FROM t WHERE id = 3 -- note 4', 'SELECT $?, a$b FROM t WHERE id = ? -- note 4'],
  ])('%j', (sql, expected) => {
    expect(sanitizeSql(sql, 'mysql')).toBe(expected);
  });
});

describe('sqlOperation and sqlCollection', () => {
  it.each([
    ['select name from items where id = $1', 'SELECT', 'items'],
    ['  /* c */ (SELECT 1)', 'SELECT', undefined],
    ['SELECT * FROM public.items i WHERE i.id = 1', 'SELECT', 'public.items'],
    ['SELECT * FROM "Items"', 'SELECT', '"Items"'],
    ['SELECT * FROM `app`.`items` WHERE id = ?', 'SELECT', '`app`.`items`'],
    ['SELECT * FROM a JOIN b ON a.id = b.id', 'SELECT', undefined],
    ['SELECT * FROM a x, b y WHERE x.id = y.id', 'SELECT', undefined],
    ['SELECT * FROM (SELECT 1 FROM t) s', 'SELECT', undefined],
    ['SELECT * FROM generate_series(1, 3)', 'SELECT', undefined],
    ['INSERT INTO items (id) VALUES (1)', 'INSERT', 'items'],
    ['UPDATE ONLY items SET name = $1', 'UPDATE', 'items'],
    ['DELETE FROM items WHERE id = 1', 'DELETE', 'items'],
    ['DELETE FROM items USING other WHERE items.id = other.id', 'DELETE', undefined],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'WITH', undefined],
    ['BEGIN', 'BEGIN', undefined],
    ['', undefined, undefined],
  ])('%j', (sql, operation, collection) => {
    const op = sqlOperation(sql);
    expect(op).toBe(operation);
    expect(sqlCollection(sql, op)).toBe(collection);
  });

  it('bounds the exported text', () => {
    const long = `SELECT ${'a, '.repeat(5_000)}b FROM t`;
    expect(boundedText(long)).toHaveLength(MAX_QUERY_TEXT);
    expect(boundedText('SELECT 1')).toBe('SELECT 1');
  });
});
