// Generates what must not drift from the JSON Schemas, from the schemas themselves:
//   schema/policy.schema.json        — written from src/runtime/policy-schema.ts (the policy's one definition)
//   src/runtime/policy-document.ts   — the TypeScript type of a policy document, from that schema
//   src/rules/rule-file.ts           — the TypeScript type of a rule file, from schema/rules.schema.json
//   schema/config.schema.json        — written from src/config/config-schema.ts (its `rules` refer to the rules schema)
//   src/config/config-file.ts        — the TypeScript type of an instts.config.json, from that schema
// `npm run schema` rewrites them; test/schema-types.test.ts fails when a committed file differs
// from what this script would write. Needs the built dist/ (for the policy schema module).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const BANNER = (from) => `// Generated from ${from} by scripts/schema-types.mjs (npm run schema). Do not edit.\n`;

/** Each generated file: its path and text. */
export async function generatedFiles() {
  const { POLICY_SCHEMA } = await import(pathToFileURL(join(root, 'dist', 'runtime', 'policy-schema.js')).href);
  const { CONFIG_SCHEMA } = await import(pathToFileURL(join(root, 'dist', 'config', 'config-schema.js')).href);
  const rulesSchema = JSON.parse(readFileSync(join(root, 'schema', 'rules.schema.json'), 'utf8'));
  const options = {
    bannerComment: '',
    additionalProperties: false,
    strictIndexSignatures: true,
    unknownAny: true,
    style: { singleQuote: true, printWidth: 120 },
  };
  const policyTypes = await compile(structuredClone(POLICY_SCHEMA), 'PolicyDocument', options);
  const ruleTypes = await compile(rulesSchema, 'RuleFile', options);
  const configTypes = await compile(structuredClone(CONFIG_SCHEMA), 'ConfigFile', {
    ...options,
    cwd: join(root, 'schema'),
  });
  return [
    { path: 'schema/policy.schema.json', text: `${JSON.stringify(POLICY_SCHEMA, null, 2)}\n` },
    { path: 'src/runtime/policy-document.ts', text: BANNER('src/runtime/policy-schema.ts') + policyTypes },
    { path: 'src/rules/rule-file.ts', text: BANNER('schema/rules.schema.json') + ruleTypes },
    { path: 'schema/config.schema.json', text: `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n` },
    { path: 'src/config/config-file.ts', text: BANNER('src/config/config-schema.ts') + configTypes },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of await generatedFiles()) writeFileSync(join(root, file.path), file.text);
}
