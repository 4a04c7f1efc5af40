import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get as httpGet } from 'node:http';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  governance,
  governanceAdmin,
  resetGovernance,
  startAdminServer,
  watchPolicyFile,
  type AdminServer,
  type Entry,
  type GovernanceEngine,
  type PolicyWatcher,
} from '../../src/runtime/governance/index.js';
import { bundleGovernance, parseExposition, setup } from './helpers.js';
import { itWithServices, PROMETHEUS } from '../support/services.js';

const TOKEN = 'b7f0c1d2-admin-token';

let dir: string;
let bundle: string;
const servers: AdminServer[] = [];
const watchers: PolicyWatcher[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'instts-admin-'));
  bundle = await bundleGovernance(dir);
});
afterEach(async () => {
  for (const w of watchers.splice(0)) w.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An admin endpoint on a free port of 127.0.0.1; returns its base URL. */
async function serve(
  gov: GovernanceEngine,
  options: Parameters<typeof startAdminServer>[1] = {},
): Promise<{ url: string; lines: string[] }> {
  const lines: string[] = [];
  const admin = startAdminServer(gov, { port: 0, token: TOKEN, log: (l) => lines.push(l), ...options });
  servers.push(admin);
  const port = await admin.listening;
  expect(port).toBeTypeOf('number');
  expect(admin.url).toBe(`http://127.0.0.1:${port}`);
  return { url: admin.url!, lines };
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

async function call(url: string, method = 'GET', authorization?: string): Promise<Reply> {
  const r = await fetch(url, { method, headers: authorization === undefined ? {} : { authorization } });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

const post = (url: string, token: string | undefined = TOKEN): Promise<Reply> =>
  call(url, 'POST', token === undefined ? undefined : `Bearer ${token}`);

/** The status code answered to one raw HTTP/1.1 request line. */
function rawStatus(port: number, requestLine: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port }, () =>
      socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1])));
    socket.on('error', reject);
  });
}

/** Runs `promtool check metrics` on `text` (the test that calls it needs Debian's prometheus package). */
function promtool(text: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 20_000 });
  if (r.error !== undefined) {
    throw new Error(`promtool did not run: ${r.error.message}`);
  }
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const ORDERS = 'GET:/api/orders/:id';

const POLICY = {
  resources: [
    { id: ORDERS, kind: 'http-in' },
    { id: 'pay', kind: 'http-out' },
  ],
  flow: [{ id: 'orders-qps', resource: ORDERS, threshold: 3 }],
  isolation: [{ id: 'orders-slots', resource: ORDERS, maxConcurrency: 2 }],
  hotspot: [{ id: 'per-user', resource: ORDERS, param: { from: 'header', name: 'x-user' }, threshold: 1, capacity: 2 }],
  circuitBreakers: [{ id: 'pay-errors', resource: 'pay', strategy: 'errorCount', threshold: 2, minRequests: 1 }],
};

/** A known sequence on a fake clock: every counter below has one exact expected value. */
function knownSequence(): GovernanceEngine {
  const { clock, gov } = setup(POLICY, { cpuUsage: () => 0.25 });
  const user = (u: string) => ({ headers: { 'x-user': u } });
  const a = gov.entry(ORDERS, user('u1')) as Entry;
  const b = gov.entry(ORDERS, user('u2')) as Entry;
  expect(gov.entry(ORDERS, user('u3')).kind).toBe('blocked'); // isolation: 2 in flight
  clock.advance(7);
  gov.exit(a, { status: 200 });
  gov.exit(b, { status: 503 }); // an error
  expect(gov.entry(ORDERS, user('u1')).kind).toBe('blocked'); // hotspot: u1 spent its 1 per second
  const e = gov.entry(ORDERS, user('u4')) as Entry;
  clock.advance(300);
  gov.exit(e, { status: 200 });
  expect(gov.entry(ORDERS, user('u5')).kind).toBe('blocked'); // flow: the 3 per second are spent
  for (let i = 0; i < 2; i++) gov.exit(gov.entry('pay'), { error: new Error('down') });
  expect(gov.entry('pay').kind).toBe('blocked'); // breaker open after 2 errors
  expect(gov.entry('health').kind).toBe('pass'); // held: 1 in flight
  return gov;
}

