// The hook contract, end to end: each program under test/fixtures/contract/ is built with the real
// CLI and run with node; the hooks and the program print what they see, and stdout is compared
// line by line. Every build runs once, concurrently, before the tests.

import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const here = import.meta.dirname;
const fixturesDir = path.join(here, 'fixtures', 'contract');
const outDir = path.join(here, '.out', 'contract');
const cli = path.join(here, '..', 'bin', 'instts.js');

interface Fixture {
  entry: string;
  format: 'esm' | 'cjs';
}

const fixtures: Record<string, Fixture> = {
  'site-self-args': { entry: 'main.ts', format: 'esm' },
  'args-sloppy': { entry: 'main.cjs', format: 'cjs' },
  skip: { entry: 'main.ts', format: 'esm' },
  'set-result': { entry: 'main.ts', format: 'esm' },
  promises: { entry: 'main.ts', format: 'esm' },
  callback: { entry: 'main.ts', format: 'esm' },
  generators: { entry: 'main.ts', format: 'esm' },
  'hook-throws': { entry: 'main.ts', format: 'esm' },
  disabled: { entry: 'main.ts', format: 'esm' },
  'two-rules': { entry: 'main.ts', format: 'esm' },
  recursion: { entry: 'main.ts', format: 'esm' },
  constructors: { entry: 'main.ts', format: 'esm' },
  'import-cycle': { entry: 'main.ts', format: 'esm' },
  'call-stack': { entry: 'main.ts', format: 'esm' },
};

function outfile(name: string): string {
  return path.join(outDir, name, fixtures[name]!.format === 'cjs' ? 'main.cjs' : 'main.mjs');
}

