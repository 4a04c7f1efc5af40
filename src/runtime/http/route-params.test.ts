import { describe, expect, it } from 'vitest';
import { routeParams } from './route-params.js';

const params = (template: string, path: string): Record<string, string> => ({ ...routeParams(template, path) });

describe('route parameters from a template and the path requested', () => {
  it('reads whole-segment parameters, under mount paths too', () => {
    expect(params('/orders/:id', '/orders/7')).toEqual({ id: '7' });
    expect(params('/api/v2/:tenant/things/:thing', '/api/v2/acme/things/42')).toEqual({ tenant: 'acme', thing: '42' });
    expect(params('/orders/:id', '/orders/7/')).toEqual({ id: '7' }); // a trailing slash the router accepted
    expect(params('/', '/')).toEqual({});
    expect(params('/greet', '/greet')).toEqual({});
  });

  it('takes a parameter with a pattern (express 4, fastify) by its name', () => {
    expect(params('/users/:id(\\d+)', '/users/12')).toEqual({ id: '12' });
    expect(params('/users/:id(^\\d+$)/posts/:post', '/users/12/posts/3')).toEqual({ id: '12', post: '3' });
  });

  it('decodes as the frameworks do; a malformed escape stays as sent', () => {
    expect(params('/files/:name', '/files/a%20b%2Fc')).toEqual({ name: 'a b/c' });
    expect(params('/files/:name', '/files/100%')).toEqual({ name: '100%' });
  });

  it('stops at the first segment that may not stand for exactly one segment of the path', () => {
    expect(params('/a/:x/:y?/:z', '/a/1/3')).toEqual({ x: '1' }); // express 4 optional
    expect(params('/a/:x{/:y}/:z', '/a/1/2/3')).toEqual({ x: '1' }); // express 5 / @koa/router optional group
    expect(params('/a/:x/*splat', '/a/1/b/c')).toEqual({ x: '1' });
    expect(params('/a/*/:z', '/a/b/c/3')).toEqual({});
    expect(params('/flights/:from-:to/:day', '/flights/LAX-SFO/mon')).toEqual({}); // two in one segment
  });

  it('a name that is also an Object.prototype property is only a parameter when the route has it', () => {
    const read = routeParams('/orders/:id', '/orders/7');
    expect(read.constructor).toBeUndefined();
    expect(read.toString).toBeUndefined();
  });
});
