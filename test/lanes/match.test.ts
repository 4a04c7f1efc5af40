import { describe, expect, it } from 'vitest';
import { validateLanes, laneBucket, laneHash, type MatchItem } from '../../src/runtime/lanes/index.js';
import { entryLanes, selectLane } from '../../src/runtime/lanes/match.js';
import { request } from './helpers.js';

/** The tag the entry service "gw" gives `req` under one lane with these conditions. */
function tagger(match: unknown, paths?: string[]): (req: ReturnType<typeof request>) => string | undefined {
  const config = validateLanes({
    groups: [{ name: 'g', entry: 'gw', services: ['a'] }],
    lanes: [
      { name: 'l', group: 'g', tag: 'gray', ...(match === undefined ? {} : { match }), ...(paths ? { paths } : {}) },
    ],
  });
  const compiled = entryLanes(config, 'gw');
  return (req) => selectLane(compiled, req)?.tag;
}

const one = (item: Partial<MatchItem> & Record<string, unknown>) => tagger({ items: [item] });

describe('lane conditions', () => {
  it('== and != on a header; a missing header matches neither', () => {
    const eq = one({ type: 'header', name: 'X-User-UUID', op: '==', value: '123456789' });
    expect(eq(request({ 'x-user-uuid': '123456789' }))).toBe('gray');
    expect(eq(request({ 'x-user-uuid': '1' }))).toBeUndefined();
    expect(eq(request())).toBeUndefined();
    expect(eq(request({ 'x-user-uuid': ['123456789', '1'] }))).toBe('gray'); // first value
    const ne = one({ type: 'header', name: 'x-env', op: '!=', value: 'prod' });
    expect(ne(request({ 'x-env': 'staging' }))).toBe('gray');
    expect(ne(request({ 'x-env': 'prod' }))).toBeUndefined();
    expect(ne(request())).toBeUndefined();
  });

  it('in on a query parameter (decoded, first value, case-sensitive name)', () => {
    const inList = one({ type: 'query', name: 'uid', op: 'in', values: ['7', '8', 'a b'] });
    expect(inList(request({}, '/greet?uid=7'))).toBe('gray');
    expect(inList(request({}, '/greet?x=1&uid=8'))).toBe('gray');
    expect(inList(request({}, '/greet?uid=a+b'))).toBe('gray');
    expect(inList(request({}, '/greet?uid=a%20b'))).toBe('gray');
    expect(inList(request({}, '/greet?uid=9&uid=7'))).toBeUndefined();
    expect(inList(request({}, '/greet?UID=7'))).toBeUndefined();
    expect(inList(request({}, '/greet'))).toBeUndefined();
    expect(inList(request({}, 'http://proxy.example/greet?uid=7'))).toBe('gray');
  });

  it('regex on a cookie (quoted and percent-encoded values, first of a name)', () => {
    const re = one({ type: 'cookie', name: 'u', op: 'regex', value: '^9\\d*$' });
    expect(re(request({ cookie: 'a=1; u=912' }))).toBe('gray');
    expect(re(request({ cookie: 'u="93"' }))).toBe('gray');
    expect(re(request({ cookie: 'u=%39%31' }))).toBe('gray');
    expect(re(request({ cookie: 'u=%zz9' }))).toBeUndefined(); // not decodable: kept as sent
    expect(re(request({ cookie: 'u=19; u=9' }))).toBeUndefined();
    expect(re(request({ cookie: 'uu=9' }))).toBeUndefined();
    expect(re(request())).toBeUndefined();
  });

  it('reads a Fetch Headers object too', () => {
    const eq = one({ type: 'header', name: 'x-user-uuid', op: '==', value: '1' });
    expect(eq({ url: '/', headers: new Headers({ 'X-User-UUID': '1' }) })).toBe('gray');
  });

  it('AND needs every item, OR any; no match section matches every request', () => {
    const items = [
      { type: 'header', name: 'x-a', op: '==', value: '1' },
      { type: 'query', name: 'b', op: '==', value: '2' },
    ];
    const and = tagger({ condition: 'and', items });
    const or = tagger({ condition: 'or', items });
    const both = request({ 'x-a': '1' }, '/?b=2');
    const onlyA = request({ 'x-a': '1' }, '/?b=3');
    const neither = request({}, '/');
    expect([and(both), and(onlyA), and(neither)]).toEqual(['gray', undefined, undefined]);
    expect([or(both), or(onlyA), or(neither)]).toEqual(['gray', 'gray', undefined]);
    expect(tagger({ items })(onlyA)).toBeUndefined(); // "and" is the default
    expect(tagger(undefined)(neither)).toBe('gray');
  });

  it('paths are globs on the path without the query; omitted means every path', () => {
    const match = { items: [{ type: 'header', name: 'x-a', op: '==', value: '1' }] };
    const greet = tagger(match, ['/greet*', '/api/**']);
    const h = { 'x-a': '1' };
    expect(greet(request(h, '/greet1a?x=1'))).toBe('gray');
    expect(greet(request(h, '/greet'))).toBe('gray');
    expect(greet(request(h, '/api/v1/users'))).toBe('gray');
    expect(greet(request(h, '/greet/deeper'))).toBeUndefined();
    expect(greet(request(h, '/other'))).toBeUndefined();
    expect(greet(request({}, '/greet'))).toBeUndefined();
    expect(tagger(match)(request(h, '/anything'))).toBe('gray');
  });

  it('lanes are tried in order, disabled lanes skipped, only at the entry of their group', () => {
    const config = validateLanes({
      groups: [
        { name: 'g', entry: 'gw', services: ['a'] },
        { name: 'h', entry: 'other', services: ['a'] },
      ],
      lanes: [
        { name: 'off', group: 'g', tag: 'red', enabled: false },
        {
          name: 'vip',
          group: 'g',
          tag: 'blue',
          match: { items: [{ type: 'header', name: 'x-vip', op: '==', value: '1' }] },
        },
        { name: 'all', group: 'g', tag: 'gray' },
        { name: 'elsewhere', group: 'h', tag: 'green' },
      ],
    });
    const gw = entryLanes(config, 'gw');
    expect(gw.map((l) => l.lane.name)).toEqual(['vip', 'all']);
    expect(selectLane(gw, request({ 'x-vip': '1' }))?.tag).toBe('blue');
    expect(selectLane(gw, request())?.tag).toBe('gray');
    expect(entryLanes(config, 'a')).toEqual([]);
    expect(entryLanes(config, undefined)).toEqual([]);
  });
});

