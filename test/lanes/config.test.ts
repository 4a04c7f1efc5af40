import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GovernanceEngine,
  PolicyError,
  parsePolicy,
  validatePolicy,
  watchPolicyFile,
} from '../../src/runtime/governance/index.js';
import { Lanes, isLaneTag, normalizeAddress } from '../../src/runtime/lanes/index.js';
import { demoPolicy } from './helpers.js';

function problem(policy: unknown): string {
  try {
    validatePolicy(policy);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return (error as Error).message;
  }
  return 'accepted';
}

const item = (fields: Record<string, unknown>): Record<string, unknown> =>
  demoPolicy({ lane: { match: { items: [{ type: 'header', name: 'x-u', ...fields }] } } });

describe('lanes and services validation', () => {
  it('fills in the defaults and keeps the policy JSON-serialisable', () => {
    const p = validatePolicy({
      lanes: {
        groups: [{ name: 'g', entry: 'gw', services: ['a'] }],
        lanes: [
          {
            name: 'l',
            group: 'g',
            tag: 'gray',
            match: { items: [{ type: 'header', name: 'X-U', op: 'regex', value: '^9' }] },
          },
        ],
      },
      services: { a: { instances: [{ address: 'A.example:80' }, { address: '[::1]:4011', tag: 'gray' }] } },
    });
    expect(p.lanes).toEqual({
      groups: [{ name: 'g', entry: 'gw', services: ['gw', 'a'] }],
      lanes: [
        {
          name: 'l',
          group: 'g',
          tag: 'gray',
          enabled: true,
          paths: null,
          match: { condition: 'and', items: [{ type: 'header', name: 'x-u', op: 'regex', value: '^9' }] },
        },
      ],
      propagation: { baggageKey: 'instts.lane', header: 'x-mse-tag' },
      inbound: 'strip',
    });
    expect(p.services).toEqual({
      a: { instances: [{ address: 'a.example:80' }, { address: '[::1]:4011', tag: 'gray' }] },
    });
    expect(JSON.parse(JSON.stringify(p.lanes))).toEqual(p.lanes);
    expect(validatePolicy({}).lanes).toBeUndefined();
    expect(validatePolicy({ lanes: { propagation: { header: null } } }).lanes!.propagation).toEqual({
      baggageKey: 'instts.lane',
      header: null,
    });
  });

  it('accepts the example of the brief (every operator, paths, trust)', () => {
    const p = validatePolicy({
      lanes: {
        groups: [{ name: 'demo', entry: 'gateway', services: ['gateway', 'a', 'b', 'c'] }],
        lanes: [
          {
            name: 'gray-users',
            group: 'demo',
            tag: 'gray',
            enabled: true,
            match: {
              condition: 'or',
              items: [
                { type: 'header', name: 'x-user-uuid', op: '==', value: '123456789' },
                { type: 'query', name: 'uid', op: 'in', values: ['7', '8'] },
                { type: 'cookie', name: 'u', op: 'regex', value: '^9' },
                { type: 'header', name: 'x-user-uuid', op: 'percentage', value: 30 },
                { type: 'header', name: 'x-env', op: '!=', value: 'prod' },
              ],
            },
            paths: ['/greet*'],
          },
        ],
        propagation: { baggageKey: 'instts.lane', header: 'X-MSE-Tag' },
        inbound: 'trust',
      },
      services: { a: { instances: [{ address: '127.0.0.1:4001' }, { address: '127.0.0.1:4011', tag: 'gray' }] } },
    });
    expect(p.lanes!.propagation.header).toBe('x-mse-tag');
    expect(p.lanes!.inbound).toBe('trust');
  });

  it('names the JSON path of the first problem', () => {
    const cases: Array<[unknown, string]> = [
      [{ lanes: [] }, '$.lanes: expected an object, got an array'],
      [{ lanes: { group: [] } }, '$.lanes.group: unknown property (did you mean "groups"?)'],
      [{ lanes: { inbound: 'keep' } }, '$.lanes.inbound: expected one of "strip", "trust", got string "keep"'],
      [
        { lanes: { propagation: { header: 'x mse' } } },
        '$.lanes.propagation.header: expected a header name (letters, digits and !#$%&\'*+.^_`|~-), got string "x mse"',
      ],
      [
        { lanes: { propagation: { baggagekey: 'k' } } },
        '$.lanes.propagation.baggagekey: unknown property (did you mean "baggageKey"?)',
      ],
      [
        { lanes: { propagation: { header: 'baggage' } } },
        '$.lanes.propagation.header: the plain header cannot be "baggage" (the tag rides there already)',
      ],
      [{ lanes: { groups: [{ name: 'g', entry: 'gw' }] } }, '$.lanes.groups[0].services: required property is missing'],
      [
        { lanes: { groups: [{ name: 'g', entry: 'gw', services: [] }] } },
        '$.lanes.groups[0].services: a group needs at least one member service',
      ],
      [
        { lanes: { groups: [{ name: 'g', entry: '', services: ['a'] }] } },
        '$.lanes.groups[0].entry: must not be empty',
      ],
      [
        { lanes: { groups: [{ name: 'g', entry: 'gw', services: ['a', 3] }] } },
        '$.lanes.groups[0].services[1]: expected a string, got number 3',
      ],
      [
        {
          lanes: {
            groups: [
              { name: 'g', entry: 'x', services: ['a'] },
              { name: 'g', entry: 'y', services: ['b'] },
            ],
          },
        },
        '$.lanes.groups[1].name: duplicate group name "g" (first at $.lanes.groups[0].name)',
      ],
      [
        demoPolicy({ lane: { group: 'dmo' } }),
        '$.lanes.lanes[0].group: unknown group "dmo" (did you mean "demo"?) (groups: "demo")',
      ],
      [demoPolicy({ lane: { tag: '' } }), '$.lanes.lanes[0].tag: must not be empty'],
      [
        demoPolicy({ lane: { tag: 'gray lane' } }),
        '$.lanes.lanes[0].tag: a tag is 1 to 63 letters, digits, "-", "_" or "." and starts and ends with a letter or digit, got string "gray lane"',
      ],
      [demoPolicy({ lane: { tag: undefined } }), '$.lanes.lanes[0].tag: required property is missing'],
      [demoPolicy({ lane: { enabled: 'yes' } }), '$.lanes.lanes[0].enabled: expected true or false, got string "yes"'],
      [demoPolicy({ lane: { enable: false } }), '$.lanes.lanes[0].enable: unknown property (did you mean "enabled"?)'],
      [
        demoPolicy({ lane: { paths: [] } }),
        '$.lanes.lanes[0].paths: an empty list matches no path; leave "paths" out to match every path',
      ],
      [demoPolicy({ lane: { paths: ['/a', ''] } }), '$.lanes.lanes[0].paths[1]: must not be empty'],
      [
        demoPolicy({
          lanes: {
            lanes: [
              { name: 'x', group: 'demo', tag: 'a' },
              { name: 'x', group: 'demo', tag: 'b' },
            ],
          },
        }),
        '$.lanes.lanes[1].name: duplicate lane name "x" (first at $.lanes.lanes[0].name)',
      ],
      [
        demoPolicy({
          lane: { match: { condition: 'xor', items: [{ type: 'header', name: 'h', op: '==', value: '1' }] } },
        }),
        '$.lanes.lanes[0].match.condition: expected one of "and", "or", got string "xor"',
      ],
      [
        demoPolicy({ lane: { match: { items: [] } } }),
        '$.lanes.lanes[0].match.items: needs at least one item; leave "match" out to match every request',
      ],
      [
        item({ op: '===', value: '1' }),
        '$.lanes.lanes[0].match.items[0].op: expected one of "==", "!=", "in", "regex", "percentage", got string "==="',
      ],
      [
        item({ type: 'param', op: '==', value: '1' }),
        '$.lanes.lanes[0].match.items[0].type: expected one of "header", "query", "cookie", got string "param"',
      ],
      [item({ op: '==', value: 1 }), '$.lanes.lanes[0].match.items[0].value: expected a string, got number 1'],
      [item({ op: '!=' }), '$.lanes.lanes[0].match.items[0].value: required property is missing'],
      [
        item({ op: 'in', value: ['1'] }),
        '$.lanes.lanes[0].match.items[0].value: unknown property (did you mean "values"?)',
      ],
      [item({ op: 'in', values: [] }), '$.lanes.lanes[0].match.items[0].values: needs at least one value'],
      [
        item({ op: 'in', values: ['1', 2] }),
        '$.lanes.lanes[0].match.items[0].values[1]: expected a string, got number 2',
      ],
      [
        item({ op: 'regex', value: '^(9' }),
        '$.lanes.lanes[0].match.items[0].value: invalid regular expression: Invalid regular expression: /^(9/: Unterminated group',
      ],
      [
        item({ op: 'percentage', value: 101 }),
        '$.lanes.lanes[0].match.items[0].value: expected an integer percentage from 0 to 100, got number 101',
      ],
      [
        item({ op: 'percentage', value: '30' }),
        '$.lanes.lanes[0].match.items[0].value: expected an integer percentage from 0 to 100, got string "30"',
      ],
      [
        item({ op: 'percentage', value: 30, values: [] }),
        '$.lanes.lanes[0].match.items[0].values: unknown property (did you mean "value"?)',
      ],
      [{ services: [] }, '$.services: expected an object of service name → { instances }, got an array'],
      [{ services: { a: { instance: [] } } }, '$.services.a.instance: unknown property (did you mean "instances"?)'],
      [{ services: { a: {} } }, '$.services.a.instances: required property is missing'],
      [
        { services: { a: { instances: [{ address: '127.0.0.1' }] } } },
        '$.services.a.instances[0].address: expected "host:port" (port 1 to 65535; an IPv6 host in brackets), got string "127.0.0.1"',
      ],
      [
        { services: { a: { instances: [{ address: 'http://a:80' }] } } },
        '$.services.a.instances[0].address: expected "host:port" (port 1 to 65535; an IPv6 host in brackets), got string "http://a:80"',
      ],
      [
        { services: { a: { instances: [{ address: 'a:70000' }] } } },
        '$.services.a.instances[0].address: expected "host:port" (port 1 to 65535; an IPv6 host in brackets), got string "a:70000"',
      ],
      [
        { services: { a: { instances: [{ address: 'a:80', tag: '' }] } } },
        '$.services.a.instances[0].tag: must not be empty',
      ],
      [
        { services: { a: { instances: [{ address: 'a:80', weight: 2 }] } } },
        '$.services.a.instances[0].weight: unknown property',
      ],
      [
        { services: { a: { instances: [{ address: 'h:80' }] }, 'b-svc': { instances: [{ address: 'H:80' }] } } },
        '$.services["b-svc"].instances[0].address: duplicate address "h:80" (first at $.services.a.instances[0].address)',
      ],
      [{ servces: {} }, '$.servces: unknown property (did you mean "services"?)'],
    ];
    for (const [policy, message] of cases) expect(problem(policy), JSON.stringify(policy)).toBe(message);
  });

  it('tag and address syntax', () => {
    expect(['gray', 'v2', 'blue.1', 'a_b-c', 'x'.repeat(63)].every(isLaneTag)).toBe(true);
    expect(['', '-gray', 'gray-', 'gr ay', 'x'.repeat(64), 3, undefined].some(isLaneTag)).toBe(false);
    expect(normalizeAddress('Svc.NS:8080')).toBe('svc.ns:8080');
    expect(normalizeAddress('[::1]:80')).toBe('[::1]:80');
    expect(normalizeAddress('a:080')).toBe('a:80');
    expect(normalizeAddress('::1:80')).toBeUndefined();
    expect(normalizeAddress('a:0')).toBeUndefined();
  });

  it('a hot reload with an invalid lane section is refused in one line and the last good policy stays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'instts-lanes-'));
    const file = join(dir, 'policy.json');
    const lines: string[] = [];
    const gov = new GovernanceEngine({ log: (l) => lines.push(l) });
    writeFileSync(file, JSON.stringify(demoPolicy()));
    const watcher = watchPolicyFile(gov, file, { log: (l) => lines.push(l), intervalMs: 50 });
    try {
      const good = gov.policy;
      expect(good.lanes!.lanes[0]!.tag).toBe('gray');
      writeFileSync(
        file,
        JSON.stringify(
          demoPolicy({ lane: { match: { items: [{ type: 'cookie', name: 'u', op: 'regex', value: '[' }] } } }),
        ),
      );
      const t0 = performance.now();
      while (!lines.some((l) => l.includes('rejected'))) {
        if (performance.now() - t0 > 3000) throw new Error('no rejection reported');
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(lines).toEqual([
        `instts: policy ${file}(1,223) rejected: $.lanes.lanes[0].match.items[0].value: invalid regular expression: Invalid regular expression: /[/: Unterminated character class; keeping the previous policy`,
      ]);
      expect(gov.policy).toBe(good);
      expect(() => parsePolicy('{"services":{"a":{"instances":[{"address":"a"}]}}}')).toThrow(
        /^\$\.services\.a\.instances\[0\]\.address: /,
      );
    } finally {
      watcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docs/lanes.md', () => {
  it('its example validates and routes as the text says', () => {
    const doc = readFileSync(new URL('../../docs/lanes.md', import.meta.url), 'utf8');
    const policy = parsePolicy(/```json\n([\s\S]*?)```/.exec(doc)![1]!);
    const gateway = new Lanes({ service: 'gateway', env: {}, policy });
    expect(gateway.inbound({ url: '/greet', headers: { 'x-user-uuid': '123456789' } })).toBe('gray');
    expect(gateway.inbound({ url: '/other', headers: { 'x-user-uuid': '123456789' } })).toBeUndefined();
    expect(gateway.inbound({ url: '/greet', headers: { 'x-user-uuid': '1' } })).toBeUndefined();
    const b = new Lanes({ service: 'b', env: {}, policy });
    expect(b.route(new URL('http://c/greet'), 'gray')).toBe('127.0.0.1:4013');
    expect(b.route(new URL('http://127.0.0.1:4002/greet'), 'gray')).toBe('127.0.0.1:4002');
    // the rejection line quoted in the text
    const line =
      /^instts: policy \/etc\/instts\/policy\.json\(\d+,\d+\) rejected: (.*); keeping the previous policy$/m.exec(
        doc,
      )![1]!;
    const broken = JSON.parse(/```json\n([\s\S]*?)```/.exec(doc)![1]!);
    broken.lanes.lanes[0].match.items[2].value = '^(9';
    expect(() => validatePolicy(broken)).toThrow(line);
  });
});
