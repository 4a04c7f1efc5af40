// Hello world on fastify 5.
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';

const app = Fastify({ logger: false });

app.get('/', async () => ({ hello: 'world' }));

// No top-level await: the unbundled variant is CommonJS (so OpenTelemetry's require hooks apply).
app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' }).then(
  () => console.log(`listening ${(app.server.address() as AddressInfo).port}`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
