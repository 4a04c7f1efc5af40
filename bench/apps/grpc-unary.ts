// A gRPC server and client in one process on 127.0.0.1: CALLS unary calls, CONCURRENCY at a time,
// after WARMUP calls; prints `RESULT {"usPerCall":…,"cpuUsPerCall":…}` (wall and CPU time per call).
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const definition = protoLoader.loadSync(process.env.PROTO_FILE!, {});
const Greeter = (
  grpc.loadPackageDefinition(definition) as unknown as { bench: { Greeter: grpc.ServiceClientConstructor } }
).bench.Greeter;
const server = new grpc.Server();
server.addService(Greeter.service, {
  Hello(
    call: grpc.ServerUnaryCall<{ name: string }, { name: string }>,
    callback: grpc.sendUnaryData<{ name: string }>,
  ) {
    callback(null, { name: call.request.name });
  },
});
const port = await new Promise<number>((resolve, reject) =>
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
    err ? reject(err) : resolve(p),
  ),
);
const client = new Greeter(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as {
  Hello(req: unknown, cb: (err: Error | null) => void): void;
  close(): void;
};
const hello = (): Promise<void> =>
  new Promise((resolve, reject) => client.Hello({ name: 'bench' }, (err) => (err ? reject(err) : resolve())));

async function run(calls: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next++ < calls) await hello();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const calls = Number(process.env.CALLS ?? 20_000);
const concurrency = Number(process.env.CONCURRENCY ?? 16);
await run(Number(process.env.WARMUP ?? 5_000), concurrency);
const cpu = process.cpuUsage();
const started = performance.now();
await run(calls, concurrency);
const wallUs = (performance.now() - started) * 1000;
const used = process.cpuUsage(cpu);
console.log(`RESULT ${JSON.stringify({ usPerCall: wallUs / calls, cpuUsPerCall: (used.user + used.system) / calls })}`);
client.close();
server.forceShutdown();
