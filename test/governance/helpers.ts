import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FakeClock,
  GovernanceEngine,
  type EngineOptions,
  type EntryContext,
  type EntryResult,
} from '../../src/runtime/governance/index.js';

export interface Setup {
  clock: FakeClock;
  gov: GovernanceEngine;
  lines: string[];
}

/** An engine on a fake monotonic clock starting at `start` ms, with its log captured. */
export function setup(policy: unknown, options: EngineOptions & { start?: number } = {}): Setup {
  const clock = new FakeClock(options.start ?? 0);
  const lines: string[] = [];
  const gov = new GovernanceEngine({ log: (l) => lines.push(l), ...options, clock, policy });
  return { clock, gov, lines };
}

export interface Tally {
  pass: number;
  blocked: number;
  pending: number;
  results: EntryResult[];
}

/** Offer `n` calls at the current time; passing calls end at once unless `hold`. */
export function offer(gov: GovernanceEngine, resource: string, n: number, ctx?: EntryContext, hold = false): Tally {
  const t: Tally = { pass: 0, blocked: 0, pending: 0, results: [] };
  for (let i = 0; i < n; i++) {
    const e = gov.entry(resource, ctx);
    t.results.push(e);
    if (e.kind === 'pass') {
      t.pass++;
      if (!hold) gov.exit(e);
    } else if (e.kind === 'blocked') t.blocked++;
    else t.pending++;
  }
  return t;
}

/**
 * Bundles the governance runtime into `dir` as one ESM file, for child processes (plain Node
 * cannot load the TypeScript sources). Returns the file's path.
 */
export async function bundleGovernance(dir: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(dir, 'governance.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../../src/runtime/governance/index.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
  return outfile;
}

/** Sample lines of Prometheus text, `name{labels}` → value; throws on a line that is neither a sample nor a comment, or a series seen twice. */
export function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (m === null) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
    if (samples.has(m[1]!)) throw new Error(`series appears twice: ${m[1]}`);
    samples.set(m[1]!, m[2] === '+Inf' ? Infinity : Number(m[2]));
  }
  return samples;
}
