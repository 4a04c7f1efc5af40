// The path parser (valid paths, errors with positions), readPath, and span name templates.

import { describe, expect, it } from 'vitest';
import {
  formatPath,
  isParseError,
  parsePath,
  readPath,
  type ParseError,
  type Path,
} from '../../src/runtime/tracing/path.js';
import { parseNameTemplate, renderName } from '../../src/runtime/tracing/name-template.js';

function ok(text: string, options?: Parameters<typeof parsePath>[1]): Path {
  const parsed = parsePath(text, options);
  if (isParseError(parsed)) throw new Error(`${text}: ${parsed.message} at ${parsed.position}`);
  return parsed;
}

function bad(text: string, options?: Parameters<typeof parsePath>[1]): ParseError {
  const parsed = parsePath(text, options);
  if (!isParseError(parsed)) throw new Error(`${text} parsed`);
  return parsed;
}

describe('parsePath', () => {
  it('parses roots, names, indices and quoted keys', () => {
    expect(ok('self')).toMatchObject({ root: 'self', segments: [] });
    expect(ok('self.a.b')).toMatchObject({ root: 'self', segments: ['a', 'b'] });
    expect(ok('args[0].x')).toMatchObject({ root: 'args', segments: [0, 'x'] });
    expect(ok('result.status')).toMatchObject({ root: 'result', segments: ['status'] });
    expect(ok('error.code')).toMatchObject({ root: 'error', segments: ['code'] });
    expect(ok(`args[1]['content-type']["x.y"][12]`)).toMatchObject({ segments: [1, 'content-type', 'x.y', 12] });
    expect(ok(`self['it\\'s']`).segments).toEqual(["it's"]);
    expect(ok('self.$_a1._b$')).toMatchObject({ segments: ['$_a1', '_b$'] });
    expect(ok('self[""]').segments).toEqual(['']);
    expect(ok('anything.x', { roots: 'any' }).root).toBe('anything');
    expect(ok('req.url', { roots: ['req'] }).root).toBe('req');
  });

  it('rejects what is not a path, with the position of the offending character', () => {
    const cases: [string, number, RegExp][] = [
      ['', 0, /empty path/],
      ['foo.bar', 0, /unknown root 'foo': a path starts with self, args, result or error/],
      ['0abc', 0, /expected a name/],
      ['self.', 5, /expected a property name after '\.'/],
      ['self..a', 5, /expected a property name/],
      ['args.0', 5, /write \[0\] for an index/],
      ['self.a()', 6, /calls are not allowed/],
      ['self.toString()', 13, /calls are not allowed/],
      ['args[', 5, /expected an index or a quoted key/],
      ['args[0', 6, /expected '\]', found the end/],
      ['args[01]', 5, /no leading zeros/],
      ['args[-1]', 5, /negative indices/],
      ['args[x]', 5, /expected an index or a quoted key after '\[', found 'x'/],
      ["args['a]", 5, /unterminated string/],
      ["args['a'x]", 8, /expected '\]', found 'x'/],
      ['self a', 4, /found a space/],
      [' self', 0, /found a space/],
      ['self+1', 4, /expected '\.', '\[' or the end of the path, found '\+'/],
      ['self.a-b', 6, /found '-'/],
      ['args[99999999999999999999]', 5, /index too large/],
      ['globalThis.process', 0, /unknown root 'globalThis'/],
    ];
    for (const [text, position, message] of cases) {
      const error = bad(text);
      expect({ text, position: error.position }).toEqual({ text, position });
      expect(error.message).toMatch(message);
    }
    expect(bad('x'.repeat(600), { roots: 'any' }).message).toMatch(/longer than 512/);
    expect(bad(`self${'.a'.repeat(40)}`).message).toMatch(/more than 32 segments/);
    expect(bad(42 as unknown as string).message).toMatch(/must be a string/);
  });

  it('formatPath gives a canonical text that parses back to the same path', () => {
    for (const text of ['self.a.b', `args[0]['content-type'].x`, 'result["a b"][3]']) {
      const path = ok(text);
      const again = ok(formatPath(path));
      expect(again.segments).toEqual(path.segments);
    }
    expect(formatPath(ok(`args[0]['content-type'].x`))).toBe('args[0]["content-type"].x');
  });
});

