// One node-postgres Client on PG_URL: CALLS simple indexed queries (`SELECT … WHERE id = $1` on a
// primary key), one at a time (each a full loopback round trip), after WARMUP queries; prints
// `RESULT {"usPerCall":…,"cpuUsPerCall":…}` (wall and CPU time of this process per query).
import pg from 'pg';
import { measurePerCall } from './per-call.js';

const client = new pg.Client({ connectionString: process.env.PG_URL });
await client.connect();
await client.query('CREATE TABLE IF NOT EXISTS bench_items (id int PRIMARY KEY, name text NOT NULL)');
await client.query(
  "INSERT INTO bench_items SELECT i, 'item ' || i FROM generate_series(1, 1000) AS i ON CONFLICT DO NOTHING",
);

async function run(calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) {
    const result = await client.query('SELECT name FROM bench_items WHERE id = $1', [(i % 1000) + 1]);
    if (result.rows.length !== 1) throw new Error('bench_items is missing a row');
  }
}

await measurePerCall(run);
await client.end();
