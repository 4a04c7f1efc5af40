import { describe, expect, it } from 'vitest';
import { mergeBaggage, readBaggage } from '../../src/runtime/lanes/index.js';
import { demoPolicy, lanesFor } from './helpers.js';

describe('W3C baggage', () => {
  it('adds the lane entry and keeps the other entries with their properties', () => {
    expect(mergeBaggage(undefined, 'instts.lane', 'gray')).toBe('instts.lane=gray');
    expect(mergeBaggage('', 'instts.lane', 'gray')).toBe('instts.lane=gray');
    expect(mergeBaggage('userId=alice, tenant=t1;ttl=30', 'instts.lane', 'gray')).toBe(
      'userId=alice,tenant=t1;ttl=30,instts.lane=gray',
    );
  });

  it('replaces an existing lane entry in place, and removes it for an untagged call', () => {
    expect(mergeBaggage('a=1,instts.lane=blue;p,b=2', 'instts.lane', 'gray')).toBe('a=1,instts.lane=gray,b=2');
    expect(mergeBaggage('a=1,instts.lane=blue,b=2', 'instts.lane', undefined)).toBe('a=1,b=2');
    expect(mergeBaggage('instts.lane=blue', 'instts.lane', undefined)).toBeUndefined();
  });

  it('percent-encodes values and decodes them on the way in', () => {
    const header = mergeBaggage('note=hello%20world%2C%20bye', 'k', 'a,b;c=d é');
    expect(header).toBe('note=hello%20world%2C%20bye,k=a%2Cb%3Bc%3Dd%20%C3%A9');
    expect(readBaggage(header, 'k')).toBe('a,b;c=d é');
    expect(readBaggage(header, 'note')).toBe('hello world, bye');
  });

  it('reads several header lines, tolerates whitespace and skips malformed members', () => {
    expect(readBaggage([' a = 1 ', 'instts.lane = gray ; p=1'], 'instts.lane')).toBe('gray');
    expect(readBaggage('garbage,,=x,instts.lane=gray', 'instts.lane')).toBe('gray');
    expect(readBaggage('instts.lane=%E0%A4%A', 'instts.lane')).toBeUndefined();
    expect(readBaggage(undefined, 'instts.lane')).toBeUndefined();
  });
});

describe('outboundHeaders', () => {
  it('sets baggage and the plain header for a tagged call', () => {
    const { lanes } = lanesFor('a', demoPolicy());
    expect(lanes.outboundHeaders('gray', { baggage: 'userId=alice' })).toEqual({
      baggage: 'userId=alice,instts.lane=gray',
      'x-mse-tag': 'gray',
    });
    expect(lanes.outboundHeaders('gray')).toEqual({ baggage: 'instts.lane=gray', 'x-mse-tag': 'gray' });
  });

  it('removes a stale or foreign tag from an untagged call (null: remove the header)', () => {
    const { lanes } = lanesFor('gateway', demoPolicy());
    expect(lanes.outboundHeaders(undefined, { baggage: 'userId=alice,instts.lane=gray' })).toEqual({
      baggage: 'userId=alice',
      'x-mse-tag': null,
    });
    expect(lanes.outboundHeaders(undefined, { baggage: 'instts.lane=gray' })).toEqual({
      baggage: null,
      'x-mse-tag': null,
    });
    expect(lanes.outboundHeaders('not a tag')).toEqual({ baggage: null, 'x-mse-tag': null });
  });

  it('follows the configured baggage key; no plain header when it is null', () => {
    const { lanes } = lanesFor('a', demoPolicy({ lanes: { propagation: { baggageKey: 'lane', header: null } } }));
    expect(lanes.outboundHeaders('gray', { baggage: 'lane=blue' })).toEqual({ baggage: 'lane=gray' });
  });
});
