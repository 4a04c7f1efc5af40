import http, { Server } from 'node:http';
import * as undici from 'undici';
import { Agent as Pool } from 'undici';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export function servers(handle: Handler) {
  const a = new http.Server(handle);
  const b = new Server();
  const c = new Server({ keepAlive: true }, handle);
  const d = new (http.Server)(handle);
  const e = new http.Server;
  return [a, b, c, d, e];
}

export function agents() {
  const typed = new Map<string, undici.Agent>();
  typed.set('x', new undici.Agent({ connections: 2 }));
  typed.set('y', new Pool<unknown>());
  return typed;
}

export function notMatched() {
  return new Map([[1, new http.Agent()]]);
}
