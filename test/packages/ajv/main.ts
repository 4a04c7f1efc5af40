// ajv 8 (CommonJS classes, a code generator whose validators are compiled with `new Function`,
// keyword definitions with closures, async schemas): compile and validate with errors, formats
// through custom keywords, refs and definitions, coercion, defaults, removal of additional
// properties, discriminators, JSON Type Definition is left out (separate entry point).

import Ajv from 'ajv';
import type { ErrorObject, SchemaObject } from 'ajv';

const out = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value));
const errs = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.keyword} ${e.message}`);

const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: 'all', coerceTypes: true, discriminator: true, $data: true });

ajv.addFormat('zip', /^\d{5}$/);
ajv.addFormat('even', { type: 'number', validate: (n: number) => n % 2 === 0 });
ajv.addKeyword({
  keyword: 'range',
  type: 'number',
  schemaType: 'array',
  compile: ([min, max]: [number, number]) =>
    function validateRange(data: number) {
      return data >= min && data <= max;
    },
  errors: false,
});
ajv.addKeyword({
  keyword: 'startsWith',
  type: 'string',
  validate: function startsWith(this: unknown, schema: string, data: string) {
    return data.startsWith(schema);
  },
});

ajv.addSchema({ $id: 'https://example.com/defs.json', $defs: { id: { type: 'integer', minimum: 1 }, tag: { type: 'string', maxLength: 5 } } });

const userSchema: SchemaObject = {
  $id: 'https://example.com/user.json',
  type: 'object',
  properties: {
    id: { $ref: 'defs.json#/$defs/id' },
    name: { type: 'string', minLength: 2, startsWith: 'A' },
    age: { type: 'integer', range: [0, 150] },
    zip: { type: 'string', format: 'zip' },
    lucky: { type: 'number', format: 'even' },
    tags: { type: 'array', items: { $ref: 'defs.json#/$defs/tag' }, uniqueItems: true, default: [] },
    role: { enum: ['admin', 'user'], default: 'user' },
    limits: { type: 'object', properties: { min: { type: 'number' }, max: { type: 'number', minimum: { $data: '1/min' } } } },
  },
  required: ['id', 'name'],
  additionalProperties: false,
};
const validateUser = ajv.compile(userSchema);

const good: Record<string, unknown> = { id: '7', name: 'Ada', age: '36', zip: '12345', lucky: 4, extra: 'removed', limits: { min: 1, max: 2 } };
out('good', [validateUser(good), good]);
const bad = { id: 0, name: 'bob', age: 200, zip: 'abc', lucky: 3, tags: ['toolong', 'x', 'x'], role: 'root', limits: { min: 5, max: 2 } };
out('bad', [validateUser(bad), errs(validateUser.errors)]);
out('missing', [validateUser({}), errs(validateUser.errors)]);

const shapes = ajv.compile({
  type: 'object',
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  oneOf: [
    { properties: { kind: { const: 'circle' }, r: { type: 'number' } }, required: ['r'] },
    { properties: { kind: { const: 'rect' }, w: { type: 'number' }, h: { type: 'number' } }, required: ['w', 'h'] },
  ],
});
out('discriminator', [shapes({ kind: 'circle', r: 1 }), shapes({ kind: 'rect', w: 1 }), errs(shapes.errors), shapes({ kind: 'tri' }), errs(shapes.errors)]);

const combos = ajv.compile({
  type: 'object',
  properties: {
    a: { anyOf: [{ type: 'string', maxLength: 2 }, { type: 'number' }] },
    b: { not: { const: 'forbidden' } },
    c: { if: { type: 'number' }, then: { minimum: 10 }, else: { type: 'string' } },
    d: { type: 'array', contains: { const: 'x' }, maxItems: 2 },
    e: { type: 'object', patternProperties: { '^n_': { type: 'number' } }, propertyNames: { pattern: '^[a-z_]+$' } },
    f: { dependencies: { card: ['billing'] } },
  },
});
out('combinators ok', [combos({ a: 'ab', b: 'ok', c: 12, d: ['x', 'x'], e: { n_a: 1 }, f: { card: 1, billing: 2 } }), errs(combos.errors)]);
out('combinators bad', [combos({ a: 'abc', b: 'forbidden', c: 5, d: ['y', 'x', 'z'], e: { n_a: 's', Bad: 1 }, f: { card: 1 } }), errs(combos.errors)]);

const recursive = ajv.compile({
  $id: 'https://example.com/tree.json',
  type: 'object',
  properties: { value: { type: 'number' }, children: { type: 'array', items: { $ref: '#' } } },
  required: ['value'],
});
out('recursive', [recursive({ value: 1, children: [{ value: 2, children: [{ value: 3 }] }] }), recursive({ value: 1, children: [{ children: [] }] }), errs(recursive.errors)]);

const strictAjv = new Ajv({ strict: true });
try {
  strictAjv.compile({ type: 'object', properties: { a: { type: 'string' } }, unknownKeyword: 1 });
} catch (err) {
  out('strict mode', (err as Error).message);
}
try {
  ajv.compile({ $ref: 'missing.json' });
} catch (err) {
  out('missing ref', [(err as Error).constructor.name, (err as Error).message]);
}
out('errorsText', ajv.errorsText([{ instancePath: '/x', schemaPath: '#/type', keyword: 'type', params: { type: 'string' }, message: 'must be string' }]));
out('getSchema', [typeof ajv.getSchema('https://example.com/user.json'), ajv.getSchema('https://example.com/nope.json')]);
out('validate by id', ajv.validate('https://example.com/defs.json#/$defs/tag', 'abcdef'));
out('source has function', typeof validateUser === 'function' && validateUser.schema === userSchema);

async function main() {
  const asyncAjv = new Ajv();
  asyncAjv.addKeyword({
    keyword: 'idExists',
    async: true,
    type: 'number',
    validate: async (_schema: unknown, data: number) => {
      await new Promise((r) => setTimeout(r, 1));
      return data < 100;
    },
  });
  const validateAsync = asyncAjv.compile({ $async: true, type: 'object', properties: { userId: { type: 'number', idExists: true } } });
  out('async ok', await validateAsync({ userId: 5 }));
  try {
    await validateAsync({ userId: 500 });
  } catch (err) {
    out('async invalid', [(err as Error).constructor.name, err instanceof Ajv.ValidationError, errs((err as InstanceType<typeof Ajv.ValidationError>).errors)]);
  }
}
main();
