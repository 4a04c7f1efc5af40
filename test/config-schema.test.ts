// The config file's JSON Schema agrees with the loader and with `UserConfig`: the loader takes
// its field names from it, a config file may name it in "$schema", and the types generated from
// it name the same fields as the hand-written `UserConfig` (checked by `npm run typecheck`).
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { InsttsConfigFile } from '../src/config/config-file.js';
import { CONFIG_SCHEMA } from '../src/config/config-schema.js';
import type { UserConfig } from '../src/config/types.js';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
ajv.addVocabulary(['patternErrorMessage']);
ajv.addSchema(JSON.parse(readFileSync(new URL('../schema/rules.schema.json', import.meta.url), 'utf8')) as object);
const accepts = ajv.compile(CONFIG_SCHEMA);

describe('the config schema', () => {
  it('accepts the test fixtures written as JSON, with their inline rules', () => {
    const config: unknown = JSON.parse(
      readFileSync(new URL('fixtures/cli/configs/alt/instts.config.json', import.meta.url), 'utf8'),
    );
    expect(accepts(config), ajv.errorsText(accepts.errors)).toBe(true);
  });

  it('refuses what the loader refuses for its shape', () => {
    for (const bad of [
      { outdir: 'dist' },
      { bundle: 'yes' },
      { format: 'umd' },
      { entry: [1] },
      { external: 'pg-native' },
      { rules: [{ id: 'x', where: { function: 'f' } }] },
    ]) {
      expect(accepts(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('names the same fields as UserConfig', () => {
    expectTypeOf<Exclude<keyof InsttsConfigFile, '$schema'>>().toEqualTypeOf<keyof UserConfig>();
    expectTypeOf<NonNullable<InsttsConfigFile['format']>>().toEqualTypeOf<NonNullable<UserConfig['format']>>();
    expectTypeOf<NonNullable<InsttsConfigFile['platform']>>().toEqualTypeOf<NonNullable<UserConfig['platform']>>();
    expect(Object.keys(CONFIG_SCHEMA.properties).filter((k) => k !== '$schema')).toHaveLength(15);
  });
});