describe('readPath', () => {
  it('follows properties and indices from the named root', () => {
    const roots = {
      self: { client: { host: 'db', port: 5432 } },
      args: [{ method: 'GET', headers: { 'x-id': '7' } }, 'two'],
      result: { status: 201 },
    };
    expect(readPath(ok('self.client.host'), roots)).toBe('db');
    expect(readPath(ok('args[0].method'), roots)).toBe('GET');
    expect(readPath(ok(`args[0].headers['x-id']`), roots)).toBe('7');
    expect(readPath(ok('args[1].length'), roots)).toBe(3); // primitives have their properties
    expect(readPath(ok('result.status'), roots)).toBe(201);
    expect(readPath(ok('args'), roots)).toBe(roots.args);
  });

  it('never throws: missing steps, null, throwing getters and proxies give undefined', () => {
    const throwing = {
      get boom(): unknown {
        throw new Error('getter');
      },
    };
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
      },
    );
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    const roots = { self: { a: null, throwing, trap, revoked }, args: undefined };
    expect(readPath(ok('self.a.b.c'), roots)).toBeUndefined();
    expect(readPath(ok('self.missing.x'), roots)).toBeUndefined();
    expect(readPath(ok('self.throwing.boom'), roots)).toBeUndefined();
    expect(readPath(ok('self.trap.x'), roots)).toBeUndefined();
    expect(readPath(ok('self.revoked.x'), roots)).toBeUndefined();
    expect(readPath(ok('args[0]'), roots)).toBeUndefined();
    expect(readPath(ok('self.x'), null)).toBeUndefined();
    expect(readPath(ok('self.x'), undefined)).toBeUndefined();
  });

  it('reads getters (framework objects expose data that way) but calls nothing else', () => {
    let calls = 0;
    const self = {
      get path() {
        return '/orders';
      },
      method() {
        calls++;
        return 'x';
      },
    };
    expect(readPath(ok('self.path'), { self })).toBe('/orders');
    expect(typeof readPath(ok('self.method'), { self })).toBe('function');
    expect(calls).toBe(0);
  });
});

describe('name templates', () => {
  const site = {
    class: 'OrderService',
    function: 'load',
    module: '.',
    file: 'src/orders.ts',
    line: 12,
    rule: 'r1',
    kind: 'async',
  };

  it('renders site fields and paths', () => {
    expect(renderName('{class}.{function}', site)).toBe('OrderService.load');
    expect(renderName('{module}:{file}:{line}', site)).toBe('.:src/orders.ts:12');
    expect(
      renderName('{args[0].method} {self.route}', { args: [{ method: 'GET' }], self: { route: '/orders/:id' } }),
    ).toBe('GET /orders/:id');
    expect(renderName('HTTP {{x}} {result.status}', { result: { status: 404 } })).toBe('HTTP {x} 404');
    expect(renderName('static', {})).toBe('static');
    expect(renderName(`{args[0]['}']}`, { args: [{ '}': 'brace' }] })).toBe('brace');
  });

  it('missing and non-scalar values render as nothing; long values are cut', () => {
    expect(renderName('{class}.{function}', { function: 'f' })).toBe('.f');
    expect(renderName('[{args[0]}]', { args: [{ a: 1 }] })).toBe('[]');
    expect(renderName('[{args[0]}]', { args: [() => 1] })).toBe('[]');
    expect(renderName('[{args[0]}]', { args: [Symbol('s')] })).toBe('[]');
    expect(renderName('[{args[0]}]', { args: [NaN] })).toBe('[]');
    expect(renderName('[{args[0]}]', { args: [10n] })).toBe('[10]');
    expect(renderName('[{args[0]}]', { args: [false] })).toBe('[false]');
    expect(renderName('{args[0]}', { args: ['x'.repeat(1000)] })).toHaveLength(256);
  });

  it('parseNameTemplate reports errors at their position in the whole template', () => {
    const cases: [string, number, RegExp][] = [
      ['GET {args[0].}', 13, /expected a property name after '\.', found the end/],
      ['GET {args[0].', 4, /unclosed/],
      ['{class', 0, /unclosed '\{'/],
      ['a {}', 3, /empty placeholder/],
      ['a } b', 2, /unmatched '\}'/],
      ['x {self.a()}', 9, /calls are not allowed/],
      ['{process.env}', 1, /unknown root 'process'/],
    ];
    for (const [text, position, message] of cases) {
      const parsed = parseNameTemplate(text);
      expect(parsed.kind, text).toBe('error');
      if (parsed.kind === 'error') {
        expect({ text, position: parsed.position }).toEqual({ text, position });
        expect(parsed.message).toMatch(message);
      }
    }
    const good = parseNameTemplate('{class}.{function} {{literal}}');
    expect(good.kind).toBe('template');
    if (good.kind === 'template')
      expect(good.parts.map((p) => (typeof p === 'string' ? p : p.text))).toEqual([
        'class',
        '.',
        'function',
        ' {literal}',
      ]);
  });

  it('renderName never throws; a template that does not parse renders as its own text', () => {
    expect(renderName('{class', site)).toBe('{class');
    const parsed = parseNameTemplate('{self.x}');
    if (parsed.kind !== 'template') throw new Error('parse');
    expect(renderName(parsed, { self: { x: 'y' } })).toBe('y');
    expect(renderName(parsed, null as never)).toBe('');
  });
});
