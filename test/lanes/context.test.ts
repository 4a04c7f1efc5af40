import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { currentLane, runInLane } from '../../src/runtime/lanes/index.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the lane follows the request through async work', () => {
  it('outside any request there is no lane; runInLane returns what fn returns', () => {
    expect(currentLane()).toBeUndefined();
    expect(runInLane('gray', () => currentLane())).toBe('gray');
    expect(currentLane()).toBeUndefined();
  });

  it('survives setTimeout, setImmediate, process.nextTick and queueMicrotask', async () => {
    const seen = await runInLane(
      'gray',
      () =>
        new Promise<Array<string | undefined>>((resolve) => {
          const out: Array<string | undefined> = [];
          setTimeout(() => {
            out.push(currentLane());
            setImmediate(() => {
              out.push(currentLane());
              process.nextTick(() => {
                out.push(currentLane());
                queueMicrotask(() => {
                  out.push(currentLane());
                  resolve(out);
                });
              });
            });
          }, 5);
        }),
    );
    expect(seen).toEqual(['gray', 'gray', 'gray', 'gray']);
  });

  it('survives promise chains and awaits', async () => {
    const seen = await runInLane('gray', async () => {
      const out: Array<string | undefined> = [];
      await sleep(2);
      out.push(currentLane());
      await Promise.resolve()
        .then(() => out.push(currentLane()))
        .then(() => sleep(1))
        .then(() => out.push(currentLane()));
      await Promise.all(
        [1, 2].map(async () => {
          await tick();
          out.push(currentLane());
        }),
      );
      return out;
    });
    expect(seen).toEqual(['gray', 'gray', 'gray', 'gray', 'gray']);
  });

  it('reaches EventEmitter listeners called from the request, whoever registered them', async () => {
    const bus = new EventEmitter(); // shared, listener registered outside any lane
    const heard: Array<[string, string | undefined]> = [];
    bus.on('event', (from: string) => heard.push([from, currentLane()]));
    await Promise.all([
      runInLane('gray', async () => {
        await sleep(3);
        bus.emit('event', 'gray-request');
      }),
      runInLane(undefined, async () => {
        await sleep(1);
        bus.emit('event', 'baseline-request');
      }),
    ]);
    // a per-request emitter (a stream, a client) emitting later from its own async work
    const perRequest = await runInLane('blue', async () => {
      const emitter = new EventEmitter();
      setTimeout(() => emitter.emit('done', currentLane()), 2);
      const [tagAtEmit] = await once(emitter, 'done');
      return [tagAtEmit, currentLane()];
    });
    expect(heard.sort()).toEqual([
      ['baseline-request', undefined],
      ['gray-request', 'gray'],
    ]);
    expect(perRequest).toEqual(['blue', 'blue']);
  });

  it('an inner runInLane wins inside and the outer lane comes back after it; undefined hides the outer lane', async () => {
    await runInLane('gray', async () => {
      await runInLane('blue', async () => {
        await tick();
        expect(currentLane()).toBe('blue');
      });
      expect(currentLane()).toBe('gray');
      expect(runInLane(undefined, () => currentLane())).toBeUndefined();
      expect(currentLane()).toBe('gray');
    });
  });

  it("100 concurrent interleaved requests never see each other's lane", async () => {
    const lanesOf = (i: number): string | undefined => (i % 3 === 0 ? undefined : i % 3 === 1 ? 'gray' : `lane-${i}`);
    const mismatches: string[] = [];
    const requests = Array.from({ length: 100 }, (_, i) =>
      runInLane(lanesOf(i), async () => {
        const expected = lanesOf(i);
        const check = (where: string): void => {
          if (currentLane() !== expected) mismatches.push(`request ${i} at ${where}: ${String(currentLane())}`);
        };
        for (let step = 0; step < 5; step++) {
          // random delays interleave the requests differently at every step
          await sleep(Math.floor(Math.random() * 4));
          check(`await ${step}`);
          await new Promise<void>((resolve) =>
            setTimeout(
              () => {
                check(`timer ${step}`);
                resolve();
              },
              Math.floor(Math.random() * 3),
            ),
          );
          await tick();
          check(`immediate ${step}`);
        }
        return currentLane();
      }),
    );
    const results = await Promise.all(requests);
    expect(mismatches).toEqual([]);
    expect(results).toEqual(Array.from({ length: 100 }, (_, i) => lanesOf(i)));
    expect(currentLane()).toBeUndefined();
  });

  it('two copies of the runtime (two bundles) share the lane', async () => {
    vi.resetModules();
    const copy = await import('../../src/runtime/lanes/context.js');
    expect(copy.runInLane).not.toBe(runInLane);
    expect(runInLane('gray', () => copy.currentLane())).toBe('gray');
    expect(copy.runInLane('blue', () => currentLane())).toBe('blue');
  });
});
