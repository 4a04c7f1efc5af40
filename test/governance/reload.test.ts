import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GovernanceEngine,
  governance,
  resetGovernance,
  watchPolicyFile,
  type PolicyWatcher,
} from '../../src/runtime/governance/index.js';

let dir: string;
let watcher: PolicyWatcher | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'instts-policy-'));
});
afterEach(() => {
  watcher?.close();
  watcher = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const policy = (threshold: number): string => `${JSON.stringify({ flow: [{ resource: 'r', threshold }] }, null, 2)}\n`;

function start(
  file: string,
  options: { fsWatch?: boolean } = {},
): { gov: GovernanceEngine; lines: string[]; threshold: () => number | undefined } {
  const lines: string[] = [];
  const gov = new GovernanceEngine({ log: (l) => lines.push(l) });
  watcher = watchPolicyFile(gov, file, { log: (l) => lines.push(l), ...options });
  return { gov, lines, threshold: () => gov.policy.flow[0]?.threshold };
}

/** Poll until `condition` holds; fails after `ms`. Returns the elapsed milliseconds. */
async function within(ms: number, condition: () => boolean): Promise<number> {
  const t0 = performance.now();
  while (!condition()) {
    if (performance.now() - t0 > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - t0;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('policy hot reload', () => {
  it('loads at start and applies an edit in place', async () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, policy(10));
    const { threshold, lines } = start(file);
    expect(threshold()).toBe(10); // synchronous first load
    writeFileSync(file, policy(20));
    await within(1000, () => threshold() === 20); // the promise: within a second
    expect(lines).toEqual([`instts: policy ${file} reloaded (1 rule)`]);
  });

  it('follows a ConfigMap-style symlink swap (..data → new folder, renamed into place)', async () => {
    for (const fsWatch of [true, false]) {
      const root = join(dir, fsWatch ? 'watched' : 'polled');
      mkdirSync(join(root, '..2024_01_01_a'), { recursive: true });
      writeFileSync(join(root, '..2024_01_01_a', 'policy.json'), policy(10));
      symlinkSync('..2024_01_01_a', join(root, '..data'));
      symlinkSync(join('..data', 'policy.json'), join(root, 'policy.json'));
      const file = join(root, 'policy.json');
      const { gov, lines, threshold } = start(file, { fsWatch });
      expect(threshold()).toBe(10);
      // the kubelet's update: write a new timestamped folder, point ..data_tmp at it, rename over ..data
      mkdirSync(join(root, '..2024_01_01_b'));
      writeFileSync(join(root, '..2024_01_01_b', 'policy.json'), policy(30));
      symlinkSync('..2024_01_01_b', join(root, '..data_tmp'));
      renameSync(join(root, '..data_tmp'), join(root, '..data'));
      rmSync(join(root, '..2024_01_01_a'), { recursive: true });
      await within(1000, () => threshold() === 30);

      // a broken version arriving the same way is refused; the last good policy keeps governing
      lines.length = 0;
      mkdirSync(join(root, '..2024_01_01_c'));
      writeFileSync(
        join(root, '..2024_01_01_c', 'policy.json'),
        policy(30).replace('"threshold": 30', '"threshold": "30"'),
      );
      symlinkSync('..2024_01_01_c', join(root, '..data_tmp'));
      renameSync(join(root, '..data_tmp'), join(root, '..data'));
      await within(1000, () => lines.length > 0);
      expect(lines).toEqual([
        `instts: policy ${file}(5,7) rejected: $.flow[0].threshold: expected a number, got string "30"; keeping the previous policy`,
      ]);
      expect(threshold()).toBe(30);
      let passed = 0;
      for (let i = 0; i < 40; i++) {
        const e = gov.entry('r');
        if (e.kind === 'pass') {
          passed++;
          gov.exit(e);
        }
      }
      expect(passed).toBe(30);
      watcher?.close();
    }
  });

  it('follows an atomic rename over the file', async () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, policy(10));
    const { threshold } = start(file);
    writeFileSync(join(dir, '.policy.json.tmp'), policy(40));
    renameSync(join(dir, '.policy.json.tmp'), file);
    await within(1000, () => threshold() === 40);
  });

  it('refuses an invalid edit with exactly one line naming the JSON path, keeping the last good policy', async () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, policy(10));
    const { gov, threshold, lines } = start(file);
    gov.entry('r'); // state exists before the bad edit
    writeFileSync(file, policy(-1));
    await within(1000, () => lines.length > 0);
    await pause(600); // several more polls: still one line
    expect(lines).toEqual([
      `instts: policy ${file}(5,7) rejected: $.flow[0].threshold: must be >= 0, got -1; keeping the previous policy`,
    ]);
    expect(threshold()).toBe(10);
    expect(gov.inspect().reloads).toEqual({ ok: 0, rejected: 1 });
    let passed = 0; // still governed by the last good policy (10 per second)
    for (let i = 0; i < 30; i++) {
      const e = gov.entry('r');
      if (e.kind === 'pass') {
        passed++;
        gov.exit(e);
      }
    }
    expect([9, 10]).toContain(passed); // 9 when the call before the bad edit is still in the window

    // broken JSON is refused the same way; a later valid version is applied
    lines.length = 0;
    writeFileSync(file, '{ "flow": [ ');
    await within(2000, () => lines.length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^instts: policy ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} rejected: \\$: invalid JSON: .+; keeping the previous policy$`,
      ),
    );
    expect(threshold()).toBe(10);
    writeFileSync(file, policy(50));
    await within(2000, () => threshold() === 50);
  });

  it('a missing file at start is reported once; the file appearing later is loaded', async () => {
    const file = join(dir, 'later.json');
    const { threshold, lines } = start(file);
    expect(lines).toEqual([
      `instts: policy ${file} rejected: $: cannot read the file: ENOENT; no policy is active: every call passes`,
    ]);
    expect(threshold()).toBeUndefined();
    writeFileSync(file, policy(60));
    await within(2000, () => threshold() === 60);
  });

  it('the process-wide engine follows INSTTS_POLICY', async () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, policy(70));
    const saved = process.env.INSTTS_POLICY;
    process.env.INSTTS_POLICY = file;
    try {
      const gov = governance({ log: () => {} });
      expect(governance()).toBe(gov);
      expect(gov.policy.flow[0]!.threshold).toBe(70);
      expect(gov.policySource).toBe(file);
      writeFileSync(file, policy(80));
      await within(2000, () => gov.policy.flow[0]!.threshold === 80);
    } finally {
      resetGovernance();
      if (saved === undefined) delete process.env.INSTTS_POLICY;
      else process.env.INSTTS_POLICY = saved;
    }
  });
});
