// Case 22 (C): lazy thenables (Knex query builders, Neon queries) run their work only when
// someone calls `then`. A function returning one must not trigger it: zero `then` calls unless
// the caller awaits.

const executed: string[] = [];

class QueryBuilder implements PromiseLike<string[]> {
  thenCalls = 0;
  readonly queryData: { sql: string; params: unknown[] };
  constructor(sql: string) {
    this.queryData = { sql, params: [] };
  }
  where(column: string, value: unknown) {
    this.queryData.sql += ` WHERE ${column} = $${this.queryData.params.push(value)}`;
    return this;
  }
  then<A = string[], B = never>(
    onFulfilled?: ((rows: string[]) => A | PromiseLike<A>) | null,
    onRejected?: ((e: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    this.thenCalls++;
    executed.push(this.queryData.sql);
    return Promise.resolve([`row(${this.queryData.params.join(',')})`]).then(onFulfilled, onRejected);
  }
}

function table(name: string) {
  return new QueryBuilder(`SELECT * FROM ${name}`);
}

function findUser(id: number) {
  return table('users').where('id', id);
}

const neonLike = (strings: TemplateStringsArray, ...values: unknown[]) => {
  const q = {
    queryData: { text: strings.join('?'), values },
    thenCalls: 0,
    then(res: (v: unknown) => unknown, rej?: (e: unknown) => unknown) {
      q.thenCalls++;
      executed.push(`neon ${q.queryData.text}`);
      return Promise.resolve({ rows: values }).then(res, rej);
    },
  };
  return q;
};

const pending = findUser(1);
const neon = neonLike`SELECT ${1} + ${2}`;
console.log('returned builder:', pending instanceof QueryBuilder, 'sql:', pending.queryData.sql);
console.log('neon queryData:', JSON.stringify(neon.queryData));

setTimeout(async () => {
  console.log('after a timer, then calls:', pending.thenCalls, neon.thenCalls, 'executed:', executed.length);
  const rows = await findUser(2);
  console.log('awaited rows:', rows.join(','), 'executed:', JSON.stringify(executed));
  const n = (await neon) as { rows: number[] };
  console.log('awaited neon:', n.rows.join('+'), 'then calls:', neon.thenCalls);
  console.log('never awaited builder still idle:', pending.thenCalls, 'total executed:', executed.length);
}, 10);
