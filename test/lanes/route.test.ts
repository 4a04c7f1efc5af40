import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { governance, resetGovernance } from '../../src/runtime/governance/index.js';
import { lanes, resetLanes, type ServiceRegistry } from '../../src/runtime/lanes/index.js';
import { demoPolicy, lanesFor } from './helpers.js';

const url = (s: string): URL => new URL(s);
/** The demo policy after C's gray copy was taken out. */
const withoutGrayC = (): Record<string, unknown> => {
  const p = demoPolicy() as { services: Record<string, { instances: Array<{ tag?: string }> }> };
  p.services.c!.instances = p.services.c!.instances.filter((i) => i.tag === undefined);
  return p;
};
const times = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

describe('route', () => {
  it('sends a lane to the tagged instance, by service name or by an instance address', () => {
    const { lanes } = lanesFor('gateway', demoPolicy());
    expect(lanes.route(url('http://a/greet'), 'gray')).toBe('127.0.0.1:4011');
    expect(lanes.route(url('http://127.0.0.1:4001/greet'), 'gray')).toBe('127.0.0.1:4011');
    expect(lanes.route(url('http://C:8080/x'), 'gray')).toBe('127.0.0.1:4013');
  });

  it('falls back to the baseline where a service has no instance of the lane', () => {
    const { lanes } = lanesFor('a', demoPolicy());
    expect(lanes.route(url('http://b/x'), 'gray')).toBe('127.0.0.1:4002');
    expect(lanes.route(url('http://127.0.0.1:4002/x'), 'gray')).toBe('127.0.0.1:4002');
    expect(lanes.route(url('http://a/x'), 'blue')).toBe('127.0.0.1:4001'); // no lane has that tag
  });

  it('sends untagged calls to the baseline, keeping a URL that already names a baseline instance', () => {
    const { lanes } = lanesFor('gateway', demoPolicy());
    expect(lanes.route(url('http://127.0.0.1:4001/x'), undefined)).toBe('127.0.0.1:4001');
    expect(lanes.route(url('http://127.0.0.1:4011/x'), undefined)).toBe('127.0.0.1:4001'); // the gray copy is not for baseline traffic
    expect(lanes.route(url('http://a/x'), undefined)).toBe('127.0.0.1:4001');
  });

  it('leaves calls to unknown services alone', () => {
    const { lanes } = lanesFor('gateway', demoPolicy());
    expect(lanes.route(url('http://example.com/x'), 'gray')).toBeUndefined();
    expect(lanes.route(url('http://127.0.0.1:9999/x'), 'gray')).toBeUndefined();
    expect(lanes.route(url('https://127.0.0.1/x'), 'gray')).toBeUndefined();
    expect(lanesFor('gateway', {}).lanes.route(url('http://a/x'), 'gray')).toBeUndefined();
  });

  it('round-robins across equal instances, per tag', () => {
    const { lanes } = lanesFor(
      'gateway',
      demoPolicy({
        services: {
          a: {
            instances: [
              { address: '10.0.0.1:80' },
              { address: '10.0.0.2:80' },
              { address: '10.0.0.3:80' },
              { address: '10.0.1.1:80', tag: 'gray' },
              { address: '10.0.1.2:80', tag: 'gray' },
            ],
          },
        },
      }),
    );
    expect(times(6, () => lanes.route(url('http://a/x'), 'gray'))).toEqual([
      '10.0.1.1:80',
      '10.0.1.2:80',
      '10.0.1.1:80',
      '10.0.1.2:80',
      '10.0.1.1:80',
      '10.0.1.2:80',
    ]);
    expect(times(4, () => lanes.route(url('http://a/x'), undefined))).toEqual([
      '10.0.0.1:80',
      '10.0.0.2:80',
      '10.0.0.3:80',
      '10.0.0.1:80',
    ]);
    expect(lanes.route(url('http://10.0.0.2/x'), undefined)).toBe('10.0.0.2:80'); // default port, already baseline
  });

  it('a disabled lane, or a service outside the lane group, goes to the baseline', () => {
    expect(lanesFor('gateway', demoPolicy({ lane: { enabled: false } })).lanes.route(url('http://a/x'), 'gray')).toBe(
      '127.0.0.1:4001',
    );
    const outside = lanesFor(
      'gateway',
      demoPolicy({ lanes: { groups: [{ name: 'demo', entry: 'gateway', services: ['b', 'c'] }] } }),
    );
    expect(outside.lanes.route(url('http://a/x'), 'gray')).toBe('127.0.0.1:4001');
    expect(outside.lanes.route(url('http://c/x'), 'gray')).toBe('127.0.0.1:4013');
  });

  it('a service with only lane instances gets no baseline traffic: the call goes out untouched', () => {
    const { lanes } = lanesFor(
      'gateway',
      demoPolicy({ services: { a: { instances: [{ address: '127.0.0.1:4011', tag: 'gray' }] } } }),
    );
    expect(lanes.route(url('http://a/x'), 'gray')).toBe('127.0.0.1:4011');
    expect(lanes.route(url('http://a/x'), undefined)).toBeUndefined();
  });

  it('takes instances from a replacement registry', () => {
    const registry: ServiceRegistry = {
      instances: (service) =>
        service === 'a' ? [{ address: 'a-base.ns:80' }, { address: 'a-gray.ns:80', tag: 'gray' }] : undefined,
      serviceAt: () => undefined,
    };
    const { lanes } = lanesFor('gateway', demoPolicy(), { registry });
    expect(lanes.route(url('http://a/x'), 'gray')).toBe('a-gray.ns:80');
    expect(lanes.route(url('http://c/x'), 'gray')).toBeUndefined();
    lanes.setRegistry(undefined);
    expect(lanes.route(url('http://c/x'), 'gray')).toBe('127.0.0.1:4013');
  });

  it('fails open: an internal error leaves the call untouched and is reported once', () => {
    const registry: ServiceRegistry = {
      instances: () => {
        throw new Error('registry down');
      },
      serviceAt: () => undefined,
    };
    const { lanes, lines } = lanesFor('gateway', demoPolicy(), { registry });
    expect(lanes.route(url('http://a/x'), 'gray')).toBeUndefined();
    expect(lanes.route(url('http://a/x'), 'gray')).toBeUndefined();
    expect(lines).toEqual([
      'instts: lanes route failed: Error: registry down; the request stays untagged and the call untouched (reported once)',
    ]);
    const broken = lanesFor('gateway', demoPolicy(), {
      policy: () => {
        throw new Error('no policy');
      },
    });
    expect(broken.lanes.inbound({ url: '/', headers: { 'x-user-uuid': '123456789' } })).toBeUndefined();
    expect(broken.lanes.outboundHeaders('gray')).toEqual({});
    expect(broken.lines).toHaveLength(2);
  });
});

