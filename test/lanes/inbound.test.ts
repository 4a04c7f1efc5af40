import { describe, expect, it } from 'vitest';
import { Lanes } from '../../src/runtime/lanes/index.js';
import { demoPolicy, lanesFor, request } from './helpers.js';

const gray = { 'x-user-uuid': '123456789' };

describe('inbound at the entry service', () => {
  it('tags a matching request and leaves the others baseline', () => {
    const { lanes } = lanesFor('gateway', demoPolicy());
    expect(lanes.inbound(request(gray))).toBe('gray');
    expect(lanes.inbound(request({ 'x-user-uuid': '1' }))).toBeUndefined();
    expect(lanes.inbound(request())).toBeUndefined();
  });

  it('strips a tag sent from outside by default (baggage or plain header)', () => {
    const { lanes } = lanesFor('gateway', demoPolicy());
    expect(lanes.inbound(request({ baggage: 'instts.lane=gray' }))).toBeUndefined();
    expect(lanes.inbound(request({ 'x-mse-tag': 'gray' }))).toBeUndefined();
    // the lanes still decide: a matching request keeps its lane whatever it claims
    expect(lanes.inbound(request({ ...gray, 'x-mse-tag': 'blue' }))).toBe('gray');
  });

  it('trusts a tag sent from outside when "inbound" is "trust", else evaluates the lanes', () => {
    const { lanes } = lanesFor('gateway', demoPolicy({ lanes: { inbound: 'trust' } }));
    expect(lanes.inbound(request({ baggage: 'instts.lane=blue' }))).toBe('blue');
    expect(lanes.inbound(request({ 'x-mse-tag': 'blue' }))).toBe('blue');
    expect(lanes.inbound(request({ ...gray, 'x-mse-tag': 'blue' }))).toBe('blue');
    expect(lanes.inbound(request(gray))).toBe('gray');
    expect(lanes.inbound(request({ 'x-mse-tag': 'not a tag!' }))).toBeUndefined();
  });

  it('a disabled lane tags nothing', () => {
    const { lanes } = lanesFor('gateway', demoPolicy({ lane: { enabled: false } }));
    expect(lanes.inbound(request(gray))).toBeUndefined();
  });
});

describe('inbound at other services', () => {
  it('takes the tag from the baggage entry, else from the plain header', () => {
    const { lanes } = lanesFor('a', demoPolicy());
    expect(lanes.inbound(request({ baggage: 'userId=7, instts.lane=gray;prop=1' }))).toBe('gray');
    expect(lanes.inbound(request({ baggage: ['k=v', 'instts.lane=blue'] }))).toBe('blue');
    expect(lanes.inbound(request({ 'x-mse-tag': 'gray' }))).toBe('gray');
    expect(lanes.inbound(request({ baggage: 'instts.lane=gray', 'x-mse-tag': 'blue' }))).toBe('gray');
    expect(lanes.inbound(request({ baggage: 'other=1' }))).toBeUndefined();
    // lane conditions are the entry's business only
    expect(lanes.inbound(request(gray))).toBeUndefined();
  });

  it('ignores malformed tags and follows the configured key and header', () => {
    const { lanes } = lanesFor('b', demoPolicy({ lanes: { propagation: { baggageKey: 'lane', header: null } } }));
    expect(lanes.inbound(request({ baggage: 'lane=gray' }))).toBe('gray');
    expect(lanes.inbound(request({ baggage: 'instts.lane=gray' }))).toBeUndefined();
    expect(lanes.inbound(request({ 'x-mse-tag': 'gray' }))).toBeUndefined();
    expect(lanes.inbound(request({ baggage: 'lane=%20bad%20' }))).toBeUndefined();
  });

  it('a service outside every group, or one without a name, passes the tag on', () => {
    expect(lanesFor('elsewhere', demoPolicy()).lanes.inbound(request({ 'x-mse-tag': 'gray' }))).toBe('gray');
    expect(lanesFor(undefined, demoPolicy()).lanes.inbound(request({ baggage: 'instts.lane=gray' }))).toBe('gray');
    // and so does a service whose policy has no lanes section (default key and header)
    expect(lanesFor('a', {}).lanes.inbound(request({ 'x-mse-tag': 'gray' }))).toBe('gray');
  });
});

describe('this instance', () => {
  it('service from INSTTS_SERVICE, else OTEL_SERVICE_NAME; tag from INSTTS_TAG (empty: baseline)', () => {
    expect(new Lanes({ env: { INSTTS_SERVICE: 'a', OTEL_SERVICE_NAME: 'otel-a', INSTTS_TAG: 'gray' } })).toMatchObject({
      service: 'a',
      tag: 'gray',
    });
    expect(new Lanes({ env: { OTEL_SERVICE_NAME: 'otel-a', INSTTS_TAG: '' } })).toMatchObject({
      service: 'otel-a',
      tag: undefined,
    });
    expect(new Lanes({ env: { INSTTS_SERVICE: 'a', INSTTS_TAG: 'gray' }, service: 'b', tag: '' })).toMatchObject({
      service: 'b',
      tag: undefined,
    });
    const lines: string[] = [];
    expect(new Lanes({ env: { INSTTS_TAG: 'gr ay' }, log: (l) => lines.push(l) }).tag).toBeUndefined();
    expect(lines).toEqual([
      'instts: lanes: instance tag "gr ay" is not a valid tag (1 to 63 letters, digits, "-", "_" or "."); this instance is a baseline instance',
    ]);
  });
});

describe('which service this instance is', () => {
  it('names compare without case: "GATEWAY" is the entry of the group that names "gateway"', () => {
    const { lanes, lines } = lanesFor('GATEWAY', demoPolicy());
    expect(lanes.inbound(request(gray))).toBe('gray');
    expect(lines).toEqual([]);
  });

  it('no service name while lane groups exist: one line says this instance tags nothing', () => {
    const { lanes, lines } = lanesFor(undefined, demoPolicy());
    expect(lanes.inbound(request(gray))).toBeUndefined();
    lanes.inbound(request(gray));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/no service name \(INSTTS_SERVICE or OTEL_SERVICE_NAME\)/);
  });

  it('a name in no group that looks like a member’s: did you mean', () => {
    const { lanes, lines } = lanesFor('gatway', demoPolicy());
    lanes.inbound(request(gray));
    lanes.inbound(request(gray));
    expect(lines).toEqual([expect.stringMatching(/service "gatway" is in no lane group; did you mean "gateway"\?/)]);
  });

  it('a name far from every member is a service outside the lanes: nothing to say', () => {
    const { lanes, lines } = lanesFor('billing-worker', demoPolicy());
    lanes.inbound(request(gray));
    expect(lines).toEqual([]);
  });
});
