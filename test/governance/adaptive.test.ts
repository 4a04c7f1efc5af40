import { describe, expect, it } from 'vitest';
import { CpuSampler, autoCores } from '../../src/runtime/governance/adaptive/controller.js';
import { GovernanceEngine, type Entry, type GovernanceEvent } from '../../src/runtime/governance/index.js';
import { setup } from './helpers.js';

function bbr(mode: 'on' | 'dryRun', extra: Record<string, unknown> = {}): unknown {
  return {
    resources: [{ id: 'out', kind: 'http-out' }],
    adaptive: {
      mode,
      cpuThreshold: 0.8,
      window: { ms: 1000, buckets: 10 },
      coolOffMs: 1000,
      exclude: ['health'],
      ...extra,
    },
  };
}

/** Fill bucket i (100 ms each) with passes(i) completions of average RT i·10 + 5.5 ms. */
function fill(s: ReturnType<typeof setup>, passes: (i: number) => number): void {
  for (let i = 0; i < 10; i++) {
    s.clock.set(i * 100);
    for (let k = 0; k < passes(i); k++) {
      const e = s.gov.entry('api');
      s.gov.exit(e, { rtMs: i * 10 + 5.5 });
    }
  }
}

function hold(s: ReturnType<typeof setup>, n: number): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const e = s.gov.entry('api');
    if (e.kind !== 'pass') throw new Error(`entry ${i} was ${e.kind}`);
    out.push(e);
  }
  return out;
}

describe('adaptive overload protection (BBR)', () => {
  it('case 24: pass counts (i+2)·100 with RT 1..100 give maxInFlight = 60', () => {
    const cpu = 0;
    const s = setup(bbr('on'), { cpuUsage: () => cpu });
    fill(s, (i) => (i + 2) * 100);
    expect(s.gov.inspect().adaptive).toMatchObject({ maxPass: 1000, minRtMs: 6, maxInFlight: 60 });
  });

  it('case 24: pass counts (i+1)·100: cpu 0.8 passes in-flight 50 and drops 80; cpu 0.7 keeps dropping within 1 s, passes after 2 s', () => {
    let cpu = 0;
    const s = setup(bbr('on'), { cpuUsage: () => cpu });
    fill(s, (i) => (i + 1) * 100);
    expect(s.gov.inspect().adaptive).toMatchObject({ maxInFlight: 54 });

    const first = hold(s, 50);
    cpu = 0.8;
    const e51 = s.gov.entry('api'); // in flight 50 ≤ 54
    expect(e51.kind).toBe('pass');
    s.gov.exit(e51, { rtMs: 95.5 });
    cpu = 0;
    const more = hold(s, 30); // 80 in flight
    cpu = 0.8;
    expect(s.gov.entry('api')).toMatchObject({ kind: 'blocked', type: 'adaptive', ruleId: 'adaptive' });
    cpu = 0.7;
    s.clock.advance(50); // still within the 1 s cool-off after the drop started
    expect(s.gov.entry('api').kind).toBe('blocked');
    s.clock.advance(2000);
    const after = s.gov.entry('api');
    expect(after.kind).toBe('pass');
    // excluded resources and outbound resources are never dropped
    cpu = 1;
    expect(s.gov.entry('health').kind).toBe('pass');
    expect(s.gov.entry('out').kind).toBe('pass');
    // nor is an outbound call on a resource an inbound call named (a gRPC relay's method)
    const outbound = s.gov.entry('api', { outbound: true });
    expect(outbound.kind).toBe('pass');
    s.gov.exit(outbound);
    expect(s.gov.stats().find((r) => r.resource === 'api')!.blocked.adaptive).toBe(2);
    for (const e of [...first, ...more, after]) s.gov.exit(e);
    expect(s.gov.inspect().adaptive).toMatchObject({ inFlight: 0 });
  });

  it('case 25 (dry run part): dry-run only counts and emits events, never blocks', () => {
    let cpu = 0;
    const events: GovernanceEvent[] = [];
    const s = setup(bbr('dryRun'), { cpuUsage: () => cpu, onEvent: (e) => events.push(e) });
    fill(s, (i) => (i + 1) * 100);
    hold(s, 80);
    cpu = 0.9;
    for (let i = 0; i < 5; i++) expect(s.gov.entry('api').kind).toBe('pass');
    const dry = events.filter((e) => e.type === 'adaptiveDryRun');
    expect(dry).toHaveLength(5);
    expect(dry[0]).toMatchObject({ resource: 'api', cpu: 0.9, inFlight: 80, maxInFlight: 54 });
    expect(s.gov.inspect().adaptive).toMatchObject({ mode: 'dryRun', dryRunDrops: 5, drops: 0 });
    expect(s.gov.stats().find((r) => r.resource === 'api')!.blocked.adaptive).toBe(0);
  });

  it('mode off and enabled:false turn it off', () => {
    for (const policy of [bbr('on', { mode: 'off' }), bbr('on', { enabled: false })]) {
      const s = setup(policy, { cpuUsage: () => 1 });
      for (let i = 0; i < 100; i++) s.gov.entry('api');
      expect(s.gov.entry('api').kind).toBe('pass');
    }
  });

  it("samples process CPU on an unref'd timer, smoothed, within [0, 1]", () => {
    const sampler = new CpuSampler();
    sampler.start(60_000, 0, 1); // decay 0: the raw last sample
    expect(sampler.running).toBe(true);
    // Busy for 60 ms of CPU time (not wall time: on a loaded machine the process gets less than a core).
    const before = process.cpuUsage();
    const t0 = performance.now();
    const busyUs = (): number => {
      const u = process.cpuUsage(before);
      return u.user + u.system;
    };
    while (busyUs() < 60_000 && performance.now() - t0 < 5000) Math.sqrt(Math.random());
    sampler.sample();
    const seen = Math.min(1, busyUs() / ((performance.now() - t0) * 1000));
    expect(sampler.value).toBeGreaterThan(0);
    expect(Math.abs(sampler.value - seen)).toBeLessThan(0.15);
    expect(sampler.value).toBeLessThanOrEqual(1);
    sampler.stop();
    expect(sampler.running).toBe(false);
    expect(autoCores()).toBeGreaterThan(0);
    expect(autoCores()).toBeLessThanOrEqual(1);

    const gov = new GovernanceEngine({ policy: { adaptive: { mode: 'on' } } });
    expect(gov.inspect().adaptive).toMatchObject({ mode: 'on', cpuThreshold: 0.8 });
    gov.close();
  });
});
