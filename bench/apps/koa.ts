// Hello world on koa 3 with @koa/router.
import Router from '@koa/router';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';

const app = new Koa();
const router = new Router();

router.get('/', (ctx) => {
  ctx.body = { hello: 'world' };
});

app.use(router.routes());

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
