// Call sites end to end: a service calls `http.request` and `fetch` against its own loopback
// server; call-site rules wrap both calls, and the hook records the URL each one was given.

import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, expectNoStackTrace, instts, lines, runNode, SUMMARY, type RunResult } from './cli-helpers.js';

describe('call-site rules: http.request and fetch', () => {
  let dir: string;
  let build: RunResult;
  let inspect: RunResult;

  beforeAll(async () => {
    dir = copyFixture('cli-callsite', 'callsite');
    const args = ['--rules', 'rules/rules.json', '--entry', 'src/main.ts'];
    [build, inspect] = await Promise.all([
      instts(['build', ...args, '--outDir', 'out'], dir),
      instts(['inspect', ...args], dir),
    ]);
  });

  it('inspect lists both call sites', () => {
    expect(lines(inspect.stdout)).toEqual([
      'rule out-http  (rules/rules.json:3)  project call http.request',
      '  match  src/main.ts:7  http.request()  call',
      '',
      'rule out-fetch  (rules/rules.json:8)  project call fetch',
      '  match  src/main.ts:27  fetch()  call',
      '',
      '1 file parsed, 0 skipped by the pre-filter, 2 join points would be instrumented',
    ]);
    expect(inspect.code).toBe(0);
  });

  it('builds (type-check included) and the hook sees the URL of every call', async () => {
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(build.stdout).toBe('');
    expect(lines(build.stderr)).toHaveLength(1);
    expect(lines(build.stderr)[0]).toMatch(SUMMARY);
    expect(lines(build.stderr)[0]).toMatch(/2 join points instrumented \(out-http: 1, out-fetch: 1\)/);
    expectNoStackTrace(build);

    // the program starts its server, calls it, closes it and exits by itself
    const program = await runNode(['out/main.js'], dir, 30_000);
    expect(program.signal).toBeNull();
    expect(program.stderr).toBe('');
    expect(program.code).toBe(0);
    const out = lines(program.stdout);
    expect(out.slice(0, 2)).toEqual(['http.request answered: pong /via-http', 'fetch answered: pong /via-fetch']);
    const port = /^hook saw: http\.request http:\/\/127\.0\.0\.1:(\d+)\/via-http$/.exec(out[2] ?? '')?.[1];
    expect(port, out.join('\n')).toBeDefined();
    expect(out.slice(2)).toEqual([
      `hook saw: http.request http://127.0.0.1:${port}/via-http`,
      `hook saw: fetch http://127.0.0.1:${port}/via-fetch`,
    ]);
  });
});
