// The engine side of the policy as a running service sees it: declared resources matched by
// adapter attributes (the policy reference's example), a bounded resource table, warnings for
// rules whose resource never occurs, behaviours that cannot apply to a resource's kind, located
// one-line JSON errors, and rules that keep their live state across edits.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  OVERFLOW_RESOURCE,
  parsePolicy,
  PolicyError,
  type Entry,
  type Pending,
} from '../../src/runtime/governance/index.js';
import { setup } from './helpers.js';

const doc = readFileSync(new URL('../../docs/policy-reference.md', import.meta.url), 'utf8');
const example = /```json\n([\s\S]*?)```/.exec(doc)![1]!;

describe('the policy reference example governs what it says', () => {
  it('an inbound GET on /api/orders/:id is "order.get": hotspot 5 per x-user-id, vip-1 100', () => {
    const { gov } = setup(parsePolicy(example), { cpuUsage: () => 0 });
    const order = (user: string) =>
      gov.entry(
        gov.resolve('http-in', 'GET:/api/orders/:id', {
          method: 'GET',
          route: '/api/orders/:id',
          path: '/api/orders/7',
        }),
        { headers: { 'x-user-id': user } },
      );
    const kinds = (user: string, n: number): string[] =>
      Array.from({ length: n }, () => {
        const e = order(user);
        if (e.kind === 'pass') gov.exit(e);
        return e.kind === 'blocked' ? `${e.type}:${e.ruleId}` : e.kind;
      });
    expect(kinds('u-1', 6)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'hotspot:hotspot[0]']);
    expect(kinds('vip-1', 6).every((k) => k === 'pass')).toBe(true);
    // Another method or route is not "order.get".
    expect(gov.resolve('http-in', 'POST:/api/orders/:id', { method: 'POST', route: '/api/orders/:id' }).id).toBe(
      'POST:/api/orders/:id',
    );
  });

  it('an outbound call to host "payments" is "pay": queued at 20/s within 500 ms, then its isolation of 8', async () => {
    const { gov, clock } = setup(parsePolicy(example), { cpuUsage: () => 0 });
    const pay = gov.resolve('http-out', 'payments:443', { method: 'POST', host: 'payments', port: 443 });
    expect(pay.id).toBe('pay');
    expect(pay.kind).toBe('http-out');
    const results = Array.from({ length: 12 }, () => gov.entry(pay));
    expect(results[0]!.kind).toBe('pass');
    const waits = results.slice(1).map((r) => (r.kind === 'pending' ? (r as Pending).waitMs : r.kind));
    // 50 ms apart up to 500 ms of queue; the isolation of 8 counts queued calls as in flight.
    expect(waits).toEqual([50, 100, 150, 200, 250, 300, 350, 'blocked', 'blocked', 'blocked', 'blocked']);
    clock.advance(400);
    await Promise.resolve();
    for (const r of results) if (r.kind === 'pass') gov.exit(r as Entry);
  });
});

describe('bounded resources', () => {
  it('names no rule mentions are capped; beyond the cap calls share "(other)"; named ones are never capped', () => {
    const { gov } = setup({ flow: [{ resource: 'GET:/limited', threshold: 1 }] }, { maxResources: 10 });
    for (let i = 0; i < 1000; i++) gov.resolve('http-in', `GET:/r/${i}`);
    expect(gov.resolve('http-in', 'GET:/r/5000').id).toBe(OVERFLOW_RESOURCE);
    expect(gov.resolve('http-in', 'GET:/limited').id).toBe('GET:/limited');
    expect(gov.listResources().length).toBe(12);
  });
});

