import { describe, expect, it } from 'vitest';
import {
  PolicyError,
  renderPolicyJson,
  renderPrometheus,
  type Blocked,
  type Entry,
  type Pending,
} from '../../src/runtime/governance/index.js';
import { offer, setup } from './helpers.js';

describe('engine', () => {
  it('checks in Sentinel order: adaptive → isolation → hotspot → flow → breaker', () => {
    let cpu = 0;
    const policy = (off: string[]): unknown => ({
      adaptive: { mode: 'on', window: { ms: 1000, buckets: 10 } },
      isolation: [{ resource: 'r', maxConcurrency: 2, enabled: !off.includes('isolation') }],
      hotspot: [{ resource: 'r', param: { from: 'clientIp' }, threshold: 0, enabled: !off.includes('hotspot') }],
      flow: [{ resource: 'r', threshold: 0, enabled: !off.includes('flow') }],
      circuitBreakers: [
        { id: 'cb', resource: 'r', strategy: 'errorCount', threshold: 1, minRequests: 1, openMs: 60_000 },
      ],
    });
    const s = setup(policy(['isolation', 'hotspot', 'flow']), { cpuUsage: () => cpu });
    const inFlight = [s.gov.entry('r'), s.gov.entry('r')]; // two calls in flight
    s.gov.exit(s.gov.entry('r'), { error: new Error('x') }); // opens the breaker
    const blockedBy = (off: string[]): string => {
      s.gov.setPolicy(policy(off));
      const e = s.gov.entry('r', { clientIp: '10.1.1.1' });
      if (e.kind === 'pass') s.gov.exit(e);
      return e.kind === 'blocked' ? e.type : e.kind;
    };
    cpu = 1; // overloaded, with more than one call in flight and no capacity measured yet
    expect(blockedBy([])).toBe('adaptive');
    cpu = 0;
    s.clock.advance(2000); // past adaptive's cool-off
    expect(blockedBy([])).toBe('isolation');
    expect(blockedBy(['isolation'])).toBe('hotspot');
    expect(blockedBy(['isolation', 'hotspot'])).toBe('flow');
    // the breaker kept its Open state through these reloads (its rule did not change)
    expect(blockedBy(['isolation', 'hotspot', 'flow'])).toBe('breaker');
    expect(s.gov.stats()[0]!.blocked).toEqual({ adaptive: 1, isolation: 1, hotspot: 1, flow: 1, breaker: 1 });
    for (const e of inFlight) s.gov.exit(e);
  });

  it('fails open: an exception inside governance lets the call through and is reported once', () => {
    const { gov, lines } = setup({
      hotspot: [{ resource: 'r', param: { from: 'header', name: 'x-k' }, threshold: 0 }],
    });
    const hostile = {
      headers: Object.defineProperty({}, 'x-k', {
        enumerable: true,
        get: () => {
          throw new TypeError('header getter exploded');
        },
      }),
    };
    const results = [gov.entry('r', hostile), gov.entry('r', hostile), gov.entry('r', hostile)];
    expect(results.map((e) => e.kind)).toEqual(['pass', 'pass', 'pass']);
    for (const e of results) gov.exit(e);
    expect(lines).toEqual([
      "instts: governance entry failed for resource 'r': TypeError: header getter exploded; the call went through (reported once)",
    ]);
    expect(gov.stats()[0]).toMatchObject({ failOpen: 3, concurrency: 0 });
    // exit failures are contained too
    const e = gov.entry('r');
    expect(() =>
      gov.exit(
        e,
        Object.defineProperty({}, 'status', {
          get: () => {
            throw new Error('status exploded');
          },
        }),
      ),
    ).not.toThrow();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("instts: governance exit failed for resource 'r': Error: status exploded");
  });

  it('queued calls meet the breaker when they start, and give their slot back if it blocks them', async () => {
    const { clock, gov } = setup({
      flow: [{ resource: 'r', threshold: 10, shaping: 'queue', maxQueueMs: 1000 }],
      circuitBreakers: [{ resource: 'r', strategy: 'errorCount', threshold: 1, minRequests: 1 }],
    });
    const first = gov.entry('r') as Entry;
    const queued = gov.entry('r') as Pending;
    expect(queued.waitMs).toBe(100);
    expect(gov.stats()[0]!.concurrency).toBe(2);
    gov.exit(first, { error: new Error('x') }); // opens the breaker while the second waits
    let out: Entry | Blocked | undefined;
    void queued.ready.then((r) => (out = r));
    await clock.advanceAsync(100);
    expect(out).toMatchObject({ kind: 'blocked', type: 'breaker' });
    expect(gov.stats()[0]).toMatchObject({ concurrency: 0, passed: 1, blocked: { breaker: 1 } });
    // guard() awaits the queue by itself
    const g = setup({ flow: [{ resource: 'r', threshold: 10, shaping: 'queue' }] });
    const runs: number[] = [];
    const all = [1, 2, 3].map((i) => g.gov.guard('r', undefined, () => runs.push(g.clock.now()) && i));
    await g.clock.advanceAsync(500);
    expect(await Promise.all(all)).toEqual([1, 2, 3]);
    expect(runs).toEqual([0, 100, 200]);
  });

  it('every rule can be disabled', () => {
    const { gov } = setup({
      flow: [{ resource: 'r', threshold: 0, enabled: false }],
      isolation: [{ resource: 'r', maxConcurrency: 1, enabled: false }],
      hotspot: [{ resource: 'r', param: { from: 'arg', index: 0 }, threshold: 0, enabled: false }],
      circuitBreakers: [{ resource: 'r', strategy: 'errorCount', threshold: 1, minRequests: 1, enabled: false }],
      adaptive: { mode: 'on', enabled: false },
    });
    const t = offer(gov, 'r', 20, { args: ['k'] }, true);
    expect(t.pass).toBe(20);
  });

  it('rules can be switched off and on at run time; the switch outlives reloads that leave the rule as it was', () => {
    const policy = {
      flow: [
        { id: 'qps', resource: 'r', threshold: 2 },
        { id: 'other', resource: 's', threshold: 1 },
      ],
      adaptive: { mode: 'on', cpuThreshold: 0.5 },
    };
    const { gov } = setup(policy, { cpuUsage: () => 0 });
    expect(offer(gov, 'r', 5).pass).toBe(2);
    expect(gov.setRuleEnabled('qps', false)).toBe(true);
    expect(offer(gov, 'r', 5).pass).toBe(5);
    expect(gov.inspect().rules[0]).toMatchObject({ id: 'qps', enabled: false, override: false, state: null });
    expect(gov.inspect().overrides).toEqual([{ rule: 'qps', enabled: false }]);

    // an unrelated change keeps the switch; a new version of the rule replaces it
    gov.setPolicy({ ...policy, flow: [policy.flow[0], { id: 'other', resource: 's', threshold: 9 }] });
    expect(offer(gov, 'r', 5).pass).toBe(5);
    gov.setPolicy({ ...policy, flow: [{ id: 'qps', resource: 'r', threshold: 3 }] });
    expect(gov.inspect().overrides).toEqual([]);
    expect(offer(gov, 'r', 5).pass).toBe(1); // a new threshold keeps the window (2 passed while it was on)

    // a rule off in the policy can be switched on; reset goes back to the policy; back on keeps its state
    gov.setPolicy({ flow: [{ id: 'qps', resource: 'r', threshold: 1, enabled: false }] });
    expect(offer(gov, 'r', 3).pass).toBe(3);
    expect(gov.setRuleEnabled('qps', true)).toBe(true);
    expect(offer(gov, 'r', 3).pass).toBe(0); // its window still holds 3 passes of this second
    expect(gov.setRuleEnabled('qps', null)).toBe(true);
    expect(offer(gov, 'r', 3).pass).toBe(3);
    gov.setRuleEnabled('qps', true);
    expect(offer(gov, 'r', 3).pass).toBe(0);

    expect(gov.setRuleEnabled('nope', false)).toBe(false);
    expect(gov.stats().find((s) => s.resource === 'r')!.blockedByRule).toEqual([
      { type: 'flow', rule: 'qps', count: 3 + 4 + 3 + 3 },
    ]);
  });

  it('"adaptive" names the adaptive settings for run-time switches', () => {
    let cpu = 0.9;
    const { gov } = setup(
      { adaptive: { mode: 'on', cpuThreshold: 0.5, window: { ms: 1000, buckets: 10 } } },
      { cpuUsage: () => cpu },
    );
    expect(gov.inspect().adaptive).toMatchObject({ mode: 'on' });
    expect(gov.setRuleEnabled('adaptive', false)).toBe(true);
    expect(gov.inspect().adaptive).toEqual({ mode: 'off', override: false });
    cpu = 0.1;
    expect(gov.setRuleEnabled('adaptive', null)).toBe(true);
    expect(gov.inspect().adaptive).toMatchObject({ mode: 'on' });
    expect(gov.inspect().adaptive).not.toHaveProperty('override');
  });

  it('a reload keeps the state of unchanged rules, resets changed ones, and an invalid policy changes nothing', () => {
    const { gov } = setup({
      flow: [
        { id: 'a', resource: 'r', threshold: 5 },
        { id: 'b', resource: 's', threshold: 5 },
      ],
    });
    expect(offer(gov, 'r', 5).pass).toBe(5);
    expect(offer(gov, 's', 5).pass).toBe(5);
    gov.setPolicy({
      behaviors: { busy: { type: 'respond' } },
      flow: [
        { id: 'a2', resource: 'r', threshold: 5, behavior: 'busy' },
        { id: 'b', resource: 's', threshold: 6 },
      ],
    });
    expect(offer(gov, 'r', 1).pass).toBe(0); // same limit: window kept (renamed, new behaviour)
    expect((gov.entry('r') as Blocked).ruleId).toBe('a2');
    expect(offer(gov, 's', 10).pass).toBe(1); // changed limit: the window is kept (it counts the same)
    expect(() => gov.setPolicy({ flow: [{ resource: 'r', threshold: -1 }] })).toThrow(PolicyError);
    expect(gov.policy.flow.map((f) => f.id)).toEqual(['a2', 'b']);
    gov.setPolicy({ flow: [{ id: 'b', resource: 's', threshold: 6, window: { ms: 2000 } }] });
    expect(offer(gov, 's', 10).pass).toBe(6); // changed window: fresh
  });

  it('renders Prometheus text and a JSON view of the policy and rule states', () => {
    const { gov } = setup({
      resources: [{ id: 'order.get', kind: 'http-in', match: { method: 'GET', route: '/api/orders/:id' } }],
      flow: [{ resource: 'order.get', threshold: 2 }],
      circuitBreakers: [{ id: 'cb', resource: 'order.get', strategy: 'errorRatio', threshold: 0.5 }],
    });
    const a = gov.entry('order.get') as Entry;
    gov.exit(a, { rtMs: 7, status: 200 });
    const b = gov.entry('order.get') as Entry;
    gov.exit(b, { rtMs: 120, status: 502 });
    gov.entry('order.get');
    gov.entry('a"b\\c');
    const text = renderPrometheus(gov);
    for (const line of [
      '# TYPE instts_governance_passed_total counter',
      'instts_governance_passed_total{resource="order.get"} 2',
      'instts_governance_blocked_total{resource="order.get",rule="flow[0]",type="flow"} 1',
      'instts_governance_blocked_total{resource="order.get",rule="cb",type="breaker"} 0',
      'instts_governance_errors_total{resource="order.get"} 1',
      'instts_governance_concurrency{resource="order.get"} 0',
      'instts_governance_response_time_seconds_bucket{resource="order.get",le="0.005"} 0',
      'instts_governance_response_time_seconds_bucket{resource="order.get",le="0.01"} 1',
      'instts_governance_response_time_seconds_bucket{resource="order.get",le="0.25"} 2',
      'instts_governance_response_time_seconds_bucket{resource="order.get",le="+Inf"} 2',
      'instts_governance_response_time_seconds_sum{resource="order.get"} 0.127',
      'instts_governance_response_time_seconds_count{resource="order.get"} 2',
      'instts_governance_breaker_state{resource="order.get",rule="cb",state="closed"} 1',
      'instts_governance_breaker_state{resource="order.get",rule="cb",state="open"} 0',
      'instts_governance_passed_total{resource="a\\"b\\\\c"} 1',
      'instts_governance_policy_reloads_total{result="rejected"} 0',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
    const view = JSON.parse(renderPolicyJson(gov)) as { policy: { flow: unknown[] }; rules: unknown[] };
    expect(view.policy.flow[0]).toMatchObject({
      resource: 'order.get',
      threshold: 2,
      window: { ms: 1000, buckets: 2 },
      shaping: 'reject',
    });
    expect(view.rules).toEqual([
      { kind: 'flow', id: 'flow[0]', resource: 'order.get', enabled: true, state: { passInWindow: 2 } },
      { kind: 'breaker', id: 'cb', resource: 'order.get', enabled: true, state: { state: 'closed', total: 2, bad: 1 } },
    ]);
  });

  it('resources declared in the policy carry their kind; unknown resources work with no rules', () => {
    const { gov } = setup({ resources: [{ id: 'pay', kind: 'http-out' }] });
    expect(gov.resource('pay').kind).toBe('http-out');
    expect(offer(gov, 'anything', 1000).pass).toBe(1000);
  });
});
