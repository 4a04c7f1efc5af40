// fastify 5 (CommonJS, closures and prototype-less objects, avvio's plugin queue, hooks with
// callbacks and promises, JSON schema validation and serialisation): plugins with encapsulation,
// decorators, route schemas, hooks, an error handler, a not-found handler, a thrown error, an
// async error, inject() and real requests over loopback.

import Fastify from 'fastify';
import type { FastifyInstance, FastifyPluginAsync, FastifyPluginCallback } from 'fastify';
import { request, show } from '../http-client';

const trail: string[] = [];
const app: FastifyInstance = Fastify({ logger: false, return503OnClosing: false, forceCloseConnections: true });

app.decorate('utility', function (this: FastifyInstance, n: number) {
  return n * 2;
});
app.decorateRequest('user', null);
app.decorateReply('sendWrapped', function (this: any, payload: unknown) {
  return this.send({ wrapped: payload });
});

app.addHook('onRequest', async (req) => {
  trail.push(`onRequest ${req.method} ${req.url}`);
});
app.addHook('preHandler', (req: any, _reply, done) => {
  req.user = req.headers['x-user'] ?? 'anonymous';
  done();
});
app.addHook('onSend', async (_req, reply, payload) => {
  reply.header('x-on-send', 'yes');
  return payload;
});
app.addHook('onResponse', (req, reply, done) => {
  trail.push(`onResponse ${req.url} ${reply.statusCode}`);
  done();
});

const itemSchema = {
  params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] },
  querystring: { type: 'object', properties: { verbose: { type: 'boolean', default: false } } },
  response: {
    200: {
      type: 'object',
      properties: { id: { type: 'integer' }, verbose: { type: 'boolean' }, user: { type: 'string' } },
    },
  },
} as const;

app.get('/', async () => ({ hello: 'fastify', twice: (app as any).utility(21) }));
app.get('/items/:id', { schema: itemSchema }, async (req: any) => ({ id: req.params.id, verbose: req.query.verbose, user: req.user, secret: 'dropped by the serializer' }));
app.post(
  '/items',
  { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 2 }, qty: { type: 'integer', default: 1 } } } } },
  async (req, reply) => {
    reply.code(201);
    return { created: req.body };
  },
);
app.get('/wrapped', (_req, reply) => {
  (reply as any).sendWrapped([1, 2, 3]);
});
app.get('/callback-style', (_req, reply) => {
  setTimeout(() => reply.type('text/plain').send('sent later'), 1);
});
app.get('/boom', () => {
  throw new Error('handler exploded');
});
app.get('/async-boom', async () => {
  await Promise.resolve();
  const err = new Error('teapot') as Error & { statusCode?: number };
  err.statusCode = 418;
  throw err;
});
app.route({
  method: ['GET', 'POST'],
  url: '/multi',
  handler: async (req) => `multi ${req.method}`,
});

const plugin: FastifyPluginAsync<{ prefixName: string }> = async (instance, opts) => {
  instance.decorate('pluginOnly', opts.prefixName);
  instance.addHook('onRequest', async (req) => {
    trail.push(`plugin hook ${req.url}`);
  });
  instance.get('/info', async () => ({ plugin: (instance as any).pluginOnly, hasParentDecorator: instance.hasDecorator('utility') }));
  instance.setErrorHandler(async (err, _req, reply) => {
    reply.code(409);
    return { pluginError: err.message };
  });
  instance.get('/fail', async () => {
    throw new Error('inside the plugin');
  });
};
app.register(plugin, { prefix: '/plug', prefixName: 'plug-one' });

const callbackPlugin: FastifyPluginCallback = (instance, _opts, done) => {
  instance.get('/cb', (_req, reply) => {
    reply.send({ callbackPlugin: true, seesPluginOnly: instance.hasDecorator('pluginOnly') });
  });
  done();
};
app.register(callbackPlugin, { prefix: '/cbp' });

app.setErrorHandler((err: any, req, reply) => {
  trail.push(`error handler: ${err.message} (${err.validation ? 'validation' : err.statusCode ?? 'no status'})`);
  reply.code(err.statusCode ?? 500).send({ error: err.message, url: req.url });
});
app.setNotFoundHandler((req, reply) => {
  reply.code(404).send({ notFound: req.url });
});

async function main() {
  await app.ready();
  trail.push(`routes printed: ${app.printRoutes({ commonPrefix: false }).split('\n').filter(Boolean).length} lines`);
  const injected = await app.inject({ method: 'GET', url: '/items/3?verbose=true', headers: { 'x-user': 'inject' } });
  console.log('inject ->', injected.statusCode, injected.headers['content-type'], injected.body);

  await app.listen({ port: 0, host: '127.0.0.1' });
  const server = app.server;
  const requests: Array<[string, string, (string | object)?, Record<string, string>?]> = [
    ['GET', '/'],
    ['GET', '/items/5', undefined, { 'x-user': 'ada' }],
    ['GET', '/items/0'],
    ['GET', '/items/abc'],
    ['POST', '/items', { name: 'widget' }],
    ['POST', '/items', { name: 'x' }],
    ['POST', '/items', '{"name": broken', { 'content-type': 'application/json' }],
    ['GET', '/wrapped'],
    ['GET', '/callback-style'],
    ['GET', '/boom'],
    ['GET', '/async-boom'],
    ['POST', '/multi'],
    ['GET', '/plug/info'],
    ['GET', '/plug/fail'],
    ['GET', '/cbp/cb'],
    ['GET', '/nope'],
    ['DELETE', '/'],
  ];
  for (const [method, url, body, headers] of requests) {
    const reply = await request(server, method, url, body, headers);
    console.log(show(`${method} ${url}`, reply, ['content-type', 'x-on-send']));
  }
  await app.close();
  console.log(trail.join('\n'));
}

main().catch((err) => {
  console.log('driver failed:', err);
  process.exitCode = 1;
});
