// instts build --watch: tsc's screen lines, a rebuild after a source edit with the diagnostics tsc
// prints, a broken rule file keeps the last good output (and says why), fixing it rebuilds; a file
// replaced by rename (sed -i, editors' safe writes) is still watched, node_modules is not.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, copyFixture, runNode, tsc, TSC } from './cli-helpers.js';

const GOOD_INDEX = "import { total } from './math.js';\n\nconsole.log(`items: ${total([1, 2, 3])}`);\n";
const GOOD_MATH =
  'export function total(values: number[]): number {\n  let sum = 0;\n  for (const v of values) sum += v;\n  return sum;\n}\n';
const TIME = '\\d{1,2}:\\d{2}:\\d{2}(?: [AP]M)?';

/** The first screen of `tsc -w --noEmit` in `dir`, up to its "Watching for file changes." line. */
function tscWatchScreen(dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [TSC, '-w', '-p', '.', '--noEmit', '--pretty', 'false', '--preserveWatchOutput'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`tsc -w printed: ${out}`));
    }, 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (/Watching for file changes\.\r?\n$/.test(out)) {
        clearTimeout(timer);
        child.kill();
        resolve(out);
      }
    });
  });
}

/** Polls a running watcher's stdout (from `since` on) until it matches `pattern`; returns that part. */
async function waitForOutput(
  stdout: () => string,
  stderr: () => string,
  pattern: RegExp,
  since: number,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const part = stdout().slice(since);
    if (pattern.test(part)) return part;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${pattern}; stdout: ${part}; stderr: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('instts build --watch', () => {
  let dir: string;
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';

  /** Waits until stdout (from `since` on) matches `pattern`; returns that part of stdout. */
  const waitFor = (pattern: RegExp, since: number, timeoutMs = 60_000): Promise<string> =>
    waitForOutput(
      () => stdout,
      () => stderr,
      pattern,
      since,
      timeoutMs,
    );

  beforeAll(async () => {
    dir = copyFixture('cli-watch', 'typeerr', { as: 'watched' });
    fs.writeFileSync(path.join(dir, 'src', 'index.ts'), GOOD_INDEX);
    fs.writeFileSync(path.join(dir, 'src', 'math.ts'), GOOD_MATH);
    child = spawn(process.execPath, [BIN, 'build', '-w', '--pretty', 'false', '--rules', 'rules/rules.json'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  });

  afterAll(() => {
    child?.kill();
  });

  it('first build: tsc\u2019s start and end lines, output written and runnable', async () => {
    const screen = await waitFor(/Found 0 errors\. Watching for file changes\.\n$/, 0);
    expect(screen).toMatch(
      new RegExp(
        `^\\n${TIME} - Starting compilation in watch mode\\.\\.\\.\\n\\n\\n${TIME} - Found 0 errors\\. Watching for file changes\\.\\n$`,
      ),
    );
    const run = await runNode(['dist/index.js'], dir);
    expect(run.stdout).toBe('total returned 6\nitems: 6\n');
  });

  it('an edit with a type error: rebuilt, with the diagnostic tsc prints', async () => {
    const since = stdout.length;
    fs.writeFileSync(
      path.join(dir, 'src', 'index.ts'),
      GOOD_INDEX.replace('console.log(`items', "const label: number = 'items';\nconsole.log(`${label}"),
    );
    const screen = await waitFor(/Found 1 error\. Watching for file changes\.\n$/, since);
    const reference = await tsc(['-p', '.', '--noEmit', '--pretty', 'false'], dir);
    expect(reference.stdout).toMatch(/^src\/index\.ts\(3,7\): error TS2322: /);
    expect(screen).toMatch(
      new RegExp(`^\\n${TIME} - File change detected\\. Starting incremental compilation\\.\\.\\.\\n\\n`),
    );
    expect(screen).toContain(`\n\n${reference.stdout}\n`);
    // tsc -w's own screen for the same state: the same diagnostics and the same closing line
    const tscWatch = await tscWatchScreen(dir);
    const after = (text: string): string =>
      text.slice(text.indexOf('...\n\n') + 5).replace(new RegExp(TIME, 'g'), 'TIME');
    expect(after(screen)).toBe(after(tscWatch));
    // as tsc does, the output is written despite the type error
    expect(fs.readFileSync(path.join(dir, 'dist', 'index.js'), 'utf8')).toContain('var label = "items"');
  });

  it('a broken rule file keeps the last good output and says why; fixing it rebuilds', async () => {
    const before = fs.readFileSync(path.join(dir, 'dist', 'index.js'), 'utf8');
    const rulesFile = path.join(dir, 'rules', 'rules.json');
    const good = fs.readFileSync(rulesFile, 'utf8');
    let since = stdout.length;
    const errSince = stderr.length;
    fs.writeFileSync(rulesFile, good.replace('"rules": [', '"rules": [,'));
    await waitFor(/Found 1 error\. Watching for file changes\.\n$/, since);
    expect(stderr.slice(errSince)).toMatch(/rules\/rules\.json\(\d+,\d+\): error INSTTS1001: /);
    expect(stderr.slice(errSince)).toContain('instts: the last good output is kept');
    expect(fs.readFileSync(path.join(dir, 'dist', 'index.js'), 'utf8')).toBe(before);

    since = stdout.length;
    fs.writeFileSync(path.join(dir, 'src', 'index.ts'), GOOD_INDEX.replace('items', 'things'));
    fs.writeFileSync(rulesFile, good);
    await waitFor(/Found 0 errors\. Watching for file changes\.\n$/, since);
    const run = await runNode(['dist/index.js'], dir);
    expect(run.stdout).toBe('total returned 6\nthings: 6\n');
  });
});

describe('instts build --watch: a file replaced by rename, restored by copy, written in place', () => {
  let dir: string;
  let index: string;
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';
  const BAD_INDEX = GOOD_INDEX.replace('console.log(`items', "const label: number = 'items';\nconsole.log(`${label}");

  /** Polls stdout (from `since` on) until it matches `pattern`; returns that part of stdout. */
  const waitFor = (pattern: RegExp, since: number, timeoutMs = 30_000): Promise<string> =>
    waitForOutput(
      () => stdout,
      () => stderr,
      pattern,
      since,
      timeoutMs,
    );

  const rebuilds = (screen: string): number => screen.split('File change detected.').length - 1;

  beforeAll(async () => {
    dir = copyFixture('cli-watch', 'typeerr', { as: 'replaced' });
    index = path.join(dir, 'src', 'index.ts');
    fs.writeFileSync(index, GOOD_INDEX);
    fs.writeFileSync(path.join(dir, 'src', 'math.ts'), GOOD_MATH);
    fs.mkdirSync(path.join(dir, 'node_modules', 'unwatched'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'unwatched', 'index.js'), 'module.exports = 1;\n');
    // the command of the report: per-file output, the built-in http rules
    child = spawn(
      process.execPath,
      [BIN, 'build', '-w', '--no-bundle', '--rules', 'instts:http', '--pretty', 'false', '--preserveWatchOutput'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    await waitFor(/Found 0 errors\. Watching for file changes\.\n$/, 0, 60_000);
  }, 90_000);

  afterAll(async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
  });

  it('replaced by rename with a type error (as sed -i does): one rebuild, with the error', async () => {
    const since = stdout.length;
    const inode = fs.statSync(index).ino;
    const temporary = path.join(dir, 'src', 'sedX1b2C3');
    fs.writeFileSync(temporary, BAD_INDEX);
    fs.renameSync(temporary, index);
    expect(fs.statSync(index).ino).not.toBe(inode);
    const screen = await waitFor(/Found 1 error\. Watching for file changes\.\n$/, since);
    expect(screen).toContain("src/index.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.");
    // the new content, read once: no build of the old content first, none for sed's temporary file
    expect(rebuilds(screen)).toBe(1);
  });

  it('restored by copy into the new file: rebuilt, Found 0 errors', async () => {
    const since = stdout.length;
    const inode = fs.statSync(index).ino;
    const good = path.join(dir, 'index.good');
    fs.writeFileSync(good, GOOD_INDEX);
    fs.copyFileSync(good, index);
    // copying writes into the file that replaced the first one (what a watch on the old one missed)
    expect(fs.statSync(index).ino).toBe(inode);
    const screen = await waitFor(/Found 0 errors\. Watching for file changes\.\n$/, since);
    expect(rebuilds(screen)).toBe(1);
  });

  it('written in place: rebuilt each time; a write under node_modules starts no build', async () => {
    let since = stdout.length;
    fs.writeFileSync(index, BAD_INDEX);
    await waitFor(/Found 1 error\. Watching for file changes\.\n$/, since);

    since = stdout.length;
    fs.writeFileSync(path.join(dir, 'node_modules', 'unwatched', 'index.js'), 'module.exports = 2;\n');
    // longer than the 250 ms wait after a change, so a build it started would have begun
    await new Promise((r) => setTimeout(r, 1_000));
    fs.writeFileSync(index, GOOD_INDEX);
    const screen = await waitFor(/Found 0 errors\. Watching for file changes\.\n$/, since);
    expect(rebuilds(screen)).toBe(1);
    expect(stderr).not.toMatch(/internal error|cannot watch/);
  });
});
