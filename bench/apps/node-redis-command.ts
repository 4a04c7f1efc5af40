// One node-redis connection on REDIS_URL: CALLS GETs of existing keys, one at a time (each a full
// loopback round trip), after WARMUP; prints `RESULT {"usPerCall":…,"cpuUsPerCall":…}`.
import { createClient } from 'redis';
import { measurePerCall } from './per-call.js';

const redis = createClient({ url: process.env.REDIS_URL });
await redis.connect();
for (let i = 1; i <= 1000; i++) await redis.set(`bench:${i}`, `item ${i}`);

async function run(calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) {
    if ((await redis.get(`bench:${(i % 1000) + 1}`)) === null) throw new Error('a bench key is missing');
  }
}

await measurePerCall(run);
redis.destroy();