describe('admin endpoint: observation', () => {
  it('GET /metrics: exact counts after a known sequence, in Prometheus text format 0.0.4', async () => {
    const gov = knownSequence();
    const { url } = await serve(gov);
    const r = await call(`${url}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const m = parseExposition(r.text);
    const o = `resource="${ORDERS}"`;
    const expected: Record<string, number> = {
      [`instts_governance_passed_total{${o}}`]: 3,
      'instts_governance_passed_total{resource="pay"}': 2,
      'instts_governance_passed_total{resource="health"}': 1,
      [`instts_governance_blocked_total{${o},rule="orders-slots",type="isolation"}`]: 1,
      [`instts_governance_blocked_total{${o},rule="per-user",type="hotspot"}`]: 1,
      [`instts_governance_blocked_total{${o},rule="orders-qps",type="flow"}`]: 1,
      'instts_governance_blocked_total{resource="pay",rule="pay-errors",type="breaker"}': 1,
      [`instts_governance_completed_total{${o}}`]: 3,
      [`instts_governance_errors_total{${o}}`]: 1,
      'instts_governance_completed_total{resource="pay"}': 2,
      'instts_governance_errors_total{resource="pay"}': 2,
      [`instts_governance_timeouts_total{${o}}`]: 0,
      [`instts_governance_aborted_total{${o}}`]: 0,
      [`instts_governance_concurrency{${o}}`]: 0,
      'instts_governance_concurrency{resource="health"}': 1,
      [`instts_governance_fail_open_total{${o}}`]: 0,
      [`instts_governance_response_time_seconds_bucket{${o},le="0.005"}`]: 0,
      [`instts_governance_response_time_seconds_bucket{${o},le="0.01"}`]: 2,
      [`instts_governance_response_time_seconds_bucket{${o},le="0.25"}`]: 2,
      [`instts_governance_response_time_seconds_bucket{${o},le="0.5"}`]: 3,
      [`instts_governance_response_time_seconds_bucket{${o},le="+Inf"}`]: 3,
      [`instts_governance_response_time_seconds_sum{${o}}`]: 0.314,
      [`instts_governance_response_time_seconds_count{${o}}`]: 3,
      'instts_governance_response_time_seconds_count{resource="health"}': 0,
      'instts_governance_breaker_state{resource="pay",rule="pay-errors",state="closed"}': 0,
      'instts_governance_breaker_state{resource="pay",rule="pay-errors",state="open"}': 1,
      'instts_governance_breaker_state{resource="pay",rule="pay-errors",state="halfOpen"}': 0,
      [`instts_governance_rule_enabled{${o},rule="orders-qps",type="flow"}`]: 1,
      'instts_governance_rule_enabled{resource="pay",rule="pay-errors",type="breaker"}': 1,
      [`instts_governance_hotspot_values{${o},rule="per-user"}`]: 2, // u1, u2, u4, u5 seen; capacity 2
      [`instts_governance_hotspot_evictions_total{${o},rule="per-user"}`]: 2,
      'instts_governance_policy_reloads_total{result="ok"}': 0,
      'instts_governance_policy_reloads_total{result="rejected"}': 0,
    };
    for (const [series, value] of Object.entries(expected)) expect([series, m.get(series)]).toEqual([series, value]);
    // blocks by rule add up to the per-type totals of stats(); adaptive is off: no adaptive series
    const blocked = [...m]
      .filter(([k]) => k.startsWith('instts_governance_blocked_total'))
      .reduce((n, [, v]) => n + v, 0);
    expect(blocked).toBe(4);
    expect(gov.stats().reduce((n, s) => n + Object.values(s.blocked).reduce((x, y) => x + y, 0), 0)).toBe(4);
    expect([...m.keys()].some((k) => k.includes('adaptive'))).toBe(false);
    // every sampled family is declared once, with HELP and TYPE
    const families = r.text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2]);
    expect(new Set(families).size).toBe(families.length);
    expect(r.text.split('\n').filter((l) => l.startsWith('# HELP ')).length).toBe(families.length);
  });

  itWithServices(
    'promtool accepts the exposition: every family, escaped label values, adaptive protection on',
    [PROMETHEUS],
    async () => {
      const gov = knownSequence();
      gov.setPolicy({ ...POLICY, adaptive: { mode: 'on', cpuThreshold: 0.5 } });
      for (const odd of ['quote"d', 'back\\slash', 'new\nline', 'ünï—cødé ☃', ''])
        gov.exit(gov.entry(odd), { rtMs: 12 });
      const { url } = await serve(gov);
      const text = (await call(`${url}/metrics`)).text;
      expect(text).toContain('instts_governance_passed_total{resource="quote\\"d"} 1');
      expect(text).toContain('instts_governance_passed_total{resource="back\\\\slash"} 1');
      expect(text).toContain('instts_governance_passed_total{resource="new\\nline"} 1');
      expect(text).toContain('instts_governance_adaptive_cpu_ratio ');
      expect(promtool(text)).toEqual({ status: 0, output: '' });
      // the check is real: promtool refuses an unescaped quote and a counter without _total
      expect(promtool('# HELP x_total x\n# TYPE x_total counter\nx_total{resource="a"b"} 1\n').status).not.toBe(0);
      expect(promtool('# HELP x x\n# TYPE x counter\nx 1\n').status).not.toBe(0);
    },
  );

  it('GET /policy: the active policy and live rule states; GET /healthz; GET / lists the endpoints; HEAD works', async () => {
    const gov = knownSequence();
    const { url } = await serve(gov);
    const r = await call(`${url}/policy`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const view = JSON.parse(r.text) as {
      policy: { flow: unknown[] };
      rules: Array<Record<string, unknown>>;
      reloads: unknown;
      overrides: unknown[];
    };
    expect(view.policy.flow[0]).toMatchObject({ id: 'orders-qps', threshold: 3, shaping: 'reject' });
    expect(view.rules.find((x) => x.id === 'pay-errors')).toMatchObject({
      kind: 'breaker',
      enabled: true,
      state: { state: 'open' },
    });
    expect(view.rules.find((x) => x.id === 'per-user')).toMatchObject({
      state: { tracked: 2, capacity: 2, evictions: 2 },
    });
    expect(view.reloads).toEqual({ ok: 0, rejected: 0 });
    expect(view.overrides).toEqual([]);

    expect(await call(`${url}/healthz`)).toMatchObject({ status: 200, text: 'ok\n' });
    expect((await call(url)).text).toContain('POST /rules/<id>/disable');
    const head = await call(`${url}/metrics`, 'HEAD');
    expect([head.status, head.text, Number(head.headers.get('content-length')) > 1000]).toEqual([200, '', true]);
  });

  it('unknown path → 404; wrong method → 405 with Allow', async () => {
    const { gov } = setup({});
    const { url } = await serve(gov);
    const missing = await call(`${url}/metric`);
    expect([missing.status, JSON.parse(missing.text)]).toEqual([
      404,
      { error: 'no such endpoint: /metric (GET / lists them)' },
    ]);
    expect((await call(`${url}/rules/x/explode`, 'POST')).status).toBe(404);
    const wrong = await post(`${url}/metrics`);
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const get = await call(`${url}/policy/reload`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await call(`${url}/rules/x/disable`, 'DELETE')).headers.get('allow')).toBe('POST');
    // odd request targets (asterisk form, absolute form) get a plain answer, never a failure
    const port = Number(new URL(url).port);
    expect(await rawStatus(port, 'OPTIONS * HTTP/1.1')).toBe(400);
    expect(await rawStatus(port, `GET http://127.0.0.1:${port}/healthz HTTP/1.1`)).toBe(200);
  });
});

describe('admin endpoint: endpoints that change state', () => {
  it('without a configured token they are disabled: 403 with a clear message, whatever is sent', async () => {
    const { gov } = setup({ flow: [{ id: 'q', resource: 'r', threshold: 1 }] });
    const { url } = await serve(gov, { token: '' });
    for (const auth of [undefined, 'Bearer ', 'Bearer anything']) {
      for (const path of ['/rules/q/disable', '/policy/reload']) {
        const r = await call(`${url}${path}`, 'POST', auth);
        expect([r.status, JSON.parse(r.text)]).toEqual([
          403,
          { error: 'state-changing endpoints are disabled: no admin token is configured (set INSTTS_ADMIN_TOKEN)' },
        ]);
      }
    }
    expect(gov.inspect().rules[0]!.enabled).toBe(true);
    expect((await call(`${url}/metrics`)).status).toBe(200); // reading needs no token
  });

  it('missing or wrong token → 401 with a Bearer challenge; the right one → 200', async () => {
    const { gov } = setup({ flow: [{ id: 'q', resource: 'r', threshold: 1 }] });
    const { url, lines } = await serve(gov);
    const path = `${url}/rules/q/disable`;
    for (const [auth, error] of [
      [undefined, 'missing bearer token: send "Authorization: Bearer <token>"'],
      [
        `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`,
        'missing bearer token: send "Authorization: Bearer <token>"',
      ],
      ['Bearer', 'missing bearer token: send "Authorization: Bearer <token>"'],
      ['Bearer wrong', 'wrong token'],
      [`Bearer ${TOKEN.slice(0, -1)}`, 'wrong token'],
      [`Bearer ${TOKEN}x`, 'wrong token'],
    ] as const) {
      const r = await call(path, 'POST', auth);
      expect([auth, r.status, JSON.parse(r.text), r.headers.get('www-authenticate')]).toEqual([
        auth,
        401,
        { error },
        'Bearer realm="instts-admin"',
      ]);
    }
    expect(gov.inspect().rules[0]!.enabled).toBe(true); // nothing changed
    const ok = await call(path, 'POST', `bearer  ${TOKEN}`); // the scheme is case-insensitive
    expect([ok.status, JSON.parse(ok.text)]).toEqual([200, { rule: 'q', enabled: false, override: false }]);
    expect(lines.at(-1)).toBe('instts: governance rule "q" disabled through the admin endpoint');
  });

  it('POST /rules/<id>/disable, /enable, /reset switch a rule at run time', async () => {
    const { gov } = setup({ flow: [{ resource: 'r', threshold: 1 }] });
    const { url } = await serve(gov);
    const passes = (n: number): number => {
      let p = 0;
      for (let i = 0; i < n; i++) {
        const e = gov.entry('r');
        if (e.kind === 'pass') {
          p++;
          gov.exit(e);
        }
      }
      return p;
    };
    expect(passes(3)).toBe(1);
    // the default id flow[0] travels percent-encoded
    expect((await post(`${url}/rules/flow%5B0%5D/disable`)).status).toBe(200);
    expect(passes(3)).toBe(3);
    let m = parseExposition((await call(`${url}/metrics`)).text);
    expect(m.get('instts_governance_rule_enabled{resource="r",rule="flow[0]",type="flow"}')).toBe(0);
    const view = JSON.parse((await call(`${url}/policy`)).text) as { rules: unknown[]; overrides: unknown[] };
    expect(view.rules[0]).toMatchObject({ id: 'flow[0]', enabled: false, override: false });
    expect(view.overrides).toEqual([{ rule: 'flow[0]', enabled: false }]);

    expect(JSON.parse((await post(`${url}/rules/flow%5B0%5D/enable`)).text)).toEqual({
      rule: 'flow[0]',
      enabled: true,
      override: true,
    });
    expect(passes(3)).toBe(0); // switched back on with the window it had: still full
    expect(JSON.parse((await post(`${url}/rules/flow%5B0%5D/reset`)).text)).toEqual({
      rule: 'flow[0]',
      enabled: true,
      override: null,
    });
    m = parseExposition((await call(`${url}/metrics`)).text);
    expect(m.get('instts_governance_rule_enabled{resource="r",rule="flow[0]",type="flow"}')).toBe(1);
    expect(m.get('instts_governance_blocked_total{resource="r",rule="flow[0]",type="flow"}')).toBe(5);

    const unknown = await post(`${url}/rules/nope/disable`);
    expect([unknown.status, JSON.parse(unknown.text)]).toEqual([
      404,
      { error: 'no rule with id "nope" in the active policy' },
    ]);
    expect((await post(`${url}/rules/%E0%A4%A/disable`)).status).toBe(400);
  });

  it('POST /policy/reload applies the file now, and refuses an invalid one keeping the last good policy', async () => {
    const file = join(dir, 'reload-policy.json');
    const policy = (threshold: number): string => JSON.stringify({ flow: [{ resource: 'r', threshold }] });
    writeFileSync(file, policy(10));
    const { gov, lines } = setup({});
    // no polling or fs.watch within the test: only the endpoint reloads
    const watcher = watchPolicyFile(gov, file, { intervalMs: 3_600_000, fsWatch: false, log: (l) => lines.push(l) });
    watchers.push(watcher);
    const { url } = await serve(gov, { watcher, log: (l) => lines.push(l) });
    expect(gov.policy.flow[0]!.threshold).toBe(10);

    writeFileSync(file, policy(20));
    const ok = await post(`${url}/policy/reload`);
    expect([ok.status, JSON.parse(ok.text)]).toEqual([200, { ok: true, file, rules: 1 }]);
    expect(gov.policy.flow[0]!.threshold).toBe(20);

    writeFileSync(file, policy(-1));
    lines.length = 0;
    const bad = await post(`${url}/policy/reload`);
    expect([bad.status, JSON.parse(bad.text)]).toEqual([
      422,
      { ok: false, file, path: '$.flow[0].threshold', problem: 'must be >= 0, got -1', line: 1, column: 26 },
    ]);
    expect(lines).toEqual([
      `instts: policy ${file}(1,26) rejected: $.flow[0].threshold: must be >= 0, got -1; keeping the previous policy`,
    ]);
    expect(gov.policy.flow[0]!.threshold).toBe(20);
    watcher.check(); // the watcher's next poll does not report the same version again
    expect(lines).toHaveLength(1);
    const m = parseExposition((await call(`${url}/metrics`)).text);
    expect([
      m.get('instts_governance_policy_reloads_total{result="ok"}'),
      m.get('instts_governance_policy_reloads_total{result="rejected"}'),
    ]).toEqual([1, 1]);
  });

  it("POST /policy/reload without a watcher reads the engine's policy source; no file → 409", async () => {
    const file = join(dir, 'plain-policy.json');
    writeFileSync(file, JSON.stringify({ flow: [{ resource: 'r', threshold: 5 }] }));
    const { gov } = setup({});
    const first = await serve(gov);
    expect((await post(`${first.url}/policy/reload`)).status).toBe(409);
    gov.setPolicy({}, file); // the engine remembers where its policy came from
    const ok = await post(`${first.url}/policy/reload`);
    expect([ok.status, gov.policy.flow[0]?.threshold, first.lines.at(-1)]).toEqual([
      200,
      5,
      `instts: policy ${file} reloaded (1 rule)`,
    ]);
  });
});

describe('admin endpoint: address and protected reads', () => {
  it('INSTTS_ADMIN_PROTECT_READS (the protectReads option): reads need the token, /healthz stays open', async () => {
    const { gov } = setup({ flow: [{ id: 'q', resource: 'r', threshold: 1 }] });
    const { url, lines } = await serve(gov, { protectReads: true });
    expect(lines[0]).toMatch(
      /\(GET \/metrics \/policy \/healthz need the bearer token; POST endpoints need the bearer token\)$/,
    );
    for (const path of ['/', '/metrics', '/policy']) {
      for (const method of ['GET', 'HEAD']) {
        expect((await call(`${url}${path}`, method)).status, `${method} ${path} without a token`).toBe(401);
        expect(
          (await call(`${url}${path}`, method, 'Bearer wrong')).status,
          `${method} ${path} with a wrong token`,
        ).toBe(401);
        expect(
          (await call(`${url}${path}`, method, `Bearer ${TOKEN}`)).status,
          `${method} ${path} with the token`,
        ).toBe(200);
      }
    }
    expect((await call(`${url}/metrics`)).headers.get('www-authenticate')).toBe('Bearer realm="instts-admin"');
    expect((await call(`${url}/healthz`)).status).toBe(200);
  });

  it('protected reads with no token configured: refused (403), saying why', async () => {
    const { gov } = setup({});
    const { url, lines } = await serve(gov, { protectReads: true, token: '' });
    expect(lines[0]).toMatch(/GET \/metrics \/policy \/healthz refused \(reads protected, no INSTTS_ADMIN_TOKEN\)/);
    const r = await call(`${url}/metrics`, 'GET', 'Bearer anything');
    expect([r.status, JSON.parse(r.text)]).toEqual([
      403,
      {
        error:
          'read endpoints are protected (INSTTS_ADMIN_PROTECT_READS) and no admin token is configured (set INSTTS_ADMIN_TOKEN)',
      },
    ]);
    expect((await call(`${url}/healthz`)).status).toBe(200);
  });

  it('bound beyond loopback with open reads: one more line says who can read', async () => {
    const { gov } = setup({});
    const lines: string[] = [];
    const admin = startAdminServer(gov, { port: 0, host: '0.0.0.0', token: TOKEN, log: (l) => lines.push(l) });
    servers.push(admin);
    const port = await admin.listening;
    expect(lines).toEqual([
      `instts: governance admin endpoint on http://0.0.0.0:${port} (GET /metrics /policy /healthz; POST endpoints need the bearer token)`,
      'instts: the admin endpoint listens on 0.0.0.0: anyone who can reach it reads the metrics and the policy (set INSTTS_ADMIN_TOKEN and INSTTS_ADMIN_PROTECT_READS=true to require the token)',
    ]);
    expect((await call(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('INSTTS_ADMIN_HOST binds another address (127.0.0.2 here), and nothing on 127.0.0.1', async () => {
    const saved = { host: process.env.INSTTS_ADMIN_HOST, reads: process.env.INSTTS_ADMIN_PROTECT_READS };
    process.env.INSTTS_ADMIN_HOST = '127.0.0.2';
    process.env.INSTTS_ADMIN_PROTECT_READS = '1';
    try {
      const { gov } = setup({});
      const lines: string[] = [];
      const admin = startAdminServer(gov, { port: 0, token: TOKEN, log: (l) => lines.push(l) });
      servers.push(admin);
      const port = await admin.listening;
      expect(admin.url).toBe(`http://127.0.0.2:${port}`);
      expect(lines).toEqual([
        `instts: governance admin endpoint on http://127.0.0.2:${port} (GET /metrics /policy /healthz need the bearer token; POST endpoints need the bearer token)`,
      ]);
      expect((await call(`${admin.url}/metrics`)).status).toBe(401);
      const refused = await new Promise<string>((resolve) => {
        const s: Socket = connect({ host: '127.0.0.1', port: port! }, () => (s.destroy(), resolve('connected')));
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
    } finally {
      for (const [name, value] of [
        ['INSTTS_ADMIN_HOST', saved.host],
        ['INSTTS_ADMIN_PROTECT_READS', saved.reads],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe('admin endpoint: never in the way', () => {
  it('listens on 127.0.0.1 only', async () => {
    const { gov } = setup({});
    const { url } = await serve(gov);
    const port = Number(new URL(url).port);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal);
    if (external === undefined) return; // no other interface to try
    const refused = await new Promise<string>((resolve) => {
      const s: Socket = connect({ host: external.address, port }, () => (s.destroy(), resolve('connected')));
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('a port in use: one line, no throw, the handle still closes', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      const { gov } = setup({});
      const lines: string[] = [];
      const admin = startAdminServer(gov, { port, log: (l) => lines.push(l) });
      expect(await admin.listening).toBeUndefined();
      expect(lines).toEqual([
        `instts: governance admin endpoint not started: 127.0.0.1:${port} is in use; the service runs without it`,
      ]);
      await admin.close();
    } finally {
      busy.close();
    }
  });

  it('a bad INSTTS_ADMIN_PORT: one line, no server', async () => {
    const saved = process.env.INSTTS_ADMIN_PORT;
    process.env.INSTTS_ADMIN_PORT = '80a';
    try {
      const lines: string[] = [];
      const admin = startAdminServer(setup({}).gov, { log: (l) => lines.push(l) });
      expect(await admin.listening).toBeUndefined();
      expect(lines).toEqual([
        'instts: governance admin endpoint not started: INSTTS_ADMIN_PORT="80a" is not a port number (0-65535)',
      ]);
    } finally {
      if (saved === undefined) delete process.env.INSTTS_ADMIN_PORT;
      else process.env.INSTTS_ADMIN_PORT = saved;
    }
  });

  it('an exception while answering → 500 and one report; the server keeps serving', async () => {
    const { gov } = setup({});
    const { url, lines } = await serve(gov);
    gov.inspect = () => {
      throw new Error('inspect exploded');
    };
    for (let i = 0; i < 2; i++) {
      const r = await call(`${url}/policy`);
      expect([r.status, JSON.parse(r.text)]).toEqual([500, { error: 'internal error: Error: inspect exploded' }]);
    }
    expect(lines.filter((l) => l.includes('exploded'))).toEqual([
      'instts: governance admin endpoint failed on GET /policy: Error: inspect exploded (reported once)',
    ]);
    expect((await call(`${url}/healthz`)).status).toBe(200);
  });

  it('the process-wide engine starts it from INSTTS_ADMIN_PORT and INSTTS_ADMIN_TOKEN; resetGovernance() stops it', async () => {
    const saved = {
      port: process.env.INSTTS_ADMIN_PORT,
      token: process.env.INSTTS_ADMIN_TOKEN,
      policy: process.env.INSTTS_POLICY,
    };
    process.env.INSTTS_ADMIN_PORT = '0';
    process.env.INSTTS_ADMIN_TOKEN = TOKEN;
    delete process.env.INSTTS_POLICY;
    try {
      const gov = governance({ log: () => {}, policy: { flow: [{ id: 'q', resource: 'r', threshold: 1 }] } });
      const admin = governanceAdmin()!;
      const port = await admin.listening;
      const url = `http://127.0.0.1:${port}`;
      expect((await post(`${url}/rules/q/disable`)).status).toBe(200);
      expect((await post(`${url}/rules/q/enable`, 'wrong')).status).toBe(401);
      expect(gov.inspect().rules[0]!.enabled).toBe(false);
      resetGovernance();
      expect(governanceAdmin()).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      resetGovernance();
      for (const [name, value] of [
        ['INSTTS_ADMIN_PORT', saved.port],
        ['INSTTS_ADMIN_TOKEN', saved.token],
        ['INSTTS_POLICY', saved.policy],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  /** A child process that uses the process-wide engine for `workMs` and is expected to exit by itself. */
  function child(
    env: Record<string, string>,
    workMs: number,
  ): { done: Promise<{ code: number | null; stderr: string; at: number }>; port: Promise<number> } {
    const program = `
      import { governance, governanceAdmin } from ${JSON.stringify(bundle)};
      const gov = governance();
      gov.exit(gov.entry('work'));
      const port = await governanceAdmin().listening;
      process.stdout.write(String(port ?? 'none') + '\\n');
      setTimeout(() => {}, ${workMs}); // the service's own work; the admin endpoint adds nothing
    `;
    const p = spawn(process.execPath, ['--input-type=module', '-e', program], {
      env: { ...process.env, INSTTS_POLICY: '', INSTTS_ADMIN_TOKEN: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const port = new Promise<number>((resolve, reject) => {
      let out = '';
      p.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(Number(out.trim()));
      });
      p.on('exit', () => reject(new Error(`child exited before printing its port: ${stderr}`)));
    });
    port.catch(() => {});
    const done = new Promise<{ code: number | null; stderr: string; at: number }>((resolve) => {
      const killer = setTimeout(() => p.kill('SIGKILL'), 10_000);
      p.on('exit', (code) => {
        clearTimeout(killer);
        resolve({ code, stderr, at: performance.now() });
      });
    });
    return { done, port };
  }

  it("does not keep the process alive, even with a scraper's keep-alive connection open", async () => {
    const c = child({ INSTTS_ADMIN_PORT: '0' }, 1000);
    const port = await c.port;
    const workStarted = performance.now();
    // scrape over a keep-alive connection and leave it open
    const agent = new Agent({ keepAlive: true });
    const socketClosed = new Promise<number>((resolve) => {
      httpGet({ host: '127.0.0.1', port, path: '/metrics', agent }, (res) => {
        const socket = res.socket; // back in the agent's pool after the body, still connected
        socket.once('close', () => resolve(performance.now()));
        res.resume();
      });
    });
    const scraped = performance.now();
    const { code, stderr, at } = await c.done;
    const closedAt = await Promise.race([
      socketClosed,
      new Promise<number>((resolve) => setTimeout(() => resolve(NaN), 3000)),
    ]);
    agent.destroy();
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /^instts: governance admin endpoint on http:\/\/127\.0\.0\.1:\d+ \(GET \/metrics \/policy \/healthz; POST endpoints disabled \(no INSTTS_ADMIN_TOKEN\)\)\n$/,
    );
    // it ends with its 1 s of work: not after the server's 5 s keep-alive timeout, not never
    expect(at - workStarted).toBeLessThan(1000 + 2500);
    expect(closedAt).toBeGreaterThanOrEqual(scraped); // the connection was still open when it exited
  });

  it('a port in use leaves the service running: one line on stderr, normal exit', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const busyPort = (busy.address() as AddressInfo).port;
      const c = child({ INSTTS_ADMIN_PORT: String(busyPort) }, 100);
      expect(await c.port).toBeNaN(); // 'none'
      const { code, stderr } = await c.done;
      expect(code).toBe(0);
      expect(stderr).toBe(
        `instts: governance admin endpoint not started: 127.0.0.1:${busyPort} is in use; the service runs without it\n`,
      );
    } finally {
      busy.close();
    }
  });
});