describe('percentage', () => {
  const pct = (value: number) => one({ type: 'header', name: 'x-user-uuid', op: 'percentage', value });

  it('the same user always gets the same answer; a missing value never matches', () => {
    const thirty = pct(30);
    for (let i = 0; i < 200; i++) {
      const user = `user-${i}`;
      const first = thirty(request({ 'x-user-uuid': user }));
      for (let k = 0; k < 5; k++) expect(thirty(request({ 'x-user-uuid': user }))).toBe(first);
      expect(first === 'gray').toBe(laneBucket(user) < 30);
    }
    expect(thirty(request())).toBeUndefined();
    expect(pct(100)(request())).toBeUndefined();
    expect(pct(100)(request({ 'x-user-uuid': 'anyone' }))).toBe('gray');
    expect(pct(0)(request({ 'x-user-uuid': 'anyone' }))).toBeUndefined();
  });

  it('a larger percentage keeps every user a smaller one had', () => {
    const users = Array.from({ length: 1000 }, (_, i) => String(i));
    const at = (p: number) => new Set(users.filter((u) => pct(p)(request({ 'x-user-uuid': u })) === 'gray'));
    const ten = at(10);
    const forty = at(40);
    for (const u of ten) expect(forty.has(u)).toBe(true);
  });

  it('splits 10,000 distinct users within ±2 points of the percentage', () => {
    const shapes: Array<(i: number) => string> = [
      (i) => String(i),
      (i) => `user-${i}`,
      (i) => `${(i * 7919).toString(16)}@example.com`,
      (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    ];
    for (const p of [1, 10, 30, 50, 90]) {
      const lane = pct(p);
      for (const shape of shapes) {
        let tagged = 0;
        for (let i = 0; i < 10_000; i++) if (lane(request({ 'x-user-uuid': shape(i) })) === 'gray') tagged++;
        const share = tagged / 100;
        expect(Math.abs(share - p), `${p}% of ${shape(1)}…: got ${share}%`).toBeLessThanOrEqual(2);
      }
    }
  });

  it('the hash is fixed (FNV-1a 32 over UTF-8, then fmix32), so every process and language agrees', () => {
    // Reference values from an independent implementation (a few lines of Python).
    expect(['', 'a', '123456789', 'ü'].map(laneHash)).toEqual([2872998923, 444641715, 1152259691, 3244136902]);
  });
});
