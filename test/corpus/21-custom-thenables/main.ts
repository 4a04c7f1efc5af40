// Case 21 (C): custom promise types returned by functions stay what they are: a Bluebird-like
// promise keeps its class and methods, a ResultAsync keeps `.andThen`, and nobody calls their
// `then` except the caller. (An async function always returns a native Promise; shown too.)
import { Bluebirdish } from './bluebirdish';
import { ResultAsync } from './result-async';

function query(sql: string): Bluebirdish<string[]> {
  return new Bluebirdish((resolve) => setImmediate(() => resolve([`row for ${sql}`])));
}

function fetchUser(id: number): ResultAsync<{ id: number; name: string }, string> {
  return id > 0 ? ResultAsync.ok({ id, name: `user${id}` }) : ResultAsync.err('invalid id');
}

function fetchPosts(user: { id: number }): ResultAsync<string[], string> {
  return ResultAsync.ok([`post-of-${user.id}`]);
}

async function asyncReturnsCustom() {
  return Bluebirdish.resolve('from async');
}

(async () => {
  const q = query('SELECT 1');
  console.log('query result is Bluebirdish:', q instanceof Bluebirdish, 'is native Promise:', q instanceof Promise);
  console.log('has tap/spread/_then:', typeof q.tap, typeof q.spread, typeof q._then);
  console.log('then calls before await:', q.thenCalls, 'created so far:', Bluebirdish.created);
  const tapped: string[] = [];
  const rows = await q.tap((r) => tapped.push(`tap saw ${r.length} row(s)`));
  console.log('rows:', rows.join(','), tapped.join(','), 'then calls after await:', q.thenCalls);
  console.log('await q itself:', (await q).length, 'then calls on q:', q.thenCalls);
  const spread = await Bluebirdish.resolve([1, 2]).spread((a: number, b: number) => a + b);
  console.log('spread:', spread);

  const r = fetchUser(1);
  console.log('ResultAsync kept:', r instanceof ResultAsync, typeof r.andThen, 'then calls:', r.thenCalls);
  const chained = await r.andThen(fetchPosts).map((posts) => posts.length);
  console.log('andThen/map:', JSON.stringify(chained), 'then calls on r:', r.thenCalls);
  console.log('err path:', JSON.stringify(await fetchUser(0).andThen(fetchPosts)));

  const viaAsync = asyncReturnsCustom();
  console.log('async function result is native Promise:', viaAsync instanceof Promise, 'is Bluebirdish:', (viaAsync as unknown) instanceof Bluebirdish);
  console.log('awaited:', await viaAsync, 'created total:', Bluebirdish.created);
})();
