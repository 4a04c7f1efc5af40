// One ioredis connection on REDIS_URL: CALLS GETs of existing keys, one at a time (each a full
// loopback round trip), after WARMUP; prints `RESULT {"usPerCall":…,"cpuUsPerCall":…}`.
import { Redis } from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);
for (let i = 1; i <= 1000; i++) await redis.set(`bench:${i}`, `item ${i}`);

async function run(calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) {
    if ((await redis.get(`bench:${(i % 1000) + 1}`)) === null) throw new Error('a bench key is missing');
  }
}

const calls = Number(process.env.CALLS ?? 20_000);
await run(Number(process.env.WARMUP ?? 5_000));
const cpu = process.cpuUsage();
const started = performance.now();
await run(calls);
const wallUs = (performance.now() - started) * 1000;
const used = process.cpuUsage(cpu);
console.log(`RESULT ${JSON.stringify({ usPerCall: wallUs / calls, cpuUsPerCall: (used.user + used.system) / calls })}`);
redis.disconnect();
