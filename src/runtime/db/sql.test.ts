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
    ['SELECT * FROM "Items"', 'SELECT', 'Items'],
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

  it.each([
    // what query builders write (TypeORM, knex, Sequelize): the name the database reads
    ['SELECT "Product"."id" AS "Product_id" FROM "products" "Product"', 'products'],
    ['SELECT * FROM "information_schema"."tables" WHERE "table_schema" = $1', 'information_schema.tables'],
    ['INSERT INTO "public"."orders"("id") VALUES (DEFAULT)', 'public.orders'],
    ['UPDATE "orders" SET "state" = $1', 'orders'],
    ['DELETE FROM ONLY "public" . "Orders" WHERE id = 1', 'public.Orders'],
    // case kept as written: the conventions ask for no case normalization
    ['SELECT * FROM "Order Lines"', 'Order Lines'],
    // a quoted part that would read differently unquoted keeps its quotes
    ['SELECT * FROM "my.table"', '"my.table"'],
    ['SELECT * FROM "sales"."q1.2024"', 'sales."q1.2024"'],
    ['SELECT * FROM "say ""hi"""', '"say ""hi"""'],
    // quotes of the other dialect are not PostgreSQL identifiers
    ['SELECT * FROM `items`', undefined],
    // a quoted name with a comma or a keyword is still one table
    ['SELECT * FROM "a,b" WHERE id = 1', 'a,b'],
    ['SELECT * FROM "from" WHERE id = 1', 'from'],
  ])('PostgreSQL: %j names the table %j', (sql, collection) => {
    expect(sqlCollection(sql, sqlOperation(sql), 'postgresql')).toBe(collection);
  });

  it.each([
    ['SELECT * FROM `app`.`items` WHERE id = ?', 'app.items'],
    ['SELECT * FROM `orders`', 'orders'],
    ['INSERT INTO `order lines` (`id`) VALUES (?)', 'order lines'],
    ['UPDATE `app` . `Orders` SET `state` = ?', 'app.Orders'],
    ['SELECT * FROM `v1.2`', '`v1.2`'],
    ['SELECT * FROM `a``b`', '`a``b`'],
    ['SELECT * FROM `db`.`my.table` WHERE id = ?', 'db.`my.table`'],
    // with ANSI_QUOTES, "…" quotes an identifier too (else the statement is a syntax error)
    ['SELECT * FROM "orders"', 'orders'],
    ['SELECT * FROM "a.b"', '`a.b`'],
    ['SELECT * FROM orders', 'orders'],
  ])('MySQL: %j names the table %j', (sql, collection) => {
    expect(sqlCollection(sql, sqlOperation(sql), 'mysql')).toBe(collection);
  });

  it.each([
    ['START TRANSACTION', 'START TRANSACTION'],
    ['start  transaction read only', 'START TRANSACTION'],
    ['START /* tx */ TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'START TRANSACTION'],
    ['BEGIN', 'BEGIN'],
    ['BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED', 'BEGIN'],
    ['BEGIN WORK', 'BEGIN'],
    ['COMMIT', 'COMMIT'],
    ['COMMIT AND CHAIN', 'COMMIT'],
    ['ROLLBACK', 'ROLLBACK'],
    ['SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'SET TRANSACTION'],
    ['SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', 'SET SESSION TRANSACTION'],
    ['SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY', 'SET SESSION CHARACTERISTICS'],
    ['SET search_path TO app', 'SET'],
    ['SET SESSION sql_mode = ?', 'SET'],
    ['SET transaction_timeout = 5', 'SET'],
    ['SAVEPOINT sp1', 'SAVEPOINT'],
    ['RELEASE SAVEPOINT sp1', 'RELEASE SAVEPOINT'],
    ['ROLLBACK TO SAVEPOINT sp1', 'ROLLBACK TO SAVEPOINT'],
    ['ROLLBACK TO sp1', 'ROLLBACK TO'],
    ["PREPARE TRANSACTION 'tx1'", 'PREPARE TRANSACTION'],
    ['PREPARE stmt AS SELECT 1', 'PREPARE'],
    ["COMMIT PREPARED 'tx1'", 'COMMIT PREPARED'],
    ["XA START 'x1'", 'XA START'],
    ['START', 'START'],
  ])('%j is the operation %j', (sql, operation) => {
    expect(sqlOperation(sql)).toBe(operation);
  });

  it('bounds the exported text', () => {
    const long = `SELECT ${'a, '.repeat(5_000)}b FROM t`;
    expect(boundedText(long)).toHaveLength(MAX_QUERY_TEXT);
    expect(boundedText('SELECT 1')).toBe('SELECT 1');
  });
});
