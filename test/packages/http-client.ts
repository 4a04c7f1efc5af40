// Shared by the HTTP framework drivers: one request at a time to a server on 127.0.0.1, with a
// fresh connection each (`agent: false`, `Connection: close`) so closing the server ends the process.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function request(server: http.Server, method: string, path: string, body?: string | object, headers: Record<string, string> = {}): Promise<Reply> {
  const { port } = server.address() as AddressInfo;
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const allHeaders: Record<string, string> = { connection: 'close', ...headers };
  if (payload !== undefined) {
    allHeaders['content-length'] = String(Buffer.byteLength(payload));
    if (typeof body === 'object') allHeaders['content-type'] ??= 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: allHeaders, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** One line per reply: status, the chosen headers, and the body. */
export function show(label: string, reply: Reply, headerNames: string[] = ['content-type']): string {
  const headers = headerNames
    .filter((h) => reply.headers[h] !== undefined)
    .map((h) => `${h}=${JSON.stringify(reply.headers[h])}`)
    .join(' ');
  return `${label} -> ${reply.status}${headers ? ` ${headers}` : ''} ${JSON.stringify(reply.body)}`;
}

export function listen(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

export function close(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}
