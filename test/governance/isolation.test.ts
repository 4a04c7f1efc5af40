import { describe, expect, it } from 'vitest';
import { BlockedError, GovernanceTimeoutError } from '../../src/runtime/governance/index.js';
import { setup } from './helpers.js';

const policy = { isolation: [{ resource: 'pay', maxConcurrency: 10 }] };

describe('isolation', () => {
  it('case 10: limit 10, 50 concurrent 1 s calls: never more than 10 in flight, 40 rejected at once', async () => {
    const { clock, gov } = setup(policy);
    let inFlight = 0;
    let maxInFlight = 0;
    const call = async (): Promise<string> => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((resolve) => clock.setTimer(resolve, 1000));
      inFlight--;
      return 'ok';
    };
    const results = Array.from({ length: 50 }, () =>
      gov.guard('pay', undefined, call).then(
        (v) => v,
        (e: unknown) => (e instanceof BlockedError ? `blocked:${e.blockType}` : 'other'),
      ),
    );
    // the 40 rejections are settled before any time passes
    await clock.advanceAsync(0);
    expect(gov.stats()[0]).toMatchObject({ passed: 10, blocked: { isolation: 40 }, concurrency: 10 });
    await clock.advanceAsync(1000);
    const settled = await Promise.all(results);
    expect(settled.filter((v) => v === 'ok')).toHaveLength(10);
    expect(settled.filter((v) => v === 'blocked:isolation')).toHaveLength(40);
    expect(maxInFlight).toBe(10);
    expect(gov.stats()[0]).toMatchObject({ concurrency: 0, completed: 10, errors: 0 });
    // after they end, the slots are free again
    expect(gov.entry('pay').kind).toBe('pass');
  });

  it('case 10: check and increment are one step, also across await (no check-then-increment race)', async () => {
    const { clock, gov } = setup(policy);
    // Each caller awaits something before entering and after: interleavings cannot oversubscribe.
    let inFlight = 0;
    let maxInFlight = 0;
    const tasks = Array.from({ length: 50 }, async (_, i) => {
      await Promise.resolve(i);
      const e = gov.entry('pay');
      if (e.kind !== 'pass') return 'blocked';
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((resolve) => clock.setTimer(resolve, 10 + (i % 3)));
      inFlight--;
      gov.exit(e);
      return 'ran';
    });
    await clock.advanceAsync(100);
    const out = await Promise.all(tasks);
    expect(out.filter((v) => v === 'ran')).toHaveLength(10);
    expect(maxInFlight).toBe(10);
  });

  it('case 10: the slot is released on return, throw, rejection, timeout and abort — once', async () => {
    const { clock, gov } = setup(policy);
    const concurrency = (): number => gov.stats()[0]!.concurrency;

    await gov.guard('pay', undefined, () => 1);
    expect(concurrency()).toBe(0);

    await expect(
      gov.guard('pay', undefined, () => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
    expect(concurrency()).toBe(0);

    await expect(
      gov.guard('pay', undefined, async () => {
        throw new Error('async boom');
      }),
    ).rejects.toThrow('async boom');
    expect(concurrency()).toBe(0);

    // a call that never settles is released by its timeout, and counts as an error
    const hung = gov.guard('pay', undefined, () => new Promise<never>(() => {}), { timeoutMs: 500 });
    const caught = hung.catch((e: unknown) => e);
    await clock.advanceAsync(499);
    expect(concurrency()).toBe(1);
    await clock.advanceAsync(1);
    expect(await caught).toBeInstanceOf(GovernanceTimeoutError);
    expect(concurrency()).toBe(0);

    // an aborted call is released and is no error
    const ac = new AbortController();
    const aborted = gov
      .guard('pay', undefined, () => new Promise<never>(() => {}), { signal: ac.signal })
      .catch((e: unknown) => e);
    expect(concurrency()).toBe(1);
    ac.abort(new Error('client gone'));
    expect(((await aborted) as Error).message).toBe('client gone');
    expect(concurrency()).toBe(0);

    // exit twice counts once
    const e = gov.entry('pay');
    gov.exit(e);
    gov.exit(e, { error: new Error('late') });
    expect(concurrency()).toBe(0);
    expect(gov.stats()[0]).toMatchObject({ completed: 5, errors: 3, timeouts: 1, aborted: 1 });
  });
});
