// Adaptive overload protection: its settings (one per policy, not a list of rules), their
// defaults and validation. Enforced by ./controller.ts.

import { array, bool, describe, fail, key, num, numValue, object, oneOf } from '../../validate.js';
import { windowSpec, type Ref, type WindowSpec } from '../rule.js';
import { DEFS, keysOf } from '../../policy-schema.js';

export interface AdaptiveRule {
  enabled: boolean;
  mode: 'off' | 'dryRun' | 'on';
  cpuThreshold: number;
  window: WindowSpec;
  coolOffMs: number;
  exclude: string[];
  behavior: string | null;
  sampleMs: number;
  cpuDecay: number;
  cpuCores: 'auto' | number;
}

export const ADAPTIVE_DEFAULTS = {
  mode: 'off' as const,
  cpuThreshold: 0.8,
  window: { ms: 10000, buckets: 100, align: 'clock' } as WindowSpec,
  coolOffMs: 1000,
  sampleMs: 250,
  cpuDecay: 0.95,
};

export function parseAdaptive(v: unknown, path: string, ref: Ref): AdaptiveRule {
  const d = ADAPTIVE_DEFAULTS;
  const o = v === undefined ? {} : object(v, path, keysOf(DEFS.adaptive));
  let cpuCores: 'auto' | number = 'auto';
  if (o.cpuCores !== undefined && o.cpuCores !== 'auto') {
    cpuCores = numValue(o.cpuCores, key(path, 'cpuCores'), { above: 0 });
  }
  const exclude = array(o, 'exclude', path).map((e, i) => {
    if (typeof e !== 'string' || e.length === 0)
      fail(`${key(path, 'exclude')}[${i}]`, `expected a resource id, got ${describe(e)}`);
    return e;
  });
  return {
    enabled: bool(o, 'enabled', path, true),
    mode: oneOf(o, 'mode', path, DEFS.adaptive.properties.mode.enum, d.mode),
    cpuThreshold: ((): number => {
      const t = num(o, 'cpuThreshold', path, d.cpuThreshold);
      if (!(t > 0 && t <= 1)) fail(key(path, 'cpuThreshold'), `expected a CPU share in (0, 1], got ${t}`);
      return t;
    })(),
    window: windowSpec(o, path, d.window),
    coolOffMs: num(o, 'coolOffMs', path, d.coolOffMs, { min: 0 }),
    exclude,
    behavior: ref(o, path),
    sampleMs: num(o, 'sampleMs', path, d.sampleMs, { min: 10 }),
    cpuDecay: ((): number => {
      const t = num(o, 'cpuDecay', path, d.cpuDecay, { min: 0 });
      if (!(t < 1)) fail(key(path, 'cpuDecay'), `expected a factor in [0, 1), got ${t}`);
      return t;
    })(),
    cpuCores,
  };
}
