// One amqplib connection on AMQP_URL, one channel: CALLS messages, one at a time, each published
// to a queue and consumed (then acked) by this process's own consumer before the next is sent (a
// full trip through the broker on loopback), after WARMUP; prints
// `RESULT {"usPerCall":…,"cpuUsPerCall":…}` (wall and CPU time of this process per message).
import amqp from 'amqplib';
import { measurePerCall } from './per-call.js';

const QUEUE = 'bench.roundtrip';
// Without TCP_NODELAY a message's frames wait on the broker's delayed ACK: 40 ms per message.
const connection = await amqp.connect(process.env.AMQP_URL!, { noDelay: true });
const channel = await connection.createChannel();
await channel.assertQueue(QUEUE, { durable: false, autoDelete: true });

let delivered: (() => void) | undefined;
await channel.consume(QUEUE, (message) => {
  if (message === null) return;
  channel.ack(message);
  delivered?.();
});

const body = Buffer.from('{"order":42,"item":"bench"}');

async function run(messages: number): Promise<void> {
  for (let i = 0; i < messages; i++) {
    const arrived = new Promise<void>((resolve) => (delivered = resolve));
    channel.sendToQueue(QUEUE, body, { contentType: 'application/json' });
    await arrived;
  }
}

await measurePerCall(run, { calls: 10_000, warmup: 2_000 });
await channel.close();
await connection.close();
