// The policy's JSON Schema and its validator agree: every policy example in the docs is valid
// for both, every case the validator rejects for its shape the schema rejects too, and the
// committed schema file, policy document types and rule-file types are what the schemas give.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import * as jsonc from 'jsonc-parser';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { validatePolicy } from '../../src/runtime/governance/index.js';
import { POLICY_SCHEMA } from '../../src/runtime/policy-schema.js';
import { RULE_KINDS } from '../../src/runtime/governance/kinds.js';
import type * as Policy from '../../src/runtime/governance/policy.js';
import type * as PolicyDocument from '../../src/runtime/policy-document.js';
import type * as RuleFile from '../../src/rules/rule-file.js';
import type * as Rules from '../../src/rules/types.js';

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addKeyword('tsType');
const schemaAccepts = ajv.compile(POLICY_SCHEMA);

function validatorAccepts(doc: unknown): boolean {
  try {
    validatePolicy(doc);
    return true;
  } catch {
    return false;
  }
}

const SECTIONS = [
  'flow',
  'isolation',
  'circuitBreakers',
  'hotspot',
  'adaptive',
  'behaviors',
  'resources',
  'lanes',
  'services',
  'isError',
];

/** Every fenced JSON block of a Markdown file that parses to a policy document. */
function policyExamples(file: string): Array<{ where: string; doc: unknown }> {
  const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  const out: Array<{ where: string; doc: unknown }> = [];
  for (const m of text.matchAll(/```jsonc?\n([\s\S]*?)```/g)) {
    const errors: jsonc.ParseError[] = [];
    const doc: unknown = jsonc.parse(m[1]!, errors, { allowTrailingComma: false });
    if (errors.length > 0 || typeof doc !== 'object' || doc === null || Array.isArray(doc)) continue;
    if (!Object.keys(doc).some((k) => SECTIONS.includes(k))) continue;
    out.push({ where: `${file}:${text.slice(0, m.index).split('\n').length}`, doc });
  }
  return out;
}

