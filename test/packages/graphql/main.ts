// graphql 16 (large ES module / CommonJS code base: classes with getters and Symbol.toStringTag,
// generators in the visitor and utilities, `instanceOf` checks, a recursive executor with
// promise and sync paths): SDL schema building, queries with variables, fragments, aliases,
// directives, async and failing resolvers, validation errors, introspection and AST printing.

import {
  GraphQLEnumType,
  GraphQLError,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  buildSchema,
  execute,
  getIntrospectionQuery,
  graphql,
  graphqlSync,
  parse,
  print,
  printSchema,
  separateOperations,
  subscribe,
  validate,
  visit,
  Kind,
  GraphQLScalarType,
} from 'graphql';

const out = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value));

const sdl = /* GraphQL */ `
  enum Role { ADMIN USER }
  interface Node { id: ID! }
  type User implements Node { id: ID! name: String! role: Role! friends(first: Int = 2): [User!]! posts: [Post!]! }
  type Post implements Node { id: ID! title: String! author: User! }
  union SearchResult = User | Post
  input NewPost { title: String!, authorId: ID! }
  type Query { me: User, user(id: ID!): User, search(text: String!): [SearchResult!]!, slow(ms: Int!): String, broken: String, node(id: ID!): Node }
  type Mutation { addPost(input: NewPost!): Post! }
`;
const users = [
  { id: 'u1', name: 'Ada', role: 'ADMIN', friendIds: ['u2', 'u3'] },
  { id: 'u2', name: 'Grace', role: 'USER', friendIds: ['u1'] },
  { id: 'u3', name: 'Linus', role: 'USER', friendIds: [] as string[] },
];
const posts = [{ id: 'p1', title: 'Hello', authorId: 'u1' }];
const byId = (id: string) => users.find((u) => u.id === id) ?? null;

class UserModel {
  constructor(private readonly data: (typeof users)[number]) {}
  get id() {
    return this.data.id;
  }
  get name() {
    return this.data.name;
  }
  get role() {
    return this.data.role;
  }
  friends({ first }: { first: number }) {
    return this.data.friendIds.slice(0, first).map((id) => new UserModel(byId(id)!));
  }
  posts() {
    return posts.filter((p) => p.authorId === this.data.id).map((p) => ({ ...p, author: () => this }));
  }
}

const schema = buildSchema(sdl);
const root = {
  me: () => new UserModel(users[0]!),
  user: ({ id }: { id: string }) => (byId(id) ? new UserModel(byId(id)!) : null),
  search: ({ text }: { text: string }) => [
    ...users.filter((u) => u.name.includes(text)).map((u) => ({ __typename: 'User', ...new UserModel(u), id: u.id, name: u.name, role: u.role, friends: () => [], posts: () => [] })),
    ...posts.filter((p) => p.title.includes(text)).map((p) => ({ __typename: 'Post', ...p, author: () => new UserModel(byId(p.authorId)!) })),
  ],
  slow: async ({ ms }: { ms: number }) => {
    await new Promise((r) => setTimeout(r, ms));
    return `waited ${ms}ms`;
  },
  broken: () => {
    throw new Error('resolver exploded');
  },
  node: ({ id }: { id: string }) => (byId(id) ? { __typename: 'User', ...users.find((u) => u.id === id) } : null),
  addPost: ({ input }: { input: { title: string; authorId: string } }) => {
    const post = { id: `p${posts.length + 1}`, ...input };
    posts.push(post);
    return { ...post, author: () => new UserModel(byId(post.authorId)!) };
  },
};

const query = /* GraphQL */ `
  query Profile($id: ID!, $withFriends: Boolean = true) {
    me { ...UserBits friends(first: 1) { name } }
    other: user(id: $id) { ...UserBits friends @include(if: $withFriends) { name role } posts { title } }
    missing: user(id: "nope") { name }
    search(text: "e") { __typename ... on User { name } ... on Post { title author { name } } }
    broken
    node(id: "u2") { id ... on User { name } }
  }
  fragment UserBits on User { id name role }
`;

