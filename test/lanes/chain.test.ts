// The lane API used the way the HTTP hooks use it, over real loopback servers: gateway → a → b → c,
// gray copies of a and c, every hop answering with the chain it took.
import { request as httpRequest, createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatePolicy, type Policy } from '../../src/runtime/governance/index.js';
import { Lanes, currentLane, runInLane } from '../../src/runtime/lanes/index.js';
import { demoPolicy } from './helpers.js';

interface Hop {
  service: string;
  tag: string | null;
  port: number;
}

const next: Record<string, string | undefined> = { gateway: 'a', a: 'b', b: 'c', c: undefined };
const servers: Server[] = [];
let policy: Policy;
let gatewayPort = 0;

function get(url: URL, headers: Record<string, string>): Promise<Hop[]> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body) as Hop[]));
    });
    req.on('error', reject);
    req.end();
  });
}

/** What an instrumented outbound call does: route by the current lane, carry it in headers. */
function callDownstream(lanes: Lanes, target: string, inbound: IncomingMessage): Promise<Hop[]> {
  const tag = currentLane();
  const url = new URL(`http://${target}/chain`);
  const hostPort = lanes.route(url, tag);
  if (hostPort !== undefined) url.host = hostPort;
  const headers: Record<string, string> = { 'x-user-uuid': String(inbound.headers['x-user-uuid'] ?? '') };
  for (const [name, value] of Object.entries(lanes.outboundHeaders(tag))) if (value !== null) headers[name] = value;
  return get(url, headers);
}

function start(service: string, tag: string | undefined): Promise<number> {
  const lanes = new Lanes({ service, tag: tag ?? '', env: {}, policy: () => policy });
  const server = createServer((req, res) => {
    runInLane(lanes.inbound(req), async () => {
      await new Promise((r) => setTimeout(r, 1)); // some async work between in and out
      const hop: Hop = { service, tag: lanes.tag ?? null, port: (server.address() as AddressInfo).port };
      const downstream = next[service] ? await callDownstream(lanes, next[service]!, req) : [];
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify([hop, ...downstream]));
    });
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  policy = validatePolicy({});
  gatewayPort = await start('gateway', undefined);
  const [a, aGray, b, c, cGray] = await Promise.all([
    start('a', undefined),
    start('a', 'gray'),
    start('b', undefined),
    start('c', undefined),
    start('c', 'gray'),
  ]);
  const at = (port: number | undefined): string => `127.0.0.1:${port}`;
  policy = validatePolicy(
    demoPolicy({
      services: {
        a: { instances: [{ address: at(a) }, { address: at(aGray), tag: 'gray' }] },
        b: { instances: [{ address: at(b) }] },
        c: { instances: [{ address: at(c) }, { address: at(cGray), tag: 'gray' }] },
      },
    }),
  );
});

afterAll(() => {
  for (const s of servers) s.close();
});

const chain = async (headers: Record<string, string>): Promise<string> => {
  const hops = await get(new URL(`http://127.0.0.1:${gatewayPort}/chain`), headers);
  return hops.map((h) => `${h.service}${h.tag ? `(${h.tag})` : ''}`).join(' → ');
};

describe('a gray lane across four services', () => {
  it('no x-user-uuid → all baseline; x-user-uuid: 1 → all baseline; 123456789 → A-gray → B → C-gray', async () => {
    expect(await chain({})).toBe('gateway → a → b → c');
    expect(await chain({ 'x-user-uuid': '1' })).toBe('gateway → a → b → c');
    expect(await chain({ 'x-user-uuid': '123456789' })).toBe('gateway → a(gray) → b → c(gray)');
  });

  it('a tag sent from outside is stripped at the gateway', async () => {
    expect(await chain({ 'x-mse-tag': 'gray', baggage: 'instts.lane=gray' })).toBe('gateway → a → b → c');
  });

  it('concurrent gray and baseline requests keep their own lanes', async () => {
    const users = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? '123456789' : String(i)));
    const chains = await Promise.all(users.map((u) => chain({ 'x-user-uuid': u })));
    chains.forEach((c, i) => expect(c).toBe(i % 2 === 0 ? 'gateway → a(gray) → b → c(gray)' : 'gateway → a → b → c'));
  });

  it('disabling the lane sends everything to the baseline at the next request', async () => {
    const before = policy;
    policy = validatePolicy(
      demoPolicy({ lane: { enabled: false }, services: before.services as Record<string, unknown> }),
    );
    try {
      expect(await chain({ 'x-user-uuid': '123456789' })).toBe('gateway → a → b → c');
    } finally {
      policy = before;
    }
  });
});
