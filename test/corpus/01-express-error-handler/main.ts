// Case 1 (A): `fn.length` decides whether an Express-style middleware is an error handler.
// A tiny dispatcher in the style of Express 4 routes errors only to handlers with length 4.

type Handler = (...args: any[]) => unknown;

interface Res {
  log: string[];
  status?: number;
}

class MiniApp {
  private stack: Handler[] = [];

  use(fn: Handler): this {
    this.stack.push(fn);
    return this;
  }

  handle(req: { path: string }, res: Res): void {
    let idx = 0;
    const next = (err?: unknown): void => {
      const layer = this.stack[idx++];
      if (!layer) {
        res.log.push(err ? `final handler: unhandled ${(err as Error).message}` : 'final handler: 404');
        return;
      }
      const isErrorHandler = layer.length === 4;
      try {
        if (err !== undefined) {
          if (isErrorHandler) layer(err, req, res, next);
          else next(err);
        } else if (!isErrorHandler) {
          layer(req, res, next);
        } else {
          next();
        }
      } catch (e) {
        next(e);
      }
    };
    next();
  }
}

function logger(req: { path: string }, res: Res, next: () => void) {
  res.log.push(`logger ${req.path}`);
  next();
}

const route = (req: { path: string }, res: Res, next: (e?: unknown) => void) => {
  if (req.path === '/boom') throw new Error('route exploded');
  if (req.path === '/next-err') return next(new Error('passed to next'));
  if (req.path === '/ok') {
    res.status = 200;
    res.log.push('route ok');
    return;
  }
  next();
};

// Four parameters, but the default makes length 3: a normal middleware, never an error handler.
function notAnErrorHandler(req: { path: string }, res: Res, next: () => void, label = 'default-label') {
  res.log.push(`notAnErrorHandler(${label}) ran as normal middleware`);
  next();
}

function errorHandler(err: Error, _req: unknown, res: Res, next: (e?: unknown) => void) {
  res.status = 500;
  res.log.push(`errorHandler caught: ${err.message}`);
  if (err.message === 'passed to next') next(err);
}

const arrowErrorHandler = (err: Error, _req: unknown, res: Res, _next: unknown) => {
  res.log.push(`arrowErrorHandler caught: ${err.message}`);
};

class ErrorController {
  prefix = 'controller';
  handle(err: Error, _req: unknown, res: Res, _next: unknown) {
    res.log.push(`${this.prefix}.handle caught: ${err.message}`);
  }
}

const ctrl = new ErrorController();
const boundHandler = ctrl.handle.bind(ctrl);

console.log('lengths:', {
  logger: logger.length,
  route: route.length,
  notAnErrorHandler: notAnErrorHandler.length,
  errorHandler: errorHandler.length,
  arrowErrorHandler: arrowErrorHandler.length,
  methodHandler: ctrl.handle.length,
  boundHandler: boundHandler.length,
});

const app = new MiniApp()
  .use(logger)
  .use(route)
  .use(notAnErrorHandler)
  .use(errorHandler)
  .use(arrowErrorHandler);

for (const path of ['/ok', '/boom', '/next-err', '/missing']) {
  const res: Res = { log: [] };
  app.handle({ path }, res);
  console.log(path, 'status', res.status ?? '-', '|', res.log.join(' ; '));
}

const app2 = new MiniApp().use(route).use(boundHandler);
const res2: Res = { log: [] };
app2.handle({ path: '/boom' }, res2);
console.log('bound method as error handler |', res2.log.join(' ; '));
