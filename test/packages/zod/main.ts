// zod 4 (ES modules, classes built by factory closures, getters, lazy and recursive schemas,
// async refinements and transforms): parsing, errors and issue paths, transforms, refinements,
// discriminated unions, recursion, coercion, branded and default values, JSON Schema output.

import { z } from 'zod';

const out = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value));
const issues = (r: { success: boolean; error?: z.ZodError }) =>
  r.success ? 'ok' : r.error!.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}: ${i.message}`);

const Address = z.object({ street: z.string().min(1), zip: z.string().regex(/^\d{5}$/, 'zip must be 5 digits') });
const User = z
  .object({
    id: z.number().int().positive(),
    name: z.string().trim().min(2).max(20),
    email: z.email(),
    role: z.enum(['admin', 'user']).default('user'),
    tags: z.array(z.string()).max(3).optional(),
    address: Address.optional(),
    createdAt: z.coerce.date(),
    meta: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  })
  .strict();

out('user ok', User.parse({ id: 1, name: '  Ada  ', email: 'ada@example.com', createdAt: '2020-01-02T03:04:05Z', tags: ['a'] }));
out('user bad', issues(User.safeParse({ id: -1, name: 'A', email: 'nope', createdAt: 'x', tags: ['a', 'b', 'c', 'd'], extra: 1, address: { street: '', zip: '12' } })));
out('optional/nullable', [z.string().optional().parse(undefined), z.string().nullable().parse(null), z.string().nullish().safeParse(3).success]);

const Shape = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('circle'), r: z.number() }),
  z.object({ kind: z.literal('rect'), w: z.number(), h: z.number() }),
]);
const area = (s: z.infer<typeof Shape>) => (s.kind === 'circle' ? Math.round(Math.PI * s.r * s.r) : s.w * s.h);
out('discriminated', [area(Shape.parse({ kind: 'circle', r: 2 })), area(Shape.parse({ kind: 'rect', w: 2, h: 3 })), issues(Shape.safeParse({ kind: 'tri' }))]);

const Num = z.string().transform((s, ctx) => {
  const n = Number(s);
  if (Number.isNaN(n)) {
    ctx.addIssue({ code: 'custom', message: `not a number: ${s}` });
    return z.NEVER;
  }
  return n;
});
out('transform', [Num.parse('42'), issues(Num.safeParse('abc')), Num.pipe(z.number().max(10)).safeParse('11').success]);

const Password = z
  .object({ password: z.string(), confirm: z.string() })
  .refine((d) => d.password === d.confirm, { message: 'passwords differ', path: ['confirm'] })
  .superRefine((d, ctx) => {
    if (d.password.length < 4) ctx.addIssue({ code: 'custom', message: 'too short', path: ['password'] });
  });
out('refine', [issues(Password.safeParse({ password: 'abc', confirm: 'abd' })), issues(Password.safeParse({ password: 'abcd', confirm: 'abcd' }))]);

interface Category {
  name: string;
  children: Category[];
}
const CategorySchema: z.ZodType<Category> = z.lazy(() => z.object({ name: z.string(), children: z.array(CategorySchema) }));
out('recursive', [CategorySchema.safeParse({ name: 'a', children: [{ name: 'b', children: [] }] }).success, issues(CategorySchema.safeParse({ name: 'a', children: [{ name: 1, children: [] }] }))]);

const Tree = z.object({
  value: z.number(),
  get left() {
    return Tree.optional();
  },
});
out('getter recursion', Tree.parse({ value: 1, left: { value: 2, left: { value: 3 } } }));

out('tuple/set/map', [
  z.tuple([z.string(), z.number()]).rest(z.boolean()).parse(['a', 1, true, false]),
  [...z.set(z.number()).parse(new Set([1, 2]))],
  [...z.map(z.string(), z.number()).parse(new Map([['a', 1]]))],
]);
out('coerce', [z.coerce.number().parse('3.5'), z.coerce.boolean().parse(''), z.coerce.string().parse(12), z.coerce.bigint().parse('9').toString()]);
out('defaults/catch', [z.number().default(7).parse(undefined), z.number().catch(-1).parse('x'), z.string().prefault('p').parse(undefined)]);
const Brand = z.string().brand<'UserId'>();
out('brand', Brand.parse('u1'));
out('object helpers', [
  Object.keys(User.shape),
  Object.keys(User.pick({ id: true, name: true }).shape),
  Object.keys(User.omit({ meta: true }).partial().shape).length,
  z.object({ a: z.string() }).extend({ b: z.number() }).parse({ a: 'x', b: 1 }),
  z.object({ a: z.string() }).passthrough().parse({ a: 'x', extra: true }),
  z.object({ a: z.string() }).strip().parse({ a: 'x', extra: true }),
]);
out('string formats', [z.uuid().safeParse('123e4567-e89b-12d3-a456-426614174000').success, z.url().safeParse('nope').success, z.ipv4().safeParse('127.0.0.1').success, z.iso.datetime().safeParse('2020-01-01T00:00:00Z').success]);
out('enum/literal/union', [z.enum(['a', 'b']).options, z.literal(['x', 'y']).parse('y'), z.union([z.number(), z.string()]).parse('s'), issues(z.union([z.number(), z.boolean()]).safeParse('s'))]);
out('flatten/treeify', [z.flattenError(User.safeParse({}).error!), z.prettifyError(z.object({ a: z.number() }).safeParse({ a: 's' }).error!)]);
out('json schema', z.toJSONSchema(z.object({ id: z.number().int(), name: z.string().min(1).describe('the name'), tags: z.array(z.string()).optional() })));
const fn = z.function({ input: [z.number(), z.number()], output: z.number() }).implement((a, b) => a + b);
out('function', [fn(2, 3), (() => { try { return (fn as any)('2', 3); } catch (e) { return (e as z.ZodError).issues.map((i) => i.code); } })()]);

async function main() {
  const Slow = z.string().refine(async (s) => {
    await new Promise((r) => setTimeout(r, 1));
    return s.startsWith('ok');
  }, 'must start with ok');
  out('async refine', [await Slow.parseAsync('okay'), issues(await Slow.safeParseAsync('nope'))]);
  try {
    Slow.parse('ok');
  } catch (err) {
    out('sync parse of async schema', (err as Error).constructor.name);
  }
  const AsyncTransform = z.string().transform(async (s) => s.toUpperCase());
  out('async transform', await AsyncTransform.parseAsync('abc'));
  const p = z.promise(z.number());
  out('promise schema', await p.parseAsync(Promise.resolve(5)));
}
main();
