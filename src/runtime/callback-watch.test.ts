// The callback watch of callback-kind sites with an onExit hook (context.ts): the callback is
// watched through a Proxy and the exit comes with its first call — unless every hook with an
// onExit put its own wrapper in the callback's place and said it ends the call (`_ownCallback`,
// the database hooks): then no Proxy is made and the exit comes at the return.

import { describe, expect, it } from 'vitest';
import { CallRecord, type HookContext } from './context.js';
import type { HookBinding, SiteInfo } from './site.js';

const INFO: SiteInfo = {
  rule: 'r',
  module: '.',
  file: 'f.ts',
  line: 1,
  class: undefined,
  function: 'query',
  kind: 'callback',
};

function binding(onEnter: HookBinding['onEnter'], onExit: HookBinding['onExit']): HookBinding {
  return { info: INFO, onEnter, onExit, enabled: true };
}

/** A call `query(text, callback)` with the callback at index 1; what the exits saw, in order. */
function call(owns: boolean) {
  const events: string[] = [];
  const wrapper = (error: unknown, value: unknown): void => {
    events.push(`wrapper ${String(error)} ${String(value)}`);
  };
  const user = (): void => {};
  const record = new CallRecord(
    1,
    [
      binding(
        (ctx: HookContext) => {
          ctx.args[1] = wrapper;
          ctx._ownCallback = owns;
        },
        (ctx: HookContext) => {
          events.push(`exit ${String(ctx.result)}`);
        },
      ),
    ],
    undefined,
    ['SELECT 1', user],
  );
  return { record, wrapper, events };
}

describe('callback watch', () => {
  it("watches the hook's wrapper and exits with its call when the hook did not say it ends the call", () => {
    const { record, wrapper, events } = call(false);
    const passed = record.a[1] as (e: unknown, v: unknown) => void;
    expect(passed).not.toBe(wrapper); // the watch (a Proxy of the wrapper)
    expect(record.rx('returned')).toBe('returned');
    expect(events).toEqual([]);
    passed(null, 'rows');
    expect(events).toEqual(['exit rows', 'wrapper null rows']);
  });

  it('passes the wrapper itself and exits at the return when the hook ends the call itself', () => {
    const { record, wrapper, events } = call(true);
    expect(record.a[1]).toBe(wrapper);
    expect(record.rx('returned')).toBe('returned');
    expect(events).toEqual(['exit returned']);
    (record.a[1] as (e: unknown, v: unknown) => void)(null, 'rows');
    expect(events).toEqual(['exit returned', 'wrapper null rows']);
  });
});