async function main() {
  out('query', await graphql({ schema, source: query, rootValue: root, variableValues: { id: 'u2' } }));
  out('query skip', await graphql({ schema, source: query, rootValue: root, variableValues: { id: 'u1', withFriends: false } }));
  out('async resolver', await graphql({ schema, source: '{ a: slow(ms: 3) b: slow(ms: 1) }', rootValue: root }));
  out('mutation', await graphql({ schema, source: 'mutation { addPost(input: { title: "New", authorId: "u2" }) { id title author { name } } }', rootValue: root }));
  out('sync', graphqlSync({ schema, source: '{ me { name } }', rootValue: root }));
  try {
    graphqlSync({ schema, source: '{ slow(ms: 1) }', rootValue: root });
  } catch (e) {
    out('sync with async resolver', (e as Error).message);
  }
  out('variable errors', await graphql({ schema, source: 'query ($id: ID!) { user(id: $id) { name } }', rootValue: root, variableValues: {} }));
  const invalid = parse('{ me { nope } user { name } ...F }');
  out('validation', validate(schema, invalid).map((e) => e.message));
  try {
    parse('{ me { name }');
  } catch (e) {
    out('syntax error', [(e as GraphQLError).message, (e as GraphQLError).locations]);
  }

  // programmatic schema with a custom scalar and enum
  const Odd = new GraphQLScalarType({
    name: 'Odd',
    serialize: (v) => (typeof v === 'number' && v % 2 === 1 ? v : null),
    parseValue: (v) => {
      if (typeof v !== 'number' || v % 2 !== 1) throw new TypeError(`not odd: ${v}`);
      return v;
    },
    parseLiteral: (ast) => (ast.kind === Kind.INT && Number(ast.value) % 2 === 1 ? Number(ast.value) : null),
  });
  const Color = new GraphQLEnumType({ name: 'Color', values: { RED: { value: 0 }, GREEN: { value: 1 } } });
  const programmatic = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: () => ({
        double: { type: new GraphQLNonNull(GraphQLInt), args: { n: { type: new GraphQLNonNull(Odd) } }, resolve: (_src, { n }) => n * 2 },
        colors: { type: new GraphQLList(Color), resolve: () => [1, 0, 1] },
        hello: { type: GraphQLString, args: { name: { type: GraphQLString, defaultValue: 'world' } }, resolve: (_s, { name }) => `hello ${name}` },
      }),
    }),
  });
  out('programmatic', await graphql({ schema: programmatic, source: '{ double(n: 3) colors hello hi: hello(name: "x") }' }));
  out('custom scalar error', await graphql({ schema: programmatic, source: 'query ($n: Odd!) { double(n: $n) }', variableValues: { n: 4 } }));
  out('printSchema lines', printSchema(programmatic).split('\n').length);

  // AST work
  const doc = parse(query);
  const names: string[] = [];
  const edited = visit(doc, {
    Field: {
      enter(node) {
        names.push(node.alias ? `${node.alias.value}:${node.name.value}` : node.name.value);
        if (node.name.value === 'broken') return null;
        return undefined;
      },
    },
  });
  out('visit', names);
  out('print', print(edited).split('\n').length);
  out('separateOperations', Object.keys(separateOperations(parse('query A { me { name } } query B { ...F } fragment F on Query { me { id } }'))));
  const introspection = await execute({ schema, document: parse(getIntrospectionQuery()) });
  out('introspection types', (introspection.data as any).__schema.types.map((t: { name: string }) => t.name).filter((n: string) => !n.startsWith('__')).sort());
  out('error shape', new GraphQLError('custom', { extensions: { code: 'X' } }).toJSON());
  // subscriptions: an async generator as the source, mapped through the executor
  const subSchema = buildSchema('type Query { ok: Boolean } type Subscription { countdown(from: Int!): Int! }');
  const subRoot = {
    countdown: async function* ({ from }: { from: number }) {
      for (let i = from; i > 0; i--) yield { countdown: i };
    },
  };
  const events = await subscribe({ schema: subSchema, document: parse('subscription { countdown(from: 3) }'), rootValue: subRoot });
  const received: unknown[] = [];
  if (Symbol.asyncIterator in events) {
    for await (const event of events) {
      received.push(event);
      if (received.length === 2) break;
    }
  } else received.push(events);
  out('subscription', received);
  out('toStringTag', [Object.prototype.toString.call(schema), String(GraphQLString)]);
}

main().catch((e) => {
  console.log('driver failed:', e);
  process.exitCode = 1;
});
