// One mysql2 connection (promise API) on MYSQL_URL: CALLS simple indexed queries
// (`SELECT … WHERE id = ?` on a primary key), one at a time (each a full loopback round trip),
// after WARMUP queries; prints `RESULT {"usPerCall":…,"cpuUsPerCall":…}` (wall and CPU time of
// this process per query).
import mysql from 'mysql2/promise';
import { measurePerCall } from './per-call.js';

const connection = await mysql.createConnection({ uri: process.env.MYSQL_URL });
await connection.query('CREATE TABLE IF NOT EXISTS bench_items (id int PRIMARY KEY, name varchar(40) NOT NULL)');
await connection.query("INSERT IGNORE INTO bench_items SELECT seq, CONCAT('item ', seq) FROM seq_1_to_1000");

async function run(calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) {
    const [rows] = await connection.query('SELECT name FROM bench_items WHERE id = ?', [(i % 1000) + 1]);
    if ((rows as unknown[]).length !== 1) throw new Error('bench_items is missing a row');
  }
}

await measurePerCall(run);
await connection.end();
