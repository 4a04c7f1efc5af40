import { afterEach, describe, expect, it } from 'vitest';
import {
  BlockedError,
  registerFallback,
  unregisterFallback,
  type Blocked,
  type FallbackRequest,
} from '../../src/runtime/governance/index.js';
import { setup } from './helpers.js';

const policy = {
  behaviors: {
    busy: {
      type: 'respond',
      status: 503,
      contentType: 'json',
      body: { code: 'BUSY' },
      headers: { 'Retry-After': '1' },
    },
    away: { type: 'redirect', location: '/busy.html' },
    cached: { type: 'fallback', value: { items: [], cached: true } },
    fail: { type: 'fallback', throw: { name: 'OverloadError', message: 'try later', code: 'E_OVERLOAD' } },
    handled: { type: 'fallback', handler: 'orders.cached' },
  },
  flow: [
    { id: 'plain', resource: 'plain', threshold: 0 },
    { id: 'busy', resource: 'busy', threshold: 0, behavior: 'busy' },
    { id: 'away', resource: 'away', threshold: 0, behavior: 'away' },
    { id: 'cached', resource: 'cached', threshold: 0, behavior: 'cached' },
    { id: 'fail', resource: 'fail', threshold: 0, behavior: 'fail' },
  ],
  isolation: [{ id: 'iso', resource: 'handled', maxConcurrency: 1, behavior: 'handled' }],
};

afterEach(() => unregisterFallback('orders.cached'));

describe('behaviours', () => {
  it('case 30: a blocked web call gets the configured status (default 429), body and content-type', () => {
    const { gov } = setup(policy);
    const plain = gov.entry('plain') as Blocked;
    expect(plain.httpResponse()).toEqual({
      status: 429,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'Too Many Requests',
    });
    expect((gov.entry('busy') as Blocked).httpResponse()).toEqual({
      status: 503,
      headers: { 'content-type': 'application/json', 'retry-after': '1' },
      body: '{"code":"BUSY"}',
    });
  });

  it('case 30: a redirect sets Location (302 by default)', () => {
    const { gov } = setup(policy);
    expect((gov.entry('away') as Blocked).httpResponse()).toEqual({
      status: 302,
      headers: { location: '/busy.html' },
      body: '',
    });
  });

  it('case 30: fallbacks return a value, throw the configured error, or call a handler that receives the block type and rule id', async () => {
    const { gov } = setup(policy);
    const v1 = await gov.guard('cached', undefined, () => ({ items: [1] }));
    const v2 = await gov.guard('cached', undefined, () => ({ items: [1] }));
    expect(v1).toEqual({ items: [], cached: true });
    expect(v1).not.toBe(v2); // each call gets its own copy

    const thrown = await gov.guard('fail', undefined, () => 1).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(BlockedError);
    expect(thrown).toMatchObject({
      name: 'OverloadError',
      message: 'try later',
      code: 'E_OVERLOAD',
      blockType: 'flow',
      ruleId: 'fail',
      resource: 'fail',
    });

    const seen: FallbackRequest[] = [];
    registerFallback('orders.cached', (req) => {
      seen.push(req);
      return `cached:${String(req.args?.[0])}`;
    });
    const held = gov.entry('handled');
    expect(await gov.guard('handled', { args: ['o-1'] }, () => 'live')).toBe('cached:o-1');
    expect(seen).toEqual([{ type: 'isolation', ruleId: 'iso', resource: 'handled', args: ['o-1'] }]);
    gov.exit(held);
    expect(await gov.guard('handled', { args: ['o-1'] }, () => 'live')).toBe('live');
  });

  it('respond/redirect behaviours outside HTTP, and unregistered handlers, reject with a BlockedError', async () => {
    const { gov } = setup(policy);
    const e = await gov.guard('plain', undefined, () => 1).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BlockedError);
    expect(e).toMatchObject({
      code: 'INSTTS_BLOCKED',
      blockType: 'flow',
      ruleId: 'plain',
      message: "blocked by flow rule 'plain' on resource 'plain'",
    });
    const held = gov.entry('handled');
    const u = await gov.guard('handled', undefined, () => 1).catch((x: unknown) => x);
    expect((u as Error).message).toContain("fallback handler 'orders.cached' is not registered");
    gov.exit(held);
  });

  it('defaultBehavior applies to rules that name none, adaptive included', () => {
    const { gov } = setup({ ...policy, defaultBehavior: 'busy' });
    expect((gov.entry('plain') as Blocked).httpResponse()?.status).toBe(503);
    expect((gov.entry('plain') as Blocked).behaviorName).toBe('busy');
  });

  it('blocking allocates nothing: the same Blocked instance per rule', () => {
    const { gov } = setup(policy);
    expect(gov.entry('plain')).toBe(gov.entry('plain'));
  });
});
