// One mysql2 connection (promise API) on MYSQL_URL: CALLS simple indexed queries
// (`SELECT … WHERE id = ?` on a primary key), one at a time (each a full loopback round trip),
// after WARMUP queries; prints `RESULT {"usPerCall":…,"cpuUsPerCall":…}` (wall and CPU time of
// this process per query).
import mysql from 'mysql2/promise';
import fs from 'node:fs';
function threads(): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of fs.readdirSync('/proc/self/task')) {
    const st = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
    const close = st.lastIndexOf(')');
    const name = st.slice(st.indexOf('(') + 1, close);
    const f = st.slice(close + 2).split(' ');
    const k = `${t === String(process.pid) ? 'main' : name}`;
    m.set(`${k}:u#${t}`, Number(f[11]) * 10000);
    m.set(`${k}:s#${t}`, Number(f[12]) * 10000);
  }
  return m;
}

const connection = await mysql.createConnection({ uri: process.env.MYSQL_URL });
await connection.query('CREATE TABLE IF NOT EXISTS bench_items (id int PRIMARY KEY, name varchar(40) NOT NULL)');
await connection.query("INSERT IGNORE INTO bench_items SELECT seq, CONCAT('item ', seq) FROM seq_1_to_1000");

async function run(calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) {
    const [rows] = await connection.query('SELECT name FROM bench_items WHERE id = ?', [(i % 1000) + 1]);
    if ((rows as unknown[]).length !== 1) throw new Error('bench_items is missing a row');
  }
}

const calls = Number(process.env.CALLS ?? 20_000);
await run(Number(process.env.WARMUP ?? 5_000));
const t0 = threads();
const cpu = process.cpuUsage();
const started = performance.now();
await run(calls);
const wallUs = (performance.now() - started) * 1000;
const used = process.cpuUsage(cpu);
const t1 = threads();
const per: Record<string, number> = {};
for (const [k, v] of t1) { const name = k.split('#')[0]!; per[name] = (per[name] ?? 0) + (v - (t0.get(k) ?? 0)) / calls; }
console.log(`RESULT ${JSON.stringify({ usPerCall: wallUs / calls, cpuUsPerCall: (used.user + used.system) / calls, per })}`);
await connection.end();