describe('lanes() follows the governance engine', () => {
  const saved = { ...process.env };
  let dir: string | undefined;
  afterEach(() => {
    resetLanes();
    resetGovernance();
    process.env = { ...saved };
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads service and tag from the environment', () => {
    process.env.INSTTS_SERVICE = 'a';
    process.env.INSTTS_TAG = 'gray';
    expect(lanes()).toBe(lanes());
    expect(lanes()).toMatchObject({ service: 'a', tag: 'gray' });
  });

  it('a policy change through the engine changes routing at the next call', () => {
    process.env.INSTTS_SERVICE = 'b';
    delete process.env.INSTTS_POLICY;
    expect(lanes().route(url('http://c/x'), 'gray')).toBeUndefined(); // no policy yet
    governance().setPolicy(demoPolicy());
    expect(lanes().route(url('http://c/x'), 'gray')).toBe('127.0.0.1:4013');
    governance().setPolicy(withoutGrayC());
    expect(lanes().route(url('http://c/x'), 'gray')).toBe('127.0.0.1:4003');
    expect(lanes().route(url('http://a/x'), 'gray')).toBe('127.0.0.1:4011');
    governance().setPolicy(demoPolicy());
    governance().setPolicy(demoPolicy({ lane: { enabled: false } }));
    expect(lanes().route(url('http://c/x'), 'gray')).toBe('127.0.0.1:4003');
  });

  it('removing the gray instance from the INSTTS_POLICY file sends gray traffic to the baseline within a second', async () => {
    dir = mkdtempSync(join(tmpdir(), 'instts-lanes-'));
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify(demoPolicy()));
    process.env.INSTTS_POLICY = file;
    process.env.INSTTS_SERVICE = 'b';
    governance({ log: () => {} });
    expect(lanes().route(url('http://c/x'), 'gray')).toBe('127.0.0.1:4013');

    // an atomic replace, the way editors and ConfigMap updates write
    writeFileSync(`${file}.tmp`, JSON.stringify(withoutGrayC()));
    renameSync(`${file}.tmp`, file);
    const t0 = performance.now();
    while (lanes().route(url('http://c/x'), 'gray') !== '127.0.0.1:4003') {
      if (performance.now() - t0 > 1000) throw new Error('gray traffic still goes to the removed instance after 1 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(lanes().route(url('http://a/x'), 'gray')).toBe('127.0.0.1:4011');
  });
});

describe('hasLaneInstance (message gray: is a consumer of the lane registered?)', () => {
  it("is true only for an enabled lane of the service's group with a tagged instance registered", () => {
    expect(lanesFor('b', demoPolicy()).lanes.hasLaneInstance('c', 'gray')).toBe(true);
    expect(lanesFor('b', demoPolicy()).lanes.hasLaneInstance('C', 'gray')).toBe(true);
    expect(lanesFor('b', demoPolicy()).lanes.hasLaneInstance('b', 'gray')).toBe(false); // no gray instance of b
    expect(lanesFor('b', demoPolicy()).lanes.hasLaneInstance('c', 'blue')).toBe(false); // no such lane
    expect(lanesFor('b', demoPolicy({ lane: { enabled: false } })).lanes.hasLaneInstance('c', 'gray')).toBe(false);
    const withoutGrayC = demoPolicy({ services: { c: { instances: [{ address: '127.0.0.1:4003' }] } } });
    expect(lanesFor('b', withoutGrayC).lanes.hasLaneInstance('c', 'gray')).toBe(false);
  });
});
