// Messaging suite: amqplib on a private RabbitMQ on 127.0.0.1 (bench/apps/amqplib-roundtrip.ts):
// each message published to a queue and consumed (and acked) by the same process before the next
// is sent, one at a time. Builds (bench/lib/client-runs.mjs): bare; `instts build --rules
// instts:amqp` with a PRODUCER and a CONSUMER span per message (exporter none, trace context and
// lane in the headers) and one flow rule on the consumer `amqp:<queue>` that never blocks; and
// that build with nothing listening (its sites switch themselves off). Per message: wall time and
// CPU time of the process (both ends of the trip).

import path from 'node:path';
import { clientRows, runClientVariants } from '../lib/client-runs.mjs';
import { makeTempProject, removeDir } from '../lib/instts.mjs';
import { startRabbitMq } from '../lib/rabbitmq.mjs';
import { markdownTable, textTable } from '../lib/table.mjs';
import { target, targetLines, targetMarkdown } from '../lib/targets.mjs';

const QUEUE = 'bench.roundtrip';
const CLIENT = {
  id: 'amqplib',
  app: 'amqplib-roundtrip',
  rules: 'instts:amqp',
  start: startRabbitMq,
  env: (broker) => ({ AMQP_URL: broker.url }),
  resource: () => `amqp:${QUEUE}`,
  variants: [
    { id: 'amqplibBare', label: 'bare amqplib (esbuild bundle)' },
    { id: 'amqplibInstts', label: 'amqplib, instts:amqp, tracing + flow rule' },
    { id: 'amqplibQuiet', label: 'amqplib, instts:amqp, nothing listening' },
  ],
};

export async function runAmqpSuite(options) {
  const dir = makeTempProject('amqp');
  try {
    const results = Object.fromEntries(
      await runClientVariants(CLIENT, path.join(dir, CLIENT.id), {
        counts: options.quick ? { calls: 3000, warmup: 1000 } : { calls: 10000, warmup: 2000 },
        rounds: options.rounds,
        log: options.log,
      }),
    );
    return { suite: 'amqp', rounds: options.rounds, results, ...render({ results }) };
  } finally {
    removeDir(dir);
  }
}

export function render({ results }) {
  const rows = clientRows(results, 'message');
  const title =
    'Messaging: one amqplib message per trip through RabbitMQ on loopback (published, consumed and acked by the same process, one at a time); median over rounds';
  const added = (id) => results[id].cpuUsPerCall.median - results.amqplibBare.cpuUsPerCall.median;
  const micros = { format: (us) => `${us >= 0 ? '+' : ''}${us.toFixed(1)} µs` };
  const targets = [
    // as the HTTP and database suites: nothing listening costs what a bare message costs
    target('amqplib, instts nothing listening: added CPU per message over bare', added('amqplibQuiet'), 1, micros),
    // a reading, with the HTTP suite's bar for one traced request: here two spans (publish and consume)
    target(
      'amqplib, instts (tracing + flow rule): added CPU per message over bare',
      added('amqplibInstts'),
      10,
      micros,
    ),
  ];
  return {
    targets,
    text: `${title}\n${textTable(rows)}\n\nTargets\n${targetLines(targets)}`,
    markdown: `**${title}**\n\n${markdownTable(rows)}\n\nTargets:\n\n${targetMarkdown(targets)}`,
  };
}
