import { validatePolicy, type Policy } from '../../src/runtime/governance/index.js';
import { Lanes, type InboundRequest, type LanesOptions } from '../../src/runtime/lanes/index.js';

/** The demo's lane policy: gateway → a → b → c, gray copies of a and c. */
export function demoPolicy(
  overrides: {
    lanes?: Record<string, unknown>;
    lane?: Record<string, unknown>;
    services?: Record<string, unknown>;
  } = {},
): Record<string, unknown> {
  return {
    lanes: {
      groups: [{ name: 'demo', entry: 'gateway', services: ['gateway', 'a', 'b', 'c'] }],
      lanes: [
        {
          name: 'gray-users',
          group: 'demo',
          tag: 'gray',
          enabled: true,
          match: { condition: 'or', items: [{ type: 'header', name: 'x-user-uuid', op: '==', value: '123456789' }] },
          ...overrides.lane,
        },
      ],
      ...overrides.lanes,
    },
    services: overrides.services ?? {
      a: { instances: [{ address: '127.0.0.1:4001' }, { address: '127.0.0.1:4011', tag: 'gray' }] },
      b: { instances: [{ address: '127.0.0.1:4002' }] },
      c: { instances: [{ address: '127.0.0.1:4003' }, { address: '127.0.0.1:4013', tag: 'gray' }] },
    },
  };
}

/** A Lanes instance for `service` over a validated copy of `policy`, with its reports captured. */
export function lanesFor(
  service: string | undefined,
  policy: unknown,
  options: LanesOptions = {},
): { lanes: Lanes; policy: Policy; lines: string[] } {
  const lines: string[] = [];
  const validated = validatePolicy(policy);
  const lanes = new Lanes({
    service: service ?? '',
    tag: '',
    env: {},
    policy: validated,
    log: (l) => lines.push(l),
    ...options,
  });
  return { lanes, policy: validated, lines };
}

export function request(headers: Record<string, string | string[]> = {}, url = '/greet'): InboundRequest {
  return { method: 'GET', url, headers };
}
