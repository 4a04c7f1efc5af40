// ES module output that is not bundled loads the governance engine and the lanes only when a
// policy needs them: they are support files of their own (`__instts__/governance.js`,
// `lanes.js`) that nothing imports at start. Proven from outside: the service runs with them
// deleted when no policy is named; with a policy they are loaded and govern; and when they
// cannot be loaded the service says so in one line and runs ungoverned.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, instts, runNode, type RunResult } from './cli-helpers.js';

const TRACING_OFF = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' };

function run(dir: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<RunResult> {
  return runNode([...nodeArgs, 'dist/main.js'], dir, 60_000, { ...TRACING_OFF, ...env });
}

describe('governance and lanes on demand (ES module output, not bundled)', () => {
  it('not loaded without a policy; loaded and governing with one; one line when they cannot load', async () => {
    const dir = copyFixture('on-demand', 'loadtime', { as: 'on-demand' });
    const built = await instts(
      ['build', '--rules', 'instts:http', '--no-typecheck', '--no-bundle', '--entry', 'src/main.ts'],
      dir,
    );
    expect(built.code, built.stderr).toBe(0);
    // the support build's own notes (a dropped import of a side-effect-free module) stay inside
    expect(built.stderr).not.toMatch(/warning/);
    const support = path.join(dir, 'dist/__instts__');
    for (const file of ['governance.js', 'lanes.js']) {
      expect(fs.existsSync(path.join(support, file)), file).toBe(true);
      // Nothing at start imports them: only the loader names them.
      for (const other of ['runtime.js', ...fs.readdirSync(path.join(support, 'chunks')).map((c) => `chunks/${c}`)]) {
        if (other.endsWith('.map')) continue;
        expect(fs.readFileSync(path.join(support, other), 'utf8'), other).not.toMatch(
          new RegExp(`(import|from) ["'][^"']*/${file.replace('.', '\\.')}["']`),
        );
      }
    }

    const policy = path.join(dir, 'policy.json');
    fs.writeFileSync(policy, JSON.stringify({ flow: [{ resource: 'GET:/hello', threshold: 0 }] }));
    const governed = await run(dir, { INSTTS_POLICY: policy });
    expect(governed.stderr).toBe('');
    expect(governed.stdout).toMatch(/^answer: Too Many Requests$/m);

    // A Node that cannot require() ES modules: said, with the versions that can; the service runs.
    const oldNode = await run(dir, { INSTTS_POLICY: policy }, ['--no-experimental-require-module']);
    expect(oldNode.stderr).toMatch(
      /^instts: the governance engine cannot be loaded, so INSTTS_POLICY and INSTTS_ADMIN_PORT are not applied: .* \(ES module output that is not bundled loads it with require\(\), which needs Node 20\.19\+ or 22\.12\+\)$/m,
    );
    expect(oldNode.stdout).toMatch(/^answer: hello$/m);

    const saved = path.join(dir, 'saved');
    fs.mkdirSync(saved);
    for (const file of ['governance.js', 'lanes.js']) fs.renameSync(path.join(support, file), path.join(saved, file));
    const plain = await run(dir, {});
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toMatch(/^answer: hello$/m);

    const unloadable = await run(dir, { INSTTS_POLICY: policy });
    expect(unloadable.stderr).toMatch(
      /^instts: the governance engine cannot be loaded, so INSTTS_POLICY and INSTTS_ADMIN_PORT are not applied: Error: Cannot find module '.*[/\\]dist[/\\]__instts__[/\\]governance\.js'\n$/,
    );
    expect(unloadable.stdout).toMatch(/^answer: hello$/m);
  });
});
