// The packed package (what `npm pack` puts in the tarball README's install section uses) holds
// everything README.md links to, the CLI and the schema, and no tests.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli-helpers.js';

function packedFiles(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'npm',
      ['pack', '--dry-run', '--json', '--ignore-scripts'],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        if (error) reject(error);
        else resolve((JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path));
      },
    );
  });
}

describe('npm pack', () => {
  it('contains what README.md links to, the launcher, the schema and the built CLI; no tests', async () => {
    const files = new Set(await packedFiles());
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1]!)
      .filter((l) => !l.startsWith('http'));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(files, link).toContain(path.posix.normalize(link));
    for (const file of [
      'bin/instts.js',
      'schema/rules.schema.json',
      'dist/cli/main.js',
      'dist/runtime/index.js',
      'README.md',
      'package.json',
    ]) {
      expect(files, file).toContain(file);
    }
    expect([...files].filter((f) => /\.test\.[cm]?[jt]s$/.test(f) || f.startsWith('test/'))).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\//);
    // Every subpath export points into the package, at a file the build made.
    for (const [subpath, target] of Object.entries(pkg.exports as Record<string, string | Record<string, string>>)) {
      for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
        expect(files, `${subpath} → ${file}`).toContain(path.posix.normalize(file));
      }
    }
  });

  it('exports the governance API that the policy reference names', async () => {
    // Resolved through the package's own exports map, as a user's import would be.
    const governance = await import('instts/governance');
    expect(typeof governance.registerFallback).toBe('function');
    expect(typeof governance.validatePolicy).toBe('function');
  });
});
