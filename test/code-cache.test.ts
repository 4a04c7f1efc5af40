// The V8 code cache that speeds up loading TypeScript's compiler: written on the first run,
// used on the next, and a damaged or stale cache file never breaks a run (it is replaced).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './cli-helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-code-cache-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const moduleFile = path.join(dir, 'big.js');
const cacheFile = path.join(dir, 'cache', 'big.v8cache');
// Enough functions that V8 has something to cache; the module also requires a built-in.
fs.writeFileSync(
  moduleFile,
  `const path = require('node:path');\n${Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n')}\nmodule.exports = { answer: f2(20), sep: path.sep, self: __filename };\n`,
);

/** One process: load through the cache, then require() it as any code would. */
function run(): { used: boolean; exports: unknown } {
  const loader = path.join(ROOT, 'dist', 'code-cache.cjs');
  const script = `const used = require(${JSON.stringify(loader)}).loadWithCodeCache(${JSON.stringify(moduleFile)}, ${JSON.stringify(cacheFile)});
console.log(JSON.stringify({ used, exports: require(${JSON.stringify(moduleFile)}) }));`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as { used: boolean; exports: unknown };
}

describe('code cache', () => {
  const expected = { answer: 42, sep: path.sep, self: moduleFile };

  it('the first run compiles and writes the cache at exit; the next one uses it', () => {
    expect(run()).toEqual({ used: false, exports: expected });
    expect(fs.statSync(cacheFile).size).toBeGreaterThan(0);
    expect(fs.readdirSync(path.dirname(cacheFile))).toEqual(['big.v8cache']); // no temporary left
    expect(run()).toEqual({ used: true, exports: expected });
  });

  it('a damaged cache is rejected, the module still loads, and the cache is rewritten', () => {
    fs.writeFileSync(cacheFile, Buffer.alloc(64, 7));
    expect(run()).toEqual({ used: false, exports: expected });
    expect(run()).toEqual({ used: true, exports: expected });
  });

  it('a changed module gets a new cache key (size and time are part of it)', async () => {
    const { cacheFileFor } = (await import(path.join(ROOT, 'dist', 'code-cache.cjs'))) as {
      cacheFileFor(file: string): string;
    };
    const before = cacheFileFor(moduleFile);
    fs.appendFileSync(moduleFile, '// edited\n');
    expect(cacheFileFor(moduleFile)).not.toBe(before);
    expect(path.basename(before)).toMatch(/^big-[0-9a-f]{16}\.v8cache$/);
  });
});