async function build(name: string): Promise<void> {
  const { entry, format } = fixtures[name]!;
  const args = [
    cli,
    'build',
    '--entry',
    entry,
    '--outfile',
    outfile(name),
    '--rules',
    'rules.json',
    '--no-typecheck',
    '--format',
    format,
    '--log-level',
    'error',
  ];
  try {
    await exec(process.execPath, args, { cwd: path.join(fixturesDir, name) });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`building ${name} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

interface Run {
  stdout: string[];
  stderr: string[];
}

/** Runs a built fixture; `INSTTS_DISABLE_RULES` is only what the test sets. */
async function run(name: string, env: Record<string, string> = {}): Promise<Run> {
  const { INSTTS_DISABLE_RULES: _ignored, ...inherited } = process.env;
  const { stdout, stderr } = await exec(process.execPath, [outfile(name)], { env: { ...inherited, ...env } });
  const lines = (text: string) => text.split('\n').filter((line) => line !== '');
  return { stdout: lines(stdout), stderr: lines(stderr) };
}

beforeAll(async () => {
  await Promise.all(Object.keys(fixtures).map(build));
}, 120_000);

describe('hook contract', () => {
  it('ctx.site, ctx.self, ctx.data, and arguments changed in onEnter (strict code)', async () => {
    const { stdout, stderr } = await run('site-self-args');
    const site = (line: number, fn: string, kind: string, cls?: string, rule = 'site') =>
      `site ${JSON.stringify({ rule, module: '.', file: 'main.ts', line, ...(cls ? { class: cls } : {}), function: fn, kind })}`;
    expect(stdout).toEqual([
      site(8, 'create', 'sync', 'Greeter'),
      'enter create Greeter ["hi"]', // a static method: self is the class
      'exit create {"prefix":"hi"} data of create',
      site(5, 'greet', 'sync', 'Greeter'),
      'enter greet Greeter(hi) ["bob","?"]', // a method: self is the instance
      'exit greet "hi ann!++" data of greet', // positional replaced, default re-applied, rest grown
      'greet hi ann!++',
      site(13, 'area', 'sync'),
      'enter area undefined [{"w":3},[1]]', // a plain call in strict code: self is undefined
      'exit area 30 data of area', // destructured parameters re-bound (h falls back to its default 2)
      'area 30',
      site(17, 'join', 'sync'),
      'enter join undefined [1,2,3,4]',
      'exit join "1:10:" data of join', // args shortened to one: b takes its default, rest is empty
      'join 1:10:',
      site(19, 'viaArguments', 'sync'),
      'enter viaArguments undefined [1]',
      'exit viaArguments "7/7/1" data of viaArguments', // `arguments` shows the change too
      'viaArguments 7/7/1',
      site(23, 'load', 'async'),
      'enter load undefined [1]',
      'exit load 2 data of load', // an async function: result is the resolved value
      'load 2',
      site(40, 'once', 'sync'),
      'enter once undefined [1]',
      // only the first argument changed: the default ran once and the getter was read once
      'exit once "2:1:1" data of once',
      'once 2:1:1 defaults 1 getter 1',
      site(46, 'pick', 'sync'),
      'enter pick undefined [1]',
      // the default was not evaluated again inside the body, where `label` is the body's own
      'exit pick "2:outer:inner" data of pick',
      'pick 2:outer:inner',
      site(59, 'fetch', 'call', undefined, 'site-call'),
      'enter fetch undefined ["http://example.invalid/"]',
      'exit fetch "fetched http://changed.invalid/" data of fetch',
      'fetch fetched http://changed.invalid/',
    ]);
    expect(stderr).toEqual([]);
  });

  it('arguments changed in onEnter reach sloppy-mode code (positional, default, rest, destructured)', async () => {
    const { stdout, stderr } = await run('args-sloppy');
    expect(stdout).toEqual([
      'enter positional ["a","b"]',
      'positional A|b|A|3', // the parameter, the linked `arguments[0]` and the new length
      'enter withDefaults ["a","b","c"]',
      'withDefaults a|B|C,D|4',
      'enter destructured [{"x":"x"},["f"]]',
      'destructured X|Y|F',
    ]);
    expect(stderr).toEqual([]);
  });

  it('ctx.skip(value): the original does not run; async callers get a promise; generators end at once', async () => {
    const { stdout, stderr } = await run('skip');
    expect(stdout).toEqual([
      'enter compute',
      'exit compute 42',
      'compute 42',
      'enter fetchUser',
      'exit fetchUser "cached user"',
      'fetchUser is a promise true',
      'fetchUser cached user',
      'numbers not started false',
      'enter numbers', // a generator enters at its first next()
      'exit numbers "skipped"',
      'numbers next {"value":"skipped","done":true}',
      'numbers next {"done":true}',
      'enter callback',
      'exit callback "no call"',
      'ran []',
    ]);
    expect(stderr).toEqual([]);
  });

  it('ctx.result / ctx.error / ctx.threw, and ctx.setResult on success and on a thrown error', async () => {
    const { stdout, stderr } = await run('set-result');
    expect(stdout).toEqual([
      'exit double result 4 threw false error undefined',
      'after setResult -1 false undefined',
      'double -1',
      'exit explode result undefined threw true error Error(boom)',
      'after setResult 99 false undefined',
      'explode 99', // recovered: the caller gets the value, nothing is thrown
      'exit explodeUnrecovered result undefined threw true error Error(kept)',
      'explodeUnrecovered threw kept',
      'exit later result 2 threw false error undefined',
      'later 2',
      'exit rejectLater result undefined threw true error Error(async boom)',
      'after setResult 7 false undefined',
      'rejectLater 7', // a rejected async call recovered
    ]);
    expect(stderr).toEqual([]);
  });

  it('a returned native promise exits on settle and stays the same object; thenables and subclasses pass untouched', async () => {
    const { stdout, stderr } = await run('promises');
    expect(stdout).toEqual([
      'startJob same promise true',
      'startJob before settle',
      'exit startJob result 40 threw false error undefined',
      'startJob 40',
      'failJob same promise true',
      'exit failJob result undefined threw true error nope',
      'failJob caller caught nope',
      'exit giveThenable result a thenable threw false error undefined', // exits at once with the object
      'giveThenable same object true then calls 0',
      'exit giveSubclass result a Promise subclass instance threw false error undefined',
      'giveSubclass same object true then calls 0',
      'after a tick: thenable then calls 0 subclass then calls 0',
    ]);
    expect(stderr).toEqual([]);
  });

  it('callback kind: exits once when the callback is called (twice), on a sync throw, or without a callback (in its place)', async () => {
    const { stdout, stderr } = await run('callback');
    expect(stdout).toEqual([
      'enter twice callback callback name "namedCallback" length 2',
      'exit twice result 1 threw false error undefined',
      'callback null 1 length 2',
      'callback null 2 length 2', // the user's callback still runs twice, the exit ran once
      'returned returned first',
      'enter failing callback callback name "" length 1',
      'exit failing result undefined threw true error cb failed',
      'failing callback cb failed',
      'enter viaArguments callback callback name "" length 2',
      'exit viaArguments result 6 threw false error undefined', // the callback taken from `arguments`
      'viaArguments callback null 6',
      'enter optional callback no callback',
      'exit optional result 10 threw false error undefined', // no callback given: exits on its promise
      'optional without callback 10',
      // only the argument in the callback parameter's place is the callback: the iteratee is not
      'enter eachItem callback callback name "" length 1',
      'iteratee 1',
      'iteratee 2',
      'exit eachItem result 2 threw false error undefined',
      'eachItem without callback 2',
      // an async function there is left as it is (a wrapper would make it a plain function)
      'enter thenCall callback callback name "" length 1',
      'async callback 3',
      'exit thenCall result "called" threw false error undefined',
      'thenCall called',
      'enter throwsBeforeCallback callback callback name "" length 0',
      'exit throwsBeforeCallback result undefined threw true error sync throw',
      'throwsBeforeCallback threw sync throw',
    ]);
    expect(stderr).toEqual([]);
  });

  it('generators: enter at the first next(); exit on exhaustion, return(), throw(), break, and for async generators', async () => {
    const { stdout, stderr } = await run('generators');
    expect(stdout).toEqual([
      'created, not started',
      'enter count generator',
      'first next {"value":0,"done":false}',
      'exit count result "finished" threw false error undefined',
      'rest [1]',
      'enter count generator',
      // return(value): the body cannot see the value it was asked to return
      'exit count result undefined threw false error undefined',
      'return() {"value":"stopped early","done":true}',
      'enter count generator',
      'exit count result undefined threw true error thrown in',
      'throw() rethrew thrown in',
      'enter count generator',
      'for-of 0',
      'exit count result undefined threw false error undefined', // break calls return()
      'enter failing generator',
      'failing yielded 1',
      'exit failing result undefined threw true error generator failed',
      'failing threw generator failed',
      'enter ticks generator',
      'exit ticks result "async finished" threw false error undefined',
      'for-await [0,1]',
      'enter ticks generator',
      'for-await break at 0',
      'exit ticks result undefined threw false error undefined',
    ]);
    expect(stderr).toEqual([]);
  });

  it('a throwing onEnter / onExit: the call goes on, stderr has one report per hook and phase', async () => {
    const { stdout, stderr } = await run('hook-throws');
    expect(stdout).toEqual(['work 1', 'work 2', 'work 3', 'asyncWork 2', 'asyncWork 3', 'asyncWork 4']);
    const report = (phase: string, where: string, error: string) =>
      `instts: ${phase} hook of rule 'throwing' threw at ${where}: ${error} (the call went on; reported once)`;
    expect(stderr).toEqual([
      report('onEnter', 'main.ts:1 work', 'Error: enter failed in work'),
      report('onExit', 'main.ts:1 work', 'TypeError: exit failed in work'),
      report('onEnter', 'main.ts:5 asyncWork', 'Error: enter failed in asyncWork'),
      report('onExit', 'main.ts:5 asyncWork', 'TypeError: exit failed in asyncWork'),
    ]);
  });

  describe('disabled rules run no hook', () => {
    it('setRuleEnabled turns rules off and on at run time', async () => {
      const { stdout, stderr } = await run('disabled');
      expect(stdout).toEqual([
        'sites on [["work",true]]',
        'first hook [1]',
        'second hook [1]',
        'call 1 2',
        'both off [["work",false]]', // nothing listens: the site's fast-path flag is off
        'call 2 3',
        'second hook [3]',
        'call 3 4',
        'first hook [4]',
        'second hook [4]',
        'call 4 5',
      ]);
      expect(stderr).toEqual([]);
    });

    it('INSTTS_DISABLE_RULES=<id>,<id> disables those rules from the start', async () => {
      const { stdout } = await run('disabled', { INSTTS_DISABLE_RULES: 'first' });
      expect(stdout).toEqual([
        'sites on [["work",true]]',
        'second hook [1]',
        'call 1 2',
        'both off [["work",false]]',
        'call 2 3',
        'second hook [3]',
        'call 3 4',
        'first hook [4]', // re-enabled by the program
        'second hook [4]',
        'call 4 5',
      ]);
      const both = await run('disabled', { INSTTS_DISABLE_RULES: ' second , first' });
      expect(both.stdout.slice(0, 2)).toEqual(['sites on [["work",false]]', 'call 1 2']);
      expect(both.stderr).toEqual([]);
    });

    it('INSTTS_DISABLE_RULES naming no rule of the program: one line, with the nearest id', async () => {
      const { stdout, stderr } = await run('disabled', { INSTTS_DISABLE_RULES: 'firs,nothing-like-it' });
      expect(stdout[0]).toBe('sites on [["work",true]]');
      expect(stderr).toEqual([
        "instts: INSTTS_DISABLE_RULES names 'firs', which no instrumented function of this program has loaded; did you mean 'first'? (reported once)",
        "instts: INSTTS_DISABLE_RULES names 'nothing-like-it', which no instrumented function of this program has loaded (rules: first, second) (reported once)",
      ]);
    });

    it('INSTTS_DISABLE_RULES=* disables every rule', async () => {
      const { stdout, stderr } = await run('disabled', { INSTTS_DISABLE_RULES: '*' });
      expect(stdout).toEqual([
        'sites on [["work",false]]',
        'call 1 2',
        'both off [["work",false]]',
        'call 2 3',
        'call 3 4',
        'call 4 5',
      ]);
      expect(stderr).toEqual([]);
    });
  });

  it('two rules on one function: enters in rule order, exits in reverse; each hook has its own ctx.data', async () => {
    const { stdout, stderr } = await run('two-rules');
    expect(stdout).toEqual([
      'enter A rule-a [1]',
      'enter B rule-b [2] data {}', // B sees A's change to the arguments, not A's data
      'body 3',
      'exit B rule-b 30 data {"mine":"B"}',
      'exit A rule-a 31 data {"mine":"A"}', // A sees the result B set
      'result 31',
    ]);
    expect(stderr).toEqual([]);
  });

  it('instrumented code called by a hook runs unhooked (no recursion)', async () => {
    const { stdout, stderr } = await run('recursion');
    expect(stdout).toEqual(['enter outer value 1', 'enter describe value 2', 'value 2']);
    expect(stderr).toEqual([]);
  });

  it('sync bodies: each exit pairs with its enter (bare return, rule switched mid-call, stack overflow, fail, setResult, using)', async () => {
    const { stdout, stderr } = await run('call-stack');
    expect(stdout).toEqual([
      'enter bare [1]',
      'exit bare [1] result undefined', // a bare `return;` exits too
      'enter bare [0]',
      'bare body 0',
      'exit bare [0] result undefined',
      'enter toggled [false]', // switched off inside: it still exits, the call it makes runs no hook
      'exit toggled [false] result 11',
      'toggled off 11 listening [false]',
      'enter nested [2]', // switched on inside: the call it makes is hooked, it itself never entered
      'exit nested [2] result 20',
      'toggled on 21 listening [true]',
      'overflowed true deep true exits missed only at the overflow true',
      'enter sum [1,2]', // after the overflow, enters and exits still pair
      'exit sum [1,2] result 3',
      'sum 3',
      'enter failing ["ok"]',
      'exit failing ["ok"] result "ok"',
      'failing ok -> ok',
      'enter failing ["throw"]',
      'exit failing ["throw"] threw thrown by throw',
      'failing throw threw thrown by throw',
      'enter failing ["fail"]',
      'exit failing ["fail"] threw failed by the hook',
      'failing fail threw failed by the hook',
      'enter failing ["replace"]',
      'exit failing ["replace"] result "replaced"',
      'failing replace -> replaced',
      'enter sum [3,4]',
      'exit sum [3,4] result 7',
      'sum 7',
      'enter disposing [2]',
      'enter disposing [1]',
      'enter disposing [0]',
      'exit disposing [0] result "bottom false"',
      'exit disposing [1] threw disposal failed', // thrown by the disposal, after its return statement
      'exit disposing [2] result "caught disposal failed"',
      'disposing caught disposal failed',
      'enter sum [5,6]',
      'exit sum [5,6] result 11',
      'sum 11',
    ]);
    expect(stderr.filter((line) => !line.includes('Maximum call stack size exceeded'))).toEqual([]);
  });

  it('constructors: self is the instance, changed arguments reach parameter properties, a throw is an error exit', async () => {
    const { stdout, stderr } = await run('constructors');
    expect(stdout).toEqual([
      'enter Base self Base {"name":"b","size":1,"created":"base field"} args ["b"]',
      'Base body b-changed 5 Base',
      'exit Base result Base {"name":"b-changed","size":5,"created":"base field"} threw false error undefined',
      'Base instance b-changed 5 base field',
      'enter Base self Derived {"name":"d!","size":1,"created":"base field"} args ["d!"]',
      'Base body d!-changed 5 Derived', // new.target is unchanged
      'exit Base result Derived {"name":"d!-changed","size":5,"created":"base field"} threw false error undefined',
      // a derived constructor enters after its super() call
      'enter Derived self Derived {"name":"d!-changed","size":5,"created":"base field","level":1} args ["d",1]',
      'Derived body d!-changed 9',
      'exit Derived result Derived {"name":"d!-changed","size":5,"created":"base field","level":9} threw false error undefined',
      'Derived instance d!-changed 9 true',
      'enter Fails self Fails {} args ["ctor failed"]',
      'exit Fails result undefined threw true error Error(ctor failed)',
      'Fails threw ctor failed',
    ]);
    expect(stderr).toEqual([]);
  });

  it('a function reached through an import cycle before its file declared the sites runs unhooked', async () => {
    const { stdout, stderr } = await run('import-cycle');
    expect(stdout).toEqual(['b fetched early', 'hook sync late', 'hook call late', 'main fetched late']);
    expect(stderr).toEqual([]);
  });
});
