import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy, PolicyError, validatePolicy } from '../../src/runtime/governance/index.js';

/** The first problem, as the reload line would print it. */
function problem(policy: unknown): string {
  try {
    validatePolicy(policy);
  } catch (error) {
    if (error instanceof PolicyError) return error.message;
    throw error;
  }
  return 'valid';
}

const flow = (rule: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown => ({
  flow: [{ resource: 'r', ...rule }],
  ...extra,
});

describe('policy validation', () => {
  it('names the JSON path and the problem', () => {
    const cases: Array<[unknown, string]> = [
      [[], '$: expected an object, got an array'],
      [{ flows: [] }, '$.flows: unknown property (did you mean "flow"?)'],
      [{ version: 2 }, '$.version: expected 1, got number 2'],
      [{ clock: 'wall' }, '$.clock: expected "monotonic" (intervals never use the wall clock), got string "wall"'],
      [
        { order: ['flow', 'adaptive'] },
        '$.order: the check order is fixed: lanes, adaptive, isolation, hotspot, flow, circuitBreakers; got an array',
      ],
      [{ flow: {} }, '$.flow: expected an array, got an object'],
      [{ flow: [{ threshold: 1 }] }, '$.flow[0].resource: required property is missing'],
      [flow({ treshold: 5 }), '$.flow[0].treshold: unknown property (did you mean "threshold"?)'],
      [flow({}), '$.flow[0].threshold: required property is missing'],
      [flow({ threshold: '100' }), '$.flow[0].threshold: expected a number, got string "100"'],
      [flow({ threshold: -1 }), '$.flow[0].threshold: must be >= 0, got -1'],
      [
        flow({ threshold: 5, shaping: 'drop' }),
        '$.flow[0].shaping: expected one of "reject", "queue", got string "drop"',
      ],
      [
        flow({ threshold: 5, window: { ms: 1000, buckets: 3 } }),
        '$.flow[0].window.buckets: must divide window.ms (1000), got 3',
      ],
      [flow({ threshold: 5, window: { ms: 0 } }), '$.flow[0].window.ms: must be >= 1, got 0'],
      [
        flow({ threshold: 5, window: { ms: 1000, bucket: 2 } }),
        '$.flow[0].window.bucket: unknown property (did you mean "buckets"?)',
      ],
      [
        flow({ threshold: 5, window: { ms: 1000, align: 'sliding' } }),
        '$.flow[0].window.align: expected one of "burst", "clock", got string "sliding"',
      ],
      [flow({ threshold: 5, maxQueueMs: 100 }), '$.flow[0].maxQueueMs: only applies to shaping "queue"'],
      [flow({ threshold: 5, enabled: 'yes' }), '$.flow[0].enabled: expected true or false, got string "yes"'],
      [
        flow({ threshold: 5, behavior: 'bsy' }, { behaviors: { busy: { type: 'respond' } } }),
        '$.flow[0].behavior: unknown behavior "bsy" (defined: "busy")',
      ],
      [
        flow({ threshold: 5, behavior: 'busy' }),
        '$.flow[0].behavior: unknown behavior "busy" (no behaviors are defined)',
      ],
      [
        flow({ threshold: 5, warmUp: { periodSec: 10 }, window: { ms: 2000 } }),
        '$.flow[0].warmUp: needs window.ms 1000 (warm-up thresholds are per second), got 2000',
      ],
      [flow({ threshold: 5, warmUp: { coldFactor: 1 } }), '$.flow[0].warmUp.coldFactor: must be > 1, got 1'],
      [flow({ threshold: 0, warmUp: {} }), '$.flow[0].threshold: must be > 0 with warmUp'],
      [
        {
          flow: [{ id: 'x', resource: 'r', threshold: 1 }],
          isolation: [{ id: 'x', resource: 'r', maxConcurrency: 1 }],
        },
        '$.isolation[0].id: duplicate rule id "x" (first at $.flow[0].id)',
      ],
      [
        { hotspot: [{ id: 'adaptive', resource: 'r', param: { from: 'clientIp' }, threshold: 1 }] },
        '$.hotspot[0].id: "adaptive" is reserved: it names the adaptive settings (metrics, blocked calls, run-time switches)',
      ],
      [{ isolation: [{ resource: 'r', maxConcurrency: 0 }] }, '$.isolation[0].maxConcurrency: must be >= 1, got 0'],
      [
        { circuitBreakers: [{ resource: 'r', threshold: 0.5 }] },
        '$.circuitBreakers[0].strategy: required property is missing',
      ],
      [
        { circuitBreakers: [{ resource: 'r', strategy: 'slowRatio', threshold: 0.5 }] },
        '$.circuitBreakers[0].slowRtMs: required when strategy is "slowRatio"',
      ],
      [
        { circuitBreakers: [{ resource: 'r', strategy: 'errorRatio', threshold: 1.5 }] },
        '$.circuitBreakers[0].threshold: expected a ratio between 0 and 1, got 1.5',
      ],
      [
        { circuitBreakers: [{ resource: 'r', strategy: 'errorCount', threshold: 2.5 }] },
        '$.circuitBreakers[0].threshold: expected an integer, got 2.5',
      ],
      [
        { circuitBreakers: [{ resource: 'r', strategy: 'errorRatio', threshold: 0.5, slowRtMs: 100 }] },
        '$.circuitBreakers[0].slowRtMs: only applies to strategy "slowRatio"',
      ],
      [
        { circuitBreakers: [{ resource: 'r', strategy: 'errorRatio', threshold: 0.5, compare: '>=' }] },
        '$.circuitBreakers[0].compare: expected one of "gte", "gt", got string ">="',
      ],
      [
        {
          circuitBreakers: [
            {
              resource: 'r',
              strategy: 'errorRatio',
              threshold: 0.5,
              recovery: { mode: 'progressive', excessInHalfOpen: 'wait' },
            },
          ],
        },
        '$.circuitBreakers[0].recovery.excessInHalfOpen: mode "progressive" admits its share and rejects the rest; only "reject" applies',
      ],
      [
        {
          circuitBreakers: [
            { resource: 'r', strategy: 'errorRatio', threshold: 0.5, recovery: { probes: 3, stages: 2 } },
          ],
        },
        '$.circuitBreakers[0].recovery.stages: only applies to mode "progressive"',
      ],
      [
        { circuitBreakers: [{ resource: 'r', strategy: 'errorRatio', threshold: 0.5, recovery: { maxWaitMs: 10 } }] },
        '$.circuitBreakers[0].recovery.maxWaitMs: only applies to excessInHalfOpen "wait"',
      ],
      [
        {
          circuitBreakers: [
            { resource: 'r', strategy: 'errorRatio', threshold: 0.5, isError: { statusAtLeast: '500' } },
          ],
        },
        '$.circuitBreakers[0].isError.statusAtLeast: expected a number, got string "500"',
      ],
      [{ isError: { statuses: [429, 'x'] } }, '$.isError.statuses[1]: expected a number, got string "x"'],
      [{ hotspot: [{ resource: 'r', threshold: 5 }] }, '$.hotspot[0].param: required property is missing'],
      [
        { hotspot: [{ resource: 'r', threshold: 5, param: { from: 'cookie', name: 'u' } }] },
        '$.hotspot[0].param.from: expected one of "arg", "header", "query", "path", "clientIp", got string "cookie"',
      ],
      [
        { hotspot: [{ resource: 'r', threshold: 5, param: { from: 'arg', index: 1.5 } }] },
        '$.hotspot[0].param.index: expected an integer, got 1.5',
      ],
      [
        { hotspot: [{ resource: 'r', threshold: 5, param: { from: 'header' } }] },
        '$.hotspot[0].param.name: required property is missing',
      ],
      [
        { hotspot: [{ resource: 'r', threshold: 5, param: { from: 'clientIp', name: 'x' } }] },
        '$.hotspot[0].param.name: unknown property',
      ],
      [
        {
          hotspot: [
            { resource: 'r', threshold: 5, metric: 'concurrency', shaping: 'queue', param: { from: 'clientIp' } },
          ],
        },
        '$.hotspot[0].shaping: "queue" needs metric "qps"',
      ],
      [
        { hotspot: [{ resource: 'r', threshold: 5, metric: 'concurrency', burst: 2, param: { from: 'clientIp' } }] },
        '$.hotspot[0].burst: only applies to metric "qps"',
      ],
      [
        { hotspot: [{ resource: 'r', threshold: 5, param: { from: 'clientIp' }, overrides: { 'vip-1': 'lots' } }] },
        '$.hotspot[0].overrides["vip-1"]: expected a number, got string "lots"',
      ],
      [
        { hotspot: [{ resource: 'r', threshold: 5, param: { from: 'clientIp' }, capacity: 0 }] },
        '$.hotspot[0].capacity: must be >= 1, got 0',
      ],
      [{ behaviors: { busy: { type: 'respond', status: 99 } } }, '$.behaviors.busy.status: must be >= 100, got 99'],
      [{ behaviors: { 'my busy': {} } }, '$.behaviors["my busy"].type: required property is missing'],
      [
        { behaviors: { busy: { type: 'reply' } } },
        '$.behaviors.busy.type: expected one of "respond", "redirect", "fallback", got string "reply"',
      ],
      [
        { behaviors: { busy: { type: 'respond', headers: { 'retry-after': 1 } } } },
        '$.behaviors.busy.headers["retry-after"]: expected a string, got number 1',
      ],
      [{ behaviors: { away: { type: 'redirect' } } }, '$.behaviors.away.location: required property is missing'],
      [
        { behaviors: { away: { type: 'redirect', status: 200, location: '/' } } },
        '$.behaviors.away.status: must be >= 300, got 200',
      ],
      [
        { behaviors: { cached: { type: 'fallback', value: 1, throw: 'x' } } },
        '$.behaviors.cached: a fallback needs exactly one of "value", "throw" or "handler", got value and throw',
      ],
      [
        { behaviors: { cached: { type: 'fallback' } } },
        '$.behaviors.cached: a fallback needs exactly one of "value", "throw" or "handler"',
      ],
      [
        { behaviors: { cached: { type: 'fallback', throw: { name: 'E' } } } },
        '$.behaviors.cached.throw.message: required property is missing',
      ],
      [
        { behaviors: { [`b${'x'.repeat(128)}`]: { type: 'respond' } } },
        `$.behaviors.b${'x'.repeat(128)}: behavior names are 1 to 128 characters`,
      ],
      [{ defaultBehavior: 'nope' }, '$.defaultBehavior: unknown behavior "nope" (no behaviors are defined)'],
      [{ adaptive: { cpuThreshold: 80 } }, '$.adaptive.cpuThreshold: expected a CPU share in (0, 1], got 80'],
      [
        { adaptive: { mode: 'dry-run' } },
        '$.adaptive.mode: expected one of "off", "dryRun", "on", got string "dry-run"',
      ],
      [{ adaptive: { exclude: ['ok', ''] } }, '$.adaptive.exclude[1]: expected a resource id, got string ""'],
      [{ adaptive: { cpuCores: 0 } }, '$.adaptive.cpuCores: must be > 0, got 0'],
      [
        { resources: [{ id: 'a' }, { id: 'a' }] },
        '$.resources[1].id: duplicate resource id "a" (first at $.resources[0].id)',
      ],
      [
        { resources: [{ id: 'g', kind: 'rpc-in', match: { methd: 'Greet' } }] },
        '$.resources[0].match.methd: unknown property (did you mean "method"?)',
      ],
      [
        {
          resources: [{ id: 'orders', kind: 'http_in', match: { route: '/orders' } }],
          flow: [{ resource: 'orders', threshold: 0 }],
        },
        '$.resources[0].kind: expected one of "http-in", "http-out", "rpc-in", "rpc-out", "db", "function", got string "http_in" (did you mean "http-in"?)',
      ],
      [
        { resources: [{ id: 'r', kind: 7 }] },
        '$.resources[0].kind: expected one of "http-in", "http-out", "rpc-in", "rpc-out", "db", "function", got number 7',
      ],
      [
        { resources: [{ id: 'r', match: { rout: '/x' } }] },
        '$.resources[0].match.rout: no adapter offers this attribute (did you mean "route"?); expected one of method, route, path, host, port, service, system, namespace, operation, collection (with a "kind", that kind\'s)',
      ],
      [
        { resources: [{ id: 'p', kind: 'function', match: { class: 'PriceService' } }] },
        '$.resources[0].match: a resource of kind "function" is entered by its name (the govern action\'s resource) and never matched on attributes; remove "match" and name the resource in the rules',
      ],
      [
        { resources: [{ id: 'q', kind: 'http-out', match: { route: '/x' } }] },
        '$.resources[0].match.route: unknown property',
      ],
      [{ lanes: [] }, '$.lanes: expected an object, got an array'],
      [
        { hotspot: [{ resource: 'GET:/orders/:id', param: { from: 'path' }, threshold: 1 }] },
        '$.hotspot[0].param.name: required property is missing',
      ],
      [
        { hotspot: [{ resource: 'GET:/orders/:id', param: { from: 'path', name: '' }, threshold: 1 }] },
        '$.hotspot[0].param.name: must not be empty',
      ],
    ];
    for (const [policy, message] of cases) expect(problem(policy)).toBe(message);
  });

  it('reports invalid JSON with its position', () => {
    let error: unknown;
    try {
      parsePolicy('{\n  "flow": [\n    { "resource": "r", }\n  ]\n}');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).path).toBe('$');
    expect((error as PolicyError).message).toMatch(/^\$: invalid JSON: .+ at line 3, column 24$/);
  });

  it('fills in the defaults', () => {
    const p = validatePolicy({
      flow: [
        { resource: 'a', threshold: 10 },
        { resource: 'a', threshold: 10, shaping: 'queue' },
        { resource: 'a', threshold: 10, warmUp: {} },
      ],
      circuitBreakers: [{ resource: 'a', strategy: 'errorRatio', threshold: 0.5 }],
      hotspot: [
        { resource: 'a', param: { from: 'header', name: 'X-User' }, threshold: 5, durationSec: 2 },
        { resource: 'a', param: { from: 'arg', index: 0 }, threshold: 5, metric: 'concurrency' },
      ],
    });
    expect(p.flow[0]).toEqual({
      id: 'flow[0]',
      resource: 'a',
      enabled: true,
      behavior: null,
      threshold: 10,
      window: { ms: 1000, buckets: 2, align: 'burst' },
      shaping: 'reject',
      maxQueueMs: 500,
      warmUp: null,
    });
    expect(p.flow[1]!.maxQueueMs).toBe(500);
    expect(p.flow[2]!.warmUp).toEqual({ periodSec: 10, coldFactor: 3 });
    expect(p.circuitBreakers[0]).toEqual({
      id: 'circuitBreakers[0]',
      resource: 'a',
      enabled: true,
      behavior: null,
      strategy: 'errorRatio',
      threshold: 0.5,
      slowRtMs: null,
      compare: 'gte',
      window: { ms: 20000, buckets: 10, align: 'clock' },
      minRequests: 10,
      openMs: 10000,
      isError: { thrown: true, timeout: true, statusAtLeast: 500, statuses: [] },
      recovery: {
        mode: 'probe',
        probes: 1,
        stages: 3,
        minPassPerStage: 5,
        excessInHalfOpen: 'reject',
        maxWaitMs: 10000,
      },
    });
    expect(p.hotspot[0]).toMatchObject({
      param: { from: 'header', name: 'x-user' },
      metric: 'qps',
      durationSec: 2,
      burst: 0,
      shaping: 'reject',
      maxQueueMs: 0,
      capacity: 8000,
      overrides: {},
      onMissing: 'skip',
    });
    expect(p.hotspot[1]!.capacity).toBe(4000);
    expect(p.adaptive).toEqual({
      enabled: true,
      mode: 'off',
      cpuThreshold: 0.8,
      window: { ms: 10000, buckets: 100, align: 'clock' },
      coolOffMs: 1000,
      exclude: [],
      behavior: null,
      sampleMs: 250,
      cpuDecay: 0.95,
      cpuCores: 'auto',
    });
    // a window length the default bucket count does not divide gets one bucket
    expect(validatePolicy(flow({ threshold: 1, window: { ms: 999 } })).flow[0]!.window).toEqual({
      ms: 999,
      buckets: 1,
      align: 'burst',
    });
  });

  it('accepts the example policy of the design notes (lanes and the fixed order included)', () => {
    const p = validatePolicy({
      version: 1,
      clock: 'monotonic',
      resources: [
        { id: 'order.get', kind: 'http-in', match: { method: 'GET', route: '/api/orders/:id' } },
        { id: 'pay', kind: 'http-out', match: { host: 'payments' } },
      ],
      behaviors: {
        busy: { type: 'respond', status: 429, contentType: 'application/json', body: '{"code":"BUSY"}' },
        away: { type: 'redirect', status: 302, location: '/busy.html' },
        cached: { type: 'fallback', handler: './fallbacks.js#cachedOrder' },
      },
      flow: [
        {
          resource: 'order.get',
          threshold: 100,
          window: { ms: 1000, buckets: 2 },
          shaping: 'reject',
          behavior: 'busy',
        },
        { resource: 'pay', threshold: 20, shaping: 'queue', maxQueueMs: 500 },
        { resource: 'order.get', threshold: 300, shaping: 'reject', warmUp: { periodSec: 10, coldFactor: 3 } },
      ],
      isolation: [{ resource: 'pay', maxConcurrency: 8, behavior: 'cached' }],
      circuitBreakers: [
        {
          resource: 'pay',
          strategy: 'slowRatio',
          slowRtMs: 200,
          threshold: 0.5,
          compare: 'gte',
          window: { ms: 20000, buckets: 10 },
          minRequests: 10,
          openMs: 10000,
          isError: { statusAtLeast: 500 },
          recovery: { mode: 'progressive', stages: 3, minPassPerStage: 5, excessInHalfOpen: 'reject' },
          behavior: 'cached',
        },
      ],
      hotspot: [
        {
          resource: 'order.get',
          param: { from: 'header', name: 'x-user-id' },
          metric: 'qps',
          threshold: 5,
          durationSec: 1,
          burst: 0,
          shaping: 'reject',
          capacity: 4000,
          overrides: { 'vip-1': 100 },
          onMissing: 'skip',
          behavior: 'busy',
        },
      ],
      adaptive: {
        mode: 'dryRun',
        cpuThreshold: 0.8,
        window: { ms: 10000, buckets: 100 },
        coolOffMs: 1000,
        exclude: ['GET /healthz'],
        behavior: 'busy',
      },
      lanes: { propagation: { header: 'x-mse-tag' }, groups: [] },
      order: ['lanes', 'adaptive', 'isolation', 'hotspot', 'flow', 'circuitBreakers'],
    });
    expect(p.flow).toHaveLength(3);
    expect(p.behaviors.cached).toEqual({ type: 'fallback', mode: 'handler', handler: './fallbacks.js#cachedOrder' });
    expect(p.lanes).toEqual({
      groups: [],
      lanes: [],
      propagation: { baggageKey: 'instts.lane', header: 'x-mse-tag' },
      inbound: 'strip',
    });
  });

  it('accepts the example of docs/policy-reference.md', () => {
    const doc = readFileSync(new URL('../../docs/policy-reference.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc)![1]!;
    const p = parsePolicy(example);
    expect(p.flow).toHaveLength(3);
    expect(p.behaviors.busy).toEqual({
      type: 'respond',
      status: 429,
      contentType: 'application/json',
      body: '{"code":"BUSY"}',
      headers: { 'retry-after': '1' },
    });
  });
});
