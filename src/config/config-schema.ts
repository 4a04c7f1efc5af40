// The config file's JSON Schema (`instts.config.json`; the same fields as `defineConfig` in
// instts.config.ts): the property names the loader accepts come from here, `npm run schema`
// writes it to schema/config.schema.json for editors (`"$schema"`), and
// test/config-schema.test.ts checks it against `UserConfig` and the documented examples.

const stringOrList = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://instts.dev/schema/config.schema.json',
  title: 'instts config file',
  description: 'Build settings for `instts build`; every field is optional and a command-line flag overrides it.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'Path or URL of this schema, for editor completion. Ignored by instts.' },
    entry: {
      ...stringOrList,
      description: 'Entry points, relative to the config file. Default: package.json bin/main mapped to sources.',
    },
    outDir: { type: 'string', description: 'Output folder. Default: tsconfig outDir, else dist.' },
    outfile: { type: 'string', description: 'One output file (bundle mode, one entry).' },
    bundle: { type: 'boolean', default: true, description: 'Bundle (default) or emit one file per input like tsc.' },
    format: {
      enum: ['esm', 'cjs'],
      description: 'Output module format. Default: from package.json type, else tsconfig module.',
    },
    platform: { enum: ['node', 'neutral', 'browser'], default: 'node' },
    target: {
      ...stringOrList,
      description: 'esbuild target(s), e.g. node20 or es2022. Default: tsconfig target plus node20.',
    },
    sourcemap: { type: 'boolean' },
    typecheck: { type: 'boolean', default: true },
    keepNames: {
      type: 'boolean',
      default: true,
      description: 'Keep fn.name and Class.name when bundling renames a declaration.',
    },
    rules: {
      type: 'array',
      description: 'Rule files, rule directories, built-in rule sets (instts:NAME), or rules written inline.',
      items: { anyOf: [{ type: 'string' }, { $ref: 'rules.schema.json#/definitions/rule' }] },
    },
    prelude: { ...stringList, description: 'Modules imported first in every entry point.' },
    external: { ...stringList, description: 'Packages (or globs) left out of the bundle.' },
    report: {
      type: 'string',
      description: 'Write a JSON report (files, matches and near-misses per rule, time per phase) to this file.',
    },
    dump: { type: 'string', description: 'Write every instrumented file, as handed to esbuild, to this folder.' },
  },
} as const;
