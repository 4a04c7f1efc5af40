// express 4 (sloppy CommonJS, prototypes, `arguments`, `fn.length` arity checks): middleware,
// routers, params, route chains, a sub-app, body parsing, content negotiation, a template engine,
// `next('route')`, thrown and passed errors reaching a 4-argument error handler, a 404.

import express from 'express';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { close, listen, request, show } from '../http-client';

const log: string[] = [];

const app = express();
app.set('env', 'production');
app.set('etag', 'strong');
app.set('json spaces', 0);
app.set('views', path.join(process.cwd(), 'views'));
app.set('view engine', 'tpl');
app.locals.site = 'instts';
app.disable('x-powered-by');

// A tiny template engine: `{{name}}` placeholders.
app.engine('tpl', (file: string, options: Record<string, unknown>, callback: (err: Error | null, out?: string) => void) => {
  fs.readFile(file, 'utf8', (err, text) => {
    if (err) return callback(err);
    callback(null, text.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => String(options[key])));
  });
});

app.use(function requestLog(req, _res, next) {
  log.push(`${req.method} ${req.url}`);
  next();
});
app.use(express.json());
app.use(express.urlencoded({ extended: false }));

app.param('id', (req: any, _res, next, value: string) => {
  if (!/^\d+$/.test(value)) return next(new Error(`bad id ${value}`));
  req.itemId = Number(value);
  next();
});

app.get('/', (req, res) => {
  res.json({ hello: 'world', site: req.app.locals.site, query: req.query });
});

app.get('/items/:id', (req: any, res) => {
  res.set('X-Item', String(req.itemId));
  res.send(`item ${req.itemId} via ${req.route.path}`);
});

app
  .route('/things')
  .get((_req, res) => res.type('text').send('list of things'))
  .post((req, res) => res.status(201).json({ created: req.body }));

app.get(
  '/skip',
  (req, _res, next) => (req.query.jump ? next('route') : next()),
  (_req, res) => res.send('first route'),
);
app.get('/skip', (_req, res) => res.send('second route'));

app.get('/negotiate', (_req, res) => {
  res.format({
    'text/plain': () => res.send('plain text'),
    'application/json': () => res.json({ format: 'json' }),
    default: () => res.status(406).send('not acceptable'),
  });
});

app.get('/render', (_req, res, next) => {
  res.render('greeting', { name: 'Ada', count: 3 }, (err: Error | null, html?: string) => {
    if (err) return next(err);
    res.send(html!.trim());
  });
});

app.get('/redirect', (_req, res) => res.redirect(302, '/things'));
app.get('/cookie', (_req, res) => {
  res.cookie('session', 'abc', { httpOnly: true, path: '/' });
  res.sendStatus(204);
});
app.get('/jsonp', (_req, res) => res.jsonp({ padded: true }));
app.get('/headers', (req, res) => {
  res.vary('Accept');
  res.links({ next: '/headers?page=2' });
  res.json({ ua: req.get('user-agent') ?? null, xhr: req.xhr, accepts: req.accepts(['json', 'html']), is: req.is('json'), protocol: req.protocol });
});
app.get(/^\/regex\/(\d+)$/, (req, res) => res.send(`regex ${req.params[0]}`));

app.get('/boom', () => {
  throw new Error('route exploded');
});
app.get('/next-error', (_req, _res, next) => next(Object.assign(new Error('passed to next'), { status: 418 })));
app.get('/async-error', (_req, _res, next) => {
  Promise.reject(new Error('async failure')).catch(next);
});

const api = express.Router({ mergeParams: true, strict: false });
api.use((req, res, next) => {
  res.setHeader('X-Api', 'v1');
  next();
});
api.get('/users/:name', (req, res) => res.json({ user: req.params.name, base: req.baseUrl }));
api.use('/admin', (_req, _res, next) => next('router'));
app.use('/api/v1', api);
app.get('/api/v1/admin', (_req, res) => res.send('left the router'));

const sub = express();
sub.on('mount', (parent: any) => log.push(`sub mounted under ${parent === app ? 'app' : 'another app'}`));
sub.get('/', (req, res) => res.send(`sub root at ${req.baseUrl} (${sub.mountpath})`));
sub.get('/path', (req, res) => res.send(`sub path ${req.path} of ${req.originalUrl}`));
app.use('/sub', sub);

// A normal middleware with three parameters is skipped while an error is pending.
app.use((_req, _res, next) => {
  log.push('three-argument middleware');
  next();
});

// 404
app.use((req, res) => {
  res.status(404).json({ error: 'not found', path: req.path });
});

// The four-argument error handler: `fn.length === 4` is what makes it one.
app.use(function errorHandler(err: any, req: express.Request, res: express.Response, next: express.NextFunction) {
  log.push(`errorHandler: ${err.message}`);
  if (err.message.startsWith('bad id')) return next(err);
  res.status(err.status ?? 500).json({ error: err.message });
});
// Only reached for bad ids, as a second error handler defined as an arrow.
app.use((err: any, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  res.status(400).send(`second handler: ${err.message}`);
});

async function main() {
  const server = http.createServer(app);
  await listen(server);
  const requests: Array<[string, string, (string | object)?, Record<string, string>?]> = [
    ['GET', '/?a=1&b=two'],
    ['GET', '/items/42'],
    ['GET', '/items/abc'],
    ['GET', '/things'],
    ['POST', '/things', { name: 'widget', tags: ['a', 'b'] }],
    ['POST', '/things', 'x=1&y=2', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['GET', '/skip'],
    ['GET', '/skip?jump=1'],
    ['GET', '/negotiate', undefined, { accept: 'application/json' }],
    ['GET', '/negotiate', undefined, { accept: 'text/plain' }],
    ['GET', '/negotiate', undefined, { accept: 'image/png' }],
    ['GET', '/render'],
    ['GET', '/redirect'],
    ['GET', '/cookie'],
    ['GET', '/jsonp?callback=cb'],
    ['GET', '/headers', undefined, { 'user-agent': 'driver', 'x-requested-with': 'XMLHttpRequest', accept: 'application/json' }],
    ['GET', '/regex/77'],
    ['GET', '/boom'],
    ['GET', '/next-error'],
    ['GET', '/async-error'],
    ['GET', '/api/v1/users/grace'],
    ['GET', '/api/v1/admin'],
    ['GET', '/sub'],
    ['GET', '/sub/path?q=1'],
    ['GET', '/nope'],
    ['POST', '/things', '{"broken json', { 'content-type': 'application/json' }],
  ];
  for (const [method, url, body, headers] of requests) {
    const reply = await request(server, method, url, body, headers);
    console.log(show(`${method} ${url}`, reply, ['content-type', 'location', 'set-cookie', 'x-item', 'x-api', 'vary', 'link', 'etag']));
  }
  await close(server);
  console.log(log.join('\n'));
  console.log('handler lengths:', app._router.stack.map((layer: any) => layer.handle.length).join(','));
}

main().catch((err) => {
  console.log('driver failed:', err);
  process.exitCode = 1;
});
