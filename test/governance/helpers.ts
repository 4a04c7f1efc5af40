import { FakeClock, GovernanceEngine, type EngineOptions, type EntryContext, type EntryResult } from '../../src/runtime/governance/index.js';

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
