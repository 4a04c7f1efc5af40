// pino and winston writing RECORDS records each to a sink that drops them (pino: a sync
// destination on /dev/null; winston: a Stream transport over a Writable that discards), outside
// any span — the case instts:logs must leave at one check per record — after WARMUP records;
// prints `RESULT {"pinoNs":…,"winstonNs":…}` (wall time per record).
import { Writable } from 'node:stream';
import pino from 'pino';
import winston from 'winston';

const pinoLogger = pino({ base: { service: 'bench' } }, pino.destination({ dest: '/dev/null', sync: true }));
const winstonLogger = winston.createLogger({
  format: winston.format.json(),
  transports: [
    new winston.transports.Stream({
      stream: new Writable({ objectMode: true, write: (_chunk, _encoding, callback) => callback() }),
    }),
  ],
});

function timeNs(records: number, write: (i: number) => void): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < records; i++) write(i);
  return Number(process.hrtime.bigint() - started) / records;
}

const pinoWrite = (i: number): void => pinoLogger.info({ user: 'u1', i }, 'record');
const winstonWrite = (i: number): void => void winstonLogger.info('record', { user: 'u1', i });
const records = Number(process.env.RECORDS ?? 200_000);
const warmup = Number(process.env.WARMUP ?? 50_000);
timeNs(warmup, pinoWrite);
timeNs(warmup, winstonWrite);
console.log(
  `RESULT ${JSON.stringify({ pinoNs: timeNs(records, pinoWrite), winstonNs: timeNs(records, winstonWrite) })}`,
);
