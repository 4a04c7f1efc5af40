// Hello world on express 5 (installed as `express5`).
import express from 'express5';
import type { AddressInfo } from 'node:net';

const app = express();

app.get('/', (req, res) => {
  res.json({ hello: 'world' });
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
