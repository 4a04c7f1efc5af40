// koa 3 + @koa/router (ESM build of the router, CommonJS koa; async middleware, delegated
// getters/setters on the context, classes): the onion order of async middleware, ctx.throw and
// ctx.assert, an error-catching middleware, app.on('error'), nested and prefixed routers,
// router.param, named route URLs, allowedMethods (405/501), redirects and the default 404.

import Koa from 'koa';
import Router from '@koa/router';
import http from 'node:http';
import { close, listen, request, show } from '../http-client';

const trail: string[] = [];
const app = new Koa({ proxy: false, env: 'production' });
app.silent = true;
(app.context as any).greet = function (this: Koa.Context, who: string) {
  return `hello ${who} from ${this.path}`;
};

app.on('error', (err: Error & { expose?: boolean; status?: number }, ctx: Koa.Context) => {
  trail.push(`app error event: ${err.message} status=${err.status ?? 'none'} path=${ctx?.path}`);
});

// Error-catching middleware first: the onion unwinds through it.
app.use(async (ctx, next) => {
  trail.push(`> ${ctx.method} ${ctx.url}`);
  try {
    await next();
  } catch (err: any) {
    if (err.expose || err.status === 418) {
      ctx.status = err.status;
      ctx.body = { error: err.message, expose: err.expose };
    } else {
      ctx.status = 500;
      ctx.body = { error: 'internal' };
      ctx.app.emit('error', err, ctx);
    }
  }
  trail.push(`< ${ctx.status}`);
});

app.use(async function timing(ctx, next) {
  ctx.state.start = 'set by timing';
  await next();
  ctx.set('X-Response', `via-${ctx.state.handledBy ?? 'nobody'}`);
});

const router = new Router();
router.param('id', async (id, ctx, next) => {
  if (!/^\d+$/.test(id)) ctx.throw(400, `bad id ${id}`);
  ctx.state.id = Number(id);
  return next();
});

router.get('root', '/', (ctx) => {
  ctx.state.handledBy = 'root';
  ctx.body = { hello: 'koa', query: ctx.query, start: ctx.state.start, url: router.url('item', { id: 7 }, { query: { full: 1 } }) };
});
router.get('item', '/items/:id', async (ctx) => {
  ctx.state.handledBy = 'item';
  await new Promise((r) => setTimeout(r, 1));
  ctx.type = 'text/plain';
  ctx.body = `item ${ctx.state.id} (${ctx.params.id})`;
});
router.post('/items', async (ctx) => {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  ctx.status = 201;
  ctx.body = { created: body, length: ctx.request.length, is: ctx.is('json') };
});
router.get('/greet/:who', (ctx) => {
  ctx.body = (ctx as any).greet(ctx.params.who);
});
router.get('/teapot', (ctx) => ctx.throw(418, 'short and stout'));
router.get('/assert', (ctx) => {
  ctx.assert(ctx.query.token === 'yes', 401, 'token required');
  ctx.body = 'authorised';
});
router.get('/boom', () => {
  throw new Error('handler exploded');
});
router.get('/async-boom', async () => {
  await Promise.resolve();
  throw new TypeError('async handler exploded');
});
router.get('/headers', (ctx) => {
  ctx.vary('Accept');
  ctx.append('X-Multi', 'one');
  ctx.append('X-Multi', 'two');
  ctx.body = { accepts: ctx.accepts('json', 'html'), fresh: ctx.fresh, host: ctx.host.replace(/:\d+$/, ':PORT'), ip: ctx.ip, ua: ctx.get('user-agent') };
});
router.redirect('/old', '/items/1', 301);

const nested = new Router({ prefix: '/v2' });
const users = new Router();
users.use(async (ctx, next) => {
  ctx.set('X-Users', 'yes');
  await next();
});
users.get('/users/:name', (ctx) => {
  ctx.body = { user: ctx.params.name, matched: ctx._matchedRoute, routerPath: ctx.routerPath ?? null };
});
users.put('/users/:name', (ctx) => {
  ctx.status = 204;
});
nested.use(users.routes(), users.allowedMethods());
nested.all('/any', (ctx) => {
  ctx.body = `any ${ctx.method}`;
});

app.use(router.routes());
app.use(router.allowedMethods({ throw: false }));
app.use(nested.routes());
app.use(nested.allowedMethods());

async function main() {
  const server = http.createServer(app.callback());
  await listen(server);
  const requests: Array<[string, string, (string | object)?, Record<string, string>?]> = [
    ['GET', '/?x=1&y=2'],
    ['GET', '/items/12'],
    ['GET', '/items/zz'],
    ['POST', '/items', { name: 'widget' }],
    ['DELETE', '/items/3'],
    ['GET', '/greet/ada'],
    ['GET', '/teapot'],
    ['GET', '/assert'],
    ['GET', '/assert?token=yes'],
    ['GET', '/boom'],
    ['GET', '/async-boom'],
    ['GET', '/headers', undefined, { accept: 'text/html', 'user-agent': 'driver' }],
    ['GET', '/old'],
    ['GET', '/v2/users/grace'],
    ['PUT', '/v2/users/grace'],
    ['PATCH', '/v2/users/grace'],
    ['POST', '/v2/any'],
    ['PURGE', '/v2/any'],
    ['GET', '/nope'],
    ['HEAD', '/items/5'],
  ];
  for (const [method, url, body, headers] of requests) {
    const reply = await request(server, method, url, body, headers);
    console.log(show(`${method} ${url}`, reply, ['content-type', 'content-length', 'location', 'allow', 'vary', 'x-multi', 'x-users', 'x-response']));
  }
  await close(server);
  console.log(trail.join('\n'));
  console.log('router layers:', router.stack.map((l) => `${l.methods.join('|')} ${l.path}`).join('; '));
  console.log('middleware count:', app.middleware.length, 'toJSON:', JSON.stringify(app.toJSON()));
}

main().catch((err) => {
  console.log('driver failed:', err);
  process.exitCode = 1;
});