describe('the policy schema', () => {
  const examples = ['docs/policy-reference.md', 'docs/lanes.md', 'README.md'].flatMap(policyExamples);

  it('finds the policy examples of the docs', () => {
    // A block that stops parsing would silently leave this test: the count says how many there are.
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it('accepts every policy example of the docs, as the validator does', () => {
    for (const { where, doc } of examples) {
      expect(validatorAccepts(doc), `${where}: ${safeProblem(doc)}`).toBe(true);
      expect(schemaAccepts(doc), `${where}: ${ajv.errorsText(schemaAccepts.errors)}`).toBe(true);
    }
  });

  it('rejects what the validator rejects for its shape', () => {
    const rejected: unknown[] = [
      [],
      { flows: [] },
      { version: 2 },
      { clock: 'wall' },
      { order: ['flow', 'adaptive', 'x'] },
      { flow: {} },
      { flow: [{ threshold: 1 }] },
      { flow: [{ resource: 'r', treshold: 5 }] },
      { flow: [{ resource: 'r' }] },
      { flow: [{ resource: 'r', threshold: '100' }] },
      { flow: [{ resource: 'r', threshold: -1 }] },
      { flow: [{ resource: 'r', threshold: 5, shaping: 'drop' }] },
      { flow: [{ resource: 'r', threshold: 5, window: { ms: 0 } }] },
      { flow: [{ resource: 'r', threshold: 5, window: { ms: 1000, bucket: 2 } }] },
      { flow: [{ resource: 'r', threshold: 5, window: { ms: 1000, align: 'sliding' } }] },
      { flow: [{ resource: 'r', threshold: 5, enabled: 'yes' }] },
      { flow: [{ resource: 'r', threshold: 5, warmUp: { coldFactor: 1 } }] },
      { isolation: [{ resource: 'r', maxConcurrency: 0 }] },
      { circuitBreakers: [{ resource: 'r', threshold: 0.5 }] },
      { circuitBreakers: [{ resource: 'r', strategy: 'errorCount', threshold: 2.5, minRequests: 0.5 }] },
      { circuitBreakers: [{ resource: 'r', strategy: 'errorRatio', threshold: 0.5, compare: '>=' }] },
      {
        circuitBreakers: [{ resource: 'r', strategy: 'errorRatio', threshold: 0.5, isError: { statusAtLeast: '500' } }],
      },
      { isError: { statuses: [429, 'x'] } },
      { hotspot: [{ resource: 'r', threshold: 5 }] },
      { hotspot: [{ resource: 'r', threshold: 5, param: { from: 'cookie', name: 'u' } }] },
      { hotspot: [{ resource: 'r', threshold: 5, param: { from: 'arg', index: 1.5 } }] },
      { hotspot: [{ resource: 'r', threshold: 5, param: { from: 'header' } }] },
      { hotspot: [{ resource: 'r', threshold: 5, param: { from: 'clientIp', name: 'x' } }] },
      { hotspot: [{ resource: 'r', threshold: 5, param: { from: 'clientIp' }, overrides: { 'vip-1': 'lots' } }] },
      { hotspot: [{ resource: 'r', threshold: 5, param: { from: 'clientIp' }, capacity: 0 }] },
      { behaviors: { busy: { type: 'respond', status: 99 } } },
      { behaviors: { 'my busy': {} } },
      { behaviors: { busy: { type: 'reply' } } },
      { behaviors: { busy: { type: 'respond', headers: { 'retry-after': 1 } } } },
      { behaviors: { away: { type: 'redirect' } } },
      { behaviors: { away: { type: 'redirect', status: 200, location: '/' } } },
      { behaviors: { cached: { type: 'fallback', value: 1, throw: 'x' } } },
      { behaviors: { cached: { type: 'fallback' } } },
      { behaviors: { cached: { type: 'fallback', throw: { name: 'E' } } } },
      { behaviors: { [`b${'x'.repeat(128)}`]: { type: 'respond' } } },
      { adaptive: { cpuThreshold: 80 } },
      { adaptive: { mode: 'dry-run' } },
      { adaptive: { exclude: ['ok', ''] } },
      { adaptive: { cpuCores: 0 } },
      { lanes: [] },
      { lanes: { inbound: 'keep' } },
      {
        lanes: {
          lanes: [{ name: 'g', tag: 'gray', match: { items: [{ type: 'header', name: 'x', op: 'in', values: [] }] } }],
        },
      },
      { services: { b: { instances: [{ address: '127.0.0.1:1', weight: 2 }] } } },
      { resources: [{ id: 'orders', kind: 'http_in', match: { route: '/orders' } }] },
      { resources: [{ id: 'r', match: { rout: '/x' } }] },
      { resources: [{ id: 'p', kind: 'function', match: { class: 'PriceService' } }] },
      { resources: [{ id: 'q', kind: 'http-out', match: { route: '/x' } }] },
      { resources: [{ id: 'g', kind: 'rpc-in', match: { methd: 'Greet' } }] },
      { $schema: 5 },
    ];
    for (const doc of rejected) {
      expect(validatorAccepts(doc), JSON.stringify(doc)).toBe(false);
      expect(schemaAccepts(doc), JSON.stringify(doc)).toBe(false);
    }
  });

  it('lists every rule kind as a policy section, in check order for the order key', () => {
    for (const kind of RULE_KINDS) expect(Object.keys(POLICY_SCHEMA.properties)).toContain(kind.section);
    expect(POLICY_SCHEMA.properties.order.items.enum).toEqual([
      'lanes',
      'adaptive',
      ...RULE_KINDS.map((k) => k.section),
    ]);
  });
});

// Checked by `npm run typecheck` (tsc over the tests): the hand-written types keep the schemas'
// property names and value types, so neither can change without the other.
describe('hand-written types and the types generated from the schemas', () => {
  it('name the same policy properties', () => {
    expectTypeOf<Exclude<keyof PolicyDocument.InsttsGovernancePolicy, '$schema' | 'order'>>().toEqualTypeOf<
      keyof Policy.Policy
    >();
    expectTypeOf<keyof PolicyDocument.FlowRule>().toEqualTypeOf<keyof Policy.FlowRule>();
    expectTypeOf<keyof PolicyDocument.IsolationRule>().toEqualTypeOf<keyof Policy.IsolationRule>();
    expectTypeOf<keyof PolicyDocument.BreakerRule>().toEqualTypeOf<keyof Policy.BreakerRule>();
    expectTypeOf<keyof PolicyDocument.HotspotRule>().toEqualTypeOf<keyof Policy.HotspotRule>();
    expectTypeOf<keyof PolicyDocument.Adaptive>().toEqualTypeOf<keyof Policy.AdaptiveRule>();
    expectTypeOf<keyof PolicyDocument.IsError>().toEqualTypeOf<keyof Policy.ErrorSpec>();
    expectTypeOf<keyof PolicyDocument.AlignedWindow>().toEqualTypeOf<keyof Policy.WindowSpec>();
    expectTypeOf<NonNullable<PolicyDocument.FlowRule['shaping']>>().toEqualTypeOf<Policy.FlowRule['shaping']>();
    expectTypeOf<PolicyDocument.BreakerRule['strategy']>().toEqualTypeOf<Policy.BreakerRule['strategy']>();
    expectTypeOf<NonNullable<PolicyDocument.Adaptive['mode']>>().toEqualTypeOf<Policy.AdaptiveRule['mode']>();
    expectTypeOf<NonNullable<PolicyDocument.HotspotRule['metric']>>().toEqualTypeOf<Policy.HotspotRule['metric']>();
    expectTypeOf<PolicyDocument.HotspotRule['param']['from']>().toEqualTypeOf<Policy.ParamSource['from']>();
  });

  it('name the same rule-file properties', () => {
    expectTypeOf<keyof RuleFile.InsttsRuleFile>().toEqualTypeOf<keyof Rules.RuleFileSpec>();
    expectTypeOf<keyof RuleFile.Rule>().toEqualTypeOf<keyof Rules.RuleSpec>();
    expectTypeOf<keyof RuleFile.Where>().toEqualTypeOf<
      keyof Rules.FunctionWhere | keyof Rules.CallWhere | keyof Rules.PreludeWhere
    >();
    expectTypeOf<NonNullable<RuleFile.Where['kind']>>().toEqualTypeOf<Rules.KindSelector>();
    expectTypeOf<keyof RuleFile.Action>().toEqualTypeOf<'hook' | 'trace' | 'govern' | 'import'>();
    expectTypeOf<NonNullable<RuleFile.Action['hook']>>().toEqualTypeOf<Rules.HookAction['hook']>();
    expectTypeOf<NonNullable<RuleFile.Action['trace']>['kind']>().toEqualTypeOf<Rules.TraceAction['trace']['kind']>();
    expectTypeOf<NonNullable<RuleFile.Action['govern']>>().toEqualTypeOf<Rules.GovernAction['govern']>();
  });
});

describe('files generated from the schemas', () => {
  it('are what scripts/schema-types.mjs writes (run `npm run schema` after changing a schema)', async () => {
    const { generatedFiles } = await import('../../scripts/schema-types.mjs');
    for (const file of await generatedFiles()) {
      expect(readFileSync(new URL(`../../${file.path}`, import.meta.url), 'utf8'), file.path).toBe(file.text);
    }
  });
});

function safeProblem(doc: unknown): string {
  try {
    validatePolicy(doc);
    return 'valid';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
