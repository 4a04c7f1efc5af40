// Hello world on express 4.
import express from 'express';
import type { AddressInfo } from 'node:net';

const app = express();

app.get('/', (req, res) => {
  res.json({ hello: 'world' });
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