describe('policy against the service', () => {
  it('a rule whose resource no call entered is reported once, with the closest seen names', () => {
    const { gov, lines } = setup(
      { flow: [{ id: 'h', resource: 'GET /healthz', threshold: 1 }] },
      { unseenResourceMs: 0 },
    );
    gov.resolve('http-in', 'GET:/healthz');
    gov.resolve('http-in', 'GET:/health');
    gov.resolve('http-in', 'POST:/orders');
    gov.checkUnseen();
    gov.checkUnseen();
    expect(lines).toEqual([
      `instts: policy rule 'h' names resource "GET /healthz", which no call has entered in 0 s; closest seen: "GET:/healthz", "GET:/health"`,
    ]);
    expect(gov.inspect().warnings.map((w) => w.rule)).toEqual(['h']);
    gov.close();
  });

  it('an unseen resource with nothing like it: "no resource seen yet" only when none was, else a few seen names', () => {
    const none = setup({ flow: [{ id: 'q', resource: 'quotes', threshold: 1 }] }, { unseenResourceMs: 0 });
    none.gov.checkUnseen();
    expect(none.lines).toEqual([
      `instts: policy rule 'q' names resource "quotes", which no call has entered in 0 s; no resource has been seen yet`,
    ]);
    const some = setup({ flow: [{ id: 'q', resource: 'quotes', threshold: 1 }] }, { unseenResourceMs: 0 });
    for (const path of ['/a', '/b', '/c', '/d', '/e', '/f', '/g']) some.gov.resolve('http-in', `GET:${path}`);
    some.gov.checkUnseen();
    expect(some.lines).toEqual([
      `instts: policy rule 'q' names resource "quotes", which no call has entered in 0 s; no seen resource has a similar name (seen: "GET:/a", "GET:/b", "GET:/c", "GET:/d", "GET:/e" and 2 more)`,
    ]);
    none.gov.close();
    some.gov.close();
  });

  it('an adaptive.exclude id that no call entered is reported as unseen too (also without rules)', async () => {
    const { gov, lines } = setup(
      { adaptive: { mode: 'on', exclude: ['GET:/helth', 'POST:/orders'] } },
      { unseenResourceMs: 20, cpuUsage: () => 0 },
    );
    gov.resolve('http-in', 'GET:/health');
    gov.resolve('http-in', 'POST:/orders');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines).toEqual([
      `instts: policy adaptive.exclude names resource "GET:/helth", which no call has entered in 0 s; closest seen: "GET:/health"`,
    ]);
    expect(gov.inspect().warnings).toEqual([{ rule: 'adaptive', resource: 'GET:/helth', message: lines[0] }]);
    gov.close();
  });

  it('an adaptive behaviour a kind cannot take is said once per kind, also on resources without rules', () => {
    const { gov, lines } = setup(
      {
        behaviors: { cached: { type: 'fallback', value: [] } },
        adaptive: { mode: 'on', behavior: 'cached' },
      },
      { cpuUsage: () => 0 },
    );
    gov.resolve('http-in', 'GET:/a');
    gov.resolve('http-in', 'GET:/b');
    gov.resolve('function', '.:Pricing.quote');
    expect(lines).toEqual([
      `instts: policy rule 'adaptive' on resource 'GET:/a' (an HTTP request) has fallback behavior 'cached', which HTTP requests cannot take; blocked requests get the default 429`,
    ]);
    gov.close();
  });

  it('rejects a fallback on an http-in resource and a respond on a function, in one line', () => {
    const fallbackOnRoute = {
      resources: [{ id: 'orders', kind: 'http-in' }],
      behaviors: { cached: { type: 'fallback', value: [] } },
      flow: [{ resource: 'orders', threshold: 1, behavior: 'cached' }],
    };
    expect(() => parsePolicy(JSON.stringify(fallbackOnRoute))).toThrow(
      /^\$\.flow\[0\]\.behavior: behavior "cached" is a fallback, which an HTTP request/,
    );
    const respondOnFunction = {
      resources: [{ id: 'price', kind: 'function' }],
      behaviors: { busy: { type: 'respond' } },
      defaultBehavior: 'busy',
      isolation: [{ resource: 'price', maxConcurrency: 1 }],
    };
    expect(() => parsePolicy(JSON.stringify(respondOnFunction))).toThrow(
      /^\$\.isolation\[0\] \(defaultBehavior "busy"\): behavior "busy" is a respond, which a function call/,
    );
    expect(() =>
      parsePolicy(JSON.stringify({ resources: [{ id: 'x', kind: 'http-in', match: { methd: 'GET' } }] })),
    ).toThrow('$.resources[0].match.methd: unknown property (did you mean "method"?)');
  });

  it('a fallback value or handler on a database resource: rejected when declared, one warning when met at run time', () => {
    const declared = {
      resources: [{ id: 'orders-db', kind: 'db', match: { system: 'postgresql' } }],
      behaviors: { empty: { type: 'fallback', value: { rows: [] } } },
      flow: [{ resource: 'orders-db', threshold: 1, behavior: 'empty' }],
    };
    expect(() => parsePolicy(JSON.stringify(declared))).toThrow(
      /^\$\.flow\[0\]\.behavior: behavior "empty" is a fallback with a value, which a database call \(resource "orders-db", kind "db"\) cannot return/,
    );
    // a fallback that throws is what a database call can take
    expect(() =>
      parsePolicy(JSON.stringify({ ...declared, behaviors: { empty: { type: 'fallback', throw: 'db busy' } } })),
    ).not.toThrow();
    const { gov, lines } = setup({
      behaviors: { cached: { type: 'fallback', handler: 'orders.cached' } },
      flow: [{ id: 'pg-qps', resource: 'pg:127.0.0.1:5432/app', threshold: 1, behavior: 'cached' }],
    });
    gov.resolve('db', 'pg:127.0.0.1:5432/app');
    gov.resolve('db', 'pg:127.0.0.1:5432/app');
    expect(lines).toEqual([
      `instts: policy rule 'pg-qps' on resource 'pg:127.0.0.1:5432/app' (a database call) has fallback behavior 'cached' with a value or handler, which a database call cannot return; blocked calls fail with a BlockedError (use a fallback "throw", or govern the function that makes the call)`,
    ]);
    gov.close();
  });

  it('a hotspot parameter the calls of a kind never carry: one warning per rule and kind; a call that lacks it: none', () => {
    const { gov, lines } = setup({
      hotspot: [
        { id: 'per-user', resource: '.:PriceService.quote', param: { from: 'header', name: 'x-user' }, threshold: 0 },
        { id: 'per-first-arg', resource: 'GET:/orders', param: { from: 'arg', index: 0 }, threshold: 0 },
        { id: 'per-tenant', resource: 'GET:/orders', param: { from: 'header', name: 'x-tenant' }, threshold: 0 },
        { id: 'per-sku', resource: '.:PriceService.quote', param: { from: 'arg', index: 0 }, threshold: 5 },
      ],
    });
    const quote = () => gov.entry(gov.resource('.:PriceService.quote', 'function'), { args: ['sku-1'] });
    for (let i = 0; i < 3; i++) expect(quote().kind).toBe('pass');
    const orders = gov.resolve('http-in', 'GET:/orders');
    gov.resolve('http-in', 'GET:/orders');
    // No x-tenant on this request: the rule simply does not apply to it, as documented.
    const request = gov.entry(orders, { args: [{ method: 'GET' }, {}], headers: {} });
    expect(request.kind).toBe('pass');
    expect(lines).toEqual([
      `instts: policy hotspot rule 'per-user' on resource '.:PriceService.quote' reads header "x-user", which a function call (kind "function") never carries (it carries only its arguments (arg)); the rule never applies to those calls`,
      `instts: policy hotspot rule 'per-first-arg' on resource 'GET:/orders' reads argument 0, which an inbound HTTP request (kind "http-in") never carries (its arguments (request, response) are objects, which carry no value; it carries headers, query parameters, route parameters (path) and the client address); the rule never applies to those calls`,
    ]);
    expect(gov.inspect().warnings.map((w) => w.rule)).toEqual(['per-user', 'per-first-arg']);
    gov.close();
  });

  it('the parameter check also runs when a policy arrives after the calls, per adapter kind entering the resource', () => {
    const { gov, lines } = setup({});
    gov.resolve('rpc-in', '/demo.Hop/Relay');
    gov.resolve('db', 'pg:127.0.0.1:5432/app');
    expect(lines).toEqual([]);
    gov.setPolicy({
      hotspot: [
        { id: 'per-tenant', resource: '/demo.Hop/Relay', param: { from: 'header', name: 'x-tenant' }, threshold: 1 },
        {
          id: 'per-ip',
          resource: 'pg:127.0.0.1:5432/app',
          param: { from: 'clientIp' },
          threshold: 1,
          onMissing: 'block',
        },
      ],
    });
    // The service also calls the method it serves: outbound calls carry no metadata for the rule.
    gov.resolve('rpc-out', '/demo.Hop/Relay');
    gov.resolve('rpc-out', '/demo.Hop/Relay');
    expect(lines).toEqual([
      `instts: policy hotspot rule 'per-ip' on resource 'pg:127.0.0.1:5432/app' reads the client address, which a database call (kind "db") never carries (it carries only the values bound to its parameters (arg)); with "onMissing": "block" it blocks every one of those calls`,
      `instts: policy hotspot rule 'per-tenant' on resource '/demo.Hop/Relay' reads header "x-tenant", which a gRPC call the service makes (kind "rpc-out") never carries (it carries no value a hotspot rule can read); the rule never applies to those calls`,
    ]);
    gov.close();
  });

  it('a hotspot parameter a declared kind never carries is rejected', () => {
    const policy = {
      resources: [{ id: 'quote', kind: 'function' }],
      hotspot: [{ resource: 'quote', param: { from: 'header', name: 'x-user' }, threshold: 0 }],
    };
    expect(() => parsePolicy(JSON.stringify(policy))).toThrow(
      '$.hotspot[0].param: resource "quote" is declared kind "function": a function call never carries header "x-user" (it carries only its arguments (arg))',
    );
  });

  it('a behaviour a gRPC call cannot be given: rejected on a declared rpc resource, one line per rule when met at run time', () => {
    const behaviors = {
      cached: { type: 'fallback', value: { n: 0 } },
      computed: { type: 'fallback', handler: 'relay.cached' },
      away: { type: 'redirect', location: '/busy' },
      typo: { type: 'fallback', throw: { message: 'try later', code: 'UNAVAILBLE' } },
      ok: { type: 'fallback', throw: { message: 'fine', code: 'OK' } },
      gone: { type: 'fallback', throw: { message: 'try later', code: 'unavailable' } },
      busy: { type: 'respond', status: 503, body: 'busy' },
    };
    const declared = (behavior: string) => ({
      resources: [{ id: 'relay', kind: 'rpc-in', match: { method: 'Relay' } }],
      behaviors,
      flow: [{ resource: 'relay', threshold: 1, behavior }],
    });
    expect(() => parsePolicy(JSON.stringify(declared('typo')))).toThrow(
      '$.flow[0].behavior: behavior "typo" throws code "UNAVAILBLE", which is not a gRPC status name (did you mean "UNAVAILABLE"?), for a gRPC call (resource "relay", kind "rpc-in"); use a "respond" (its body is the status message) or a fallback "throw" whose code is a gRPC status name, such as "UNAVAILABLE"',
    );
    expect(() => parsePolicy(JSON.stringify(declared('cached')))).toThrow(
      /^\$\.flow\[0\]\.behavior: behavior "cached" is a fallback with a value, which a gRPC call cannot return, for a gRPC call/,
    );
    expect(() => parsePolicy(JSON.stringify(declared('away')))).toThrow(/behavior "away" is a redirect/);
    expect(() => parsePolicy(JSON.stringify(declared('ok')))).toThrow(/throws code "OK", which is not an error status/);
    for (const fine of ['gone', 'busy']) expect(() => parsePolicy(JSON.stringify(declared(fine)))).not.toThrow();

    const path = '/demo.Hop/Relay';
    const { gov, lines } = setup({
      behaviors,
      flow: Object.keys(behaviors).map((behavior) => ({ id: `f-${behavior}`, resource: path, threshold: 1, behavior })),
    });
    gov.resolve('rpc-in', path);
    gov.resolve('rpc-out', path); // the service also calls the method it serves: no second line
    gov.resolve('rpc-in', path);
    const tail =
      '; blocked calls get RESOURCE_EXHAUSTED (use a "respond", or a fallback "throw" whose code is a gRPC status name)';
    expect(lines).toEqual([
      `instts: policy rule 'f-cached' on resource '${path}' (a gRPC call): behavior 'cached' is a fallback with a value, which a gRPC call cannot return${tail}`,
      `instts: policy rule 'f-computed' on resource '${path}' (a gRPC call): behavior 'computed' is a fallback with a handler, which a gRPC call cannot return${tail}`,
      `instts: policy rule 'f-away' on resource '${path}' (a gRPC call): behavior 'away' is a redirect, which a gRPC call cannot take${tail}`,
      `instts: policy rule 'f-typo' on resource '${path}' (a gRPC call): behavior 'typo' throws code "UNAVAILBLE", which is not a gRPC status name (did you mean "UNAVAILABLE"?)${tail}`,
      `instts: policy rule 'f-ok' on resource '${path}' (a gRPC call): behavior 'ok' throws code "OK", which is not an error status${tail}`,
      // accepted, but its HTTP status is said not to reach the call
      `instts: policy rule 'f-busy' on resource '${path}' (a gRPC call): behavior 'busy' sets HTTP status 503, which a gRPC call cannot carry; blocked calls get RESOURCE_EXHAUSTED with the body as the status message (for another status, use a fallback "throw" whose code is a gRPC status name, such as "UNAVAILABLE")`,
    ]);
    gov.close();
  });

  it('every rejection of text that is not JSON is one line with line and column', () => {
    const cases: Array<[string, string]> = [
      [
        '{\n  "flow": [\n    { "resource": "x", "threshold": 1, "enabled": False }\n  ]\n}',
        'unexpected "False" (did you mean false?), expected a value (object, array, string, number, true, false or null), at line 3, column 51',
      ],
      [
        '{"flow": [{"resource": "x", "threshold": NaN}]}',
        'unexpected "NaN" (JSON has no NaN or Infinity), expected a value (object, array, string, number, true, false or null), at line 1, column 42',
      ],
      ['{\n  "flow": [],\n}', 'unexpected "}", expected a property name in double quotes, at line 3, column 1'],
      [
        '{"flow": [',
        'unexpected end of input (expected a value (object, array, string, number, true, false or null)) at line 1, column 11',
      ],
      [
        '{"x": "a\nb"}',
        'unexpected "\\n", expected no control character inside a string (escape it), at line 1, column 9',
      ],
    ];
    for (const [text, problem] of cases) {
      let error: unknown;
      try {
        parsePolicy(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PolicyError);
      expect((error as Error).message).toBe(`$: invalid JSON: ${problem}`);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('editing a rule keeps its live state when what it counts is unchanged', () => {
  const breaker = { id: 'b', resource: 'r', strategy: 'errorCount', threshold: 1, minRequests: 1, openMs: 1000 };
  const open = () => {
    const s = setup({ circuitBreakers: [breaker] });
    s.gov.exit(s.gov.entry('r') as Entry, { error: new Error('x') });
    expect(s.gov.entry('r').kind).toBe('blocked');
    return s;
  };

  it('a breaker stays open when openMs is lengthened, and uses the new openMs', () => {
    const { gov, clock } = open();
    gov.setPolicy({ circuitBreakers: [{ ...breaker, openMs: 5000, threshold: 2 }] });
    clock.advance(1500);
    expect(gov.entry('r').kind).toBe('blocked');
    clock.advance(4000);
    expect(gov.entry('r').kind).toBe('pass'); // the probe
  });

  it('a breaker switched off and on (run-time switch or file) is still open', () => {
    const { gov } = open();
    gov.setRuleEnabled('b', false);
    expect(gov.entry('r').kind).toBe('pass');
    gov.setRuleEnabled('b', true);
    expect(gov.entry('r').kind).toBe('blocked');
    gov.setPolicy({ circuitBreakers: [{ ...breaker, enabled: false }] });
    gov.setPolicy({ circuitBreakers: [breaker] });
    expect(gov.entry('r').kind).toBe('blocked');
  });

  it('a breaker whose strategy changes starts closed; a flow rule keeps its window when its threshold changes', () => {
    const { gov } = open();
    gov.setPolicy({ circuitBreakers: [{ ...breaker, strategy: 'errorRatio', threshold: 0.5 }] });
    expect(gov.entry('r').kind).toBe('pass');
    gov.setPolicy({ flow: [{ resource: 'f', threshold: 3 }] });
    for (let i = 0; i < 3; i++) gov.exit(gov.entry('f') as Entry);
    gov.setPolicy({ flow: [{ resource: 'f', threshold: 4 }] });
    expect(gov.entry('f').kind).toBe('pass');
    expect(gov.entry('f').kind).toBe('blocked');
  });
});
