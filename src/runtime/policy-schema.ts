// The policy file's JSON Schema: the one description of its shape. `npm run build` writes it to
// schema/policy.schema.json (editor completion and validation through `"$schema"`), and
// scripts/schema-types.mjs generates the TypeScript types of a policy document from it. The
// validator (policy.ts, the kinds' rule.ts) takes every object's property names and every
// enumeration from here, and adds what a schema cannot say (cross-field rules, references to
// behaviours, unique ids) with messages that name the JSON path. test/governance/policy-schema.test.ts
// checks that the schema and the validator agree on every documented example and on every
// rejected case.

/**
 * The kinds of resource the built-in adapters enter, and the attributes each offers a declared
 * resource's `match` (docs/policy-reference.md, "Resources"). A `function` resource (the govern
 * action's) is entered by its name only: it offers none.
 */
export const RESOURCE_KIND_ATTRIBUTES = {
  'http-in': ['method', 'route', 'path', 'host'],
  'http-out': ['method', 'host', 'port'],
  'rpc-in': ['service', 'method', 'path'],
  'rpc-out': ['service', 'method', 'path'],
  db: ['system', 'host', 'port', 'namespace', 'operation', 'collection'],
  function: [],
} as const satisfies Record<string, readonly string[]>;

export type ResourceKind = keyof typeof RESOURCE_KIND_ATTRIBUTES;

/** Every resource kind, in the order of {@link RESOURCE_KIND_ATTRIBUTES}. */
export const RESOURCE_KINDS = Object.keys(RESOURCE_KIND_ATTRIBUTES) as ResourceKind[];

/** The attributes some adapter offers: what a declaration without a `kind` may match on. */
export const ANY_KIND_ATTRIBUTES: readonly string[] = [...new Set(Object.values(RESOURCE_KIND_ATTRIBUTES).flat())];

const resourceId = {
  type: 'string',
  minLength: 1,
  description: 'A resource id: a declared resource, or a name an adapter gives calls.',
} as const;
const ruleId = {
  type: 'string',
  minLength: 1,
  description:
    'Unique across every rule of the policy; labels metrics and blocked calls. Default: `<section>[<index>]`.',
} as const;
const behaviorRef = {
  type: 'string',
  minLength: 1,
  description:
    'Name of a behaviour in `behaviors`: how a blocked call is answered. Default: `defaultBehavior`, else 429.',
} as const;
const enabled = {
  type: 'boolean',
  default: true,
  description: '`false` keeps the rule in the file but switches it off.',
} as const;
const status = { type: 'integer', minimum: 100, maximum: 999 } as const;
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

export const POLICY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://instts.dev/schema/policy.schema.json',
  title: 'instts governance policy',
  description:
    'Flow control, isolation, circuit breaking, hotspot limits, behaviours, adaptive protection and lane routing for one service. Reloaded while the service runs; see docs/policy-reference.md.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'Path or URL of this schema, for editor completion. Ignored by instts.' },
    version: { const: 1, description: 'The policy format version.' },
    clock: { const: 'monotonic', description: 'Intervals never use the wall clock.' },
    order: {
      description: 'Accepted only as the fixed check order, with or without "lanes".',
      type: 'array',
      items: { enum: ['lanes', 'adaptive', 'isolation', 'hotspot', 'flow', 'circuitBreakers'] },
    },
    resources: {
      type: 'array',
      items: { $ref: '#/definitions/resource' },
      description: 'Declared resources: a kind, and the attributes calls are recognised by.',
    },
    behaviors: {
      type: 'object',
      description: 'Named answers to a blocked call.',
      propertyNames: { minLength: 1, maxLength: 128 },
      additionalProperties: { $ref: '#/definitions/behavior' },
    },
    defaultBehavior: { type: 'string', minLength: 1, description: 'The behaviour of rules that name none.' },
    isError: { $ref: '#/definitions/isError' },
    flow: { type: 'array', items: { $ref: '#/definitions/flowRule' }, description: 'Calls per window on a resource.' },
    isolation: {
      type: 'array',
      items: { $ref: '#/definitions/isolationRule' },
      description: 'Calls in flight on a resource.',
    },
    circuitBreakers: {
      type: 'array',
      items: { $ref: '#/definitions/breakerRule' },
      description: 'Stop calling a failing or slow resource for a while.',
    },
    hotspot: {
      type: 'array',
      items: { $ref: '#/definitions/hotspotRule' },
      description: 'Limits per value of one parameter (a user, a key, a client address).',
    },
    adaptive: { $ref: '#/definitions/adaptive' },
    lanes: { $ref: '#/definitions/lanes' },
    services: {
      type: 'object',
      description: 'Instances per logical service, for lane routing.',
      propertyNames: { minLength: 1 },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['instances'],
        properties: {
          instances: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['address'],
              properties: {
                address: { type: 'string', description: '`host:port` (an IPv6 host in brackets).' },
                tag: { type: 'string', description: 'The lane tag this instance serves; none: the baseline.' },
              },
            },
          },
        },
      },
    },
  },
  definitions: {
    window: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ms: { type: 'integer', minimum: 1, description: 'Window length in milliseconds.' },
        buckets: { type: 'integer', minimum: 1, description: 'Number of buckets; divides `ms`.' },
      },
    },
    alignedWindow: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ms: { type: 'integer', minimum: 1, default: 1000 },
        buckets: { type: 'integer', minimum: 1, default: 2 },
        align: {
          enum: ['burst', 'clock'],
          default: 'burst',
          description:
            'Buckets start at the first call after an empty window (`burst`) or at multiples of their length (`clock`).',
        },
      },
    },
    isError: {
      type: 'object',
      description: 'What completes "with an error", for circuit breakers and the error counters.',
      additionalProperties: false,
      properties: {
        thrown: { type: 'boolean', default: true },
        timeout: { type: 'boolean', default: true },
        statusAtLeast: { anyOf: [status, { type: 'null' }], default: 500 },
        statuses: { type: 'array', items: status },
      },
    },
    resource: {
      type: 'object',
      additionalProperties: false,
      required: ['id'],
      properties: {
        id: resourceId,
        kind: {
          enum: RESOURCE_KINDS,
          description:
            'The adapter whose calls this is: inbound or outbound HTTP, served or called gRPC methods, database calls, or a governed function.',
        },
        match: {
          type: 'object',
          minProperties: 1,
          description:
            'Attributes a call must have (all of them); a list: any of its values. Each kind offers its own attributes; `function` none.',
          propertyNames: { enum: ANY_KIND_ATTRIBUTES },
          additionalProperties: {
            anyOf: [
              { type: 'string' },
              { type: 'number' },
              { type: 'array', minItems: 1, items: { type: ['string', 'number'] } },
            ],
          },
        },
      },
      allOf: RESOURCE_KINDS.map((kind) => ({
        if: { required: ['kind'], properties: { kind: { const: kind } } },
        then:
          RESOURCE_KIND_ATTRIBUTES[kind].length === 0
            ? { not: { required: ['match'] } }
            : { properties: { match: { type: 'object', propertyNames: { enum: RESOURCE_KIND_ATTRIBUTES[kind] } } } },
      })),
    },
    behavior: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: ['respond', 'redirect', 'fallback'] } },
      oneOf: [
        { $ref: '#/definitions/respondBehavior' },
        { $ref: '#/definitions/redirectBehavior' },
        { $ref: '#/definitions/fallbackBehavior' },
      ],
    },
    respondBehavior: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { const: 'respond' },
        status: { ...status, default: 429 },
        contentType: { type: 'string', minLength: 1, description: 'A media type, or "json" / "text".' },
        body: {
          type: ['string', 'object', 'array'],
          description: 'A string, or JSON sent as JSON.',
          tsType: 'string | Record<string, unknown> | unknown[]',
        },
        headers: stringMap,
      },
    },
    redirectBehavior: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'location'],
      properties: {
        type: { const: 'redirect' },
        status: { type: 'integer', minimum: 300, maximum: 399, default: 302 },
        location: { type: 'string', minLength: 1 },
        headers: stringMap,
      },
    },
    fallbackBehavior: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      description: 'Exactly one of `value`, `throw` or `handler`.',
      properties: {
        type: { const: 'fallback' },
        value: { description: 'Returned instead of calling the function.', tsType: 'unknown' },
        throw: {
          anyOf: [
            { type: 'string', description: 'The message of the Error thrown.' },
            {
              type: 'object',
              additionalProperties: false,
              required: ['message'],
              properties: {
                name: { type: 'string', minLength: 1, default: 'Error' },
                message: { type: 'string', minLength: 1 },
                code: { type: 'string', minLength: 1 },
              },
            },
          ],
        },
        handler: { type: 'string', minLength: 1, description: 'A function registered with registerFallback().' },
      },
      oneOf: [{ required: ['value'] }, { required: ['throw'] }, { required: ['handler'] }],
    },
    flowRule: {
      type: 'object',
      additionalProperties: false,
      required: ['resource', 'threshold'],
      properties: {
        id: ruleId,
        resource: resourceId,
        enabled,
        behavior: behaviorRef,
        threshold: { type: 'number', minimum: 0, description: 'Calls allowed per window.' },
        window: { $ref: '#/definitions/alignedWindow' },
        shaping: {
          enum: ['reject', 'queue'],
          default: 'reject',
          description: 'Block at once, or space calls out and queue them.',
        },
        maxQueueMs: { type: 'number', minimum: 0, default: 500, description: 'shaping "queue": longest wait.' },
        warmUp: {
          type: 'object',
          additionalProperties: false,
          description: 'Start at threshold / coldFactor and rise to the threshold over periodSec.',
          properties: {
            periodSec: { type: 'integer', minimum: 1, default: 10 },
            coldFactor: { type: 'number', exclusiveMinimum: 1, default: 3 },
          },
        },
      },
    },
    isolationRule: {
      type: 'object',
      additionalProperties: false,
      required: ['resource', 'maxConcurrency'],
      properties: {
        id: ruleId,
        resource: resourceId,
        enabled,
        behavior: behaviorRef,
        maxConcurrency: { type: 'integer', minimum: 1, description: 'Calls in flight allowed.' },
      },
    },
    breakerRule: {
      type: 'object',
      additionalProperties: false,
      required: ['resource', 'strategy', 'threshold'],
      properties: {
        id: ruleId,
        resource: resourceId,
        enabled,
        behavior: behaviorRef,
        strategy: { enum: ['slowRatio', 'errorRatio', 'errorCount'] },
        threshold: { type: 'number', minimum: 0, description: 'A ratio in [0, 1], or a count (errorCount).' },
        slowRtMs: { type: 'number', minimum: 0, description: 'strategy "slowRatio": a call slower than this is slow.' },
        compare: { enum: ['gte', 'gt'], default: 'gte' },
        window: { $ref: '#/definitions/window' },
        minRequests: { type: 'integer', minimum: 1, default: 10 },
        openMs: { type: 'number', minimum: 1, default: 10000 },
        isError: { $ref: '#/definitions/isError' },
        recovery: {
          type: 'object',
          additionalProperties: false,
          properties: {
            mode: { enum: ['probe', 'progressive'], default: 'probe' },
            probes: { type: 'integer', minimum: 1, default: 1 },
            stages: { type: 'integer', minimum: 1, maximum: 100, default: 3 },
            minPassPerStage: { type: 'integer', minimum: 1, default: 5 },
            excessInHalfOpen: { enum: ['reject', 'pass', 'wait'], default: 'reject' },
            maxWaitMs: { type: 'number', minimum: 0 },
          },
        },
      },
    },
    hotspotRule: {
      type: 'object',
      additionalProperties: false,
      required: ['resource', 'param', 'threshold'],
      properties: {
        id: ruleId,
        resource: resourceId,
        enabled,
        behavior: behaviorRef,
        param: {
          type: 'object',
          required: ['from'],
          properties: { from: { enum: ['arg', 'header', 'query', 'path', 'clientIp'] } },
          oneOf: [
            {
              additionalProperties: false,
              required: ['index'],
              properties: { from: { const: 'arg' }, index: { type: 'integer' } },
            },
            {
              additionalProperties: false,
              required: ['name'],
              properties: { from: { enum: ['header', 'query', 'path'] }, name: { type: 'string', minLength: 1 } },
            },
            { additionalProperties: false, properties: { from: { const: 'clientIp' } } },
          ],
        },
        metric: { enum: ['qps', 'concurrency'], default: 'qps' },
        threshold: { type: 'number', minimum: 0 },
        durationSec: { type: 'integer', minimum: 1, default: 1 },
        burst: { type: 'number', minimum: 0, default: 0 },
        shaping: { enum: ['reject', 'queue'], default: 'reject' },
        maxQueueMs: { type: 'number', minimum: 0, default: 0 },
        capacity: {
          type: 'integer',
          minimum: 1,
          description: 'Values tracked at most (least recently used forgotten first).',
        },
        overrides: {
          type: 'object',
          additionalProperties: { type: 'number', minimum: 0 },
          description: 'Value → its own threshold.',
        },
        onMissing: { enum: ['skip', 'block'], default: 'skip' },
      },
    },
    adaptive: {
      type: 'object',
      additionalProperties: false,
      description: 'Adaptive overload protection for inbound resources.',
      properties: {
        enabled,
        mode: { enum: ['off', 'dryRun', 'on'], default: 'off' },
        cpuThreshold: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.8 },
        window: { $ref: '#/definitions/window' },
        coolOffMs: { type: 'number', minimum: 0, default: 1000 },
        exclude: { type: 'array', items: resourceId },
        behavior: behaviorRef,
        sampleMs: { type: 'number', minimum: 10, default: 250 },
        cpuDecay: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.95 },
        cpuCores: { anyOf: [{ const: 'auto' }, { type: 'number', exclusiveMinimum: 0 }], default: 'auto' },
      },
    },
    lanes: {
      type: 'object',
      additionalProperties: false,
      description: 'Full-chain gray lanes (docs/lanes.md).',
      properties: {
        groups: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'services'],
            properties: {
              name: { type: 'string', minLength: 1 },
              entry: { type: 'string', minLength: 1 },
              services: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
            },
          },
        },
        lanes: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'tag'],
            properties: {
              name: { type: 'string', minLength: 1 },
              group: { type: 'string', minLength: 1 },
              tag: { type: 'string', minLength: 1 },
              enabled: { type: 'boolean', default: true },
              paths: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
              match: {
                type: 'object',
                additionalProperties: false,
                required: ['items'],
                properties: {
                  condition: { enum: ['and', 'or'], default: 'and' },
                  items: { type: 'array', minItems: 1, items: { $ref: '#/definitions/laneMatchItem' } },
                },
              },
            },
          },
        },
        propagation: {
          type: 'object',
          additionalProperties: false,
          properties: { baggageKey: { type: 'string', minLength: 1 }, header: { type: ['string', 'null'] } },
        },
        inbound: { enum: ['strip', 'trust'], default: 'strip' },
      },
    },
    laneMatchItem: {
      type: 'object',
      required: ['type', 'name', 'op'],
      properties: {
        type: { enum: ['header', 'query', 'cookie'] },
        name: { type: 'string', minLength: 1 },
        op: { enum: ['==', '!=', 'in', 'regex', 'percentage'] },
      },
      oneOf: [
        {
          additionalProperties: false,
          required: ['value'],
          properties: { type: {}, name: {}, op: { enum: ['==', '!=', 'regex'] }, value: { type: 'string' } },
        },
        {
          additionalProperties: false,
          required: ['values'],
          properties: {
            type: {},
            name: {},
            op: { const: 'in' },
            values: { type: 'array', minItems: 1, items: { type: 'string' } },
          },
        },
        {
          additionalProperties: false,
          required: ['value'],
          properties: {
            type: {},
            name: {},
            op: { const: 'percentage' },
            value: { type: 'integer', minimum: 0, maximum: 100 },
          },
        },
      ],
    },
  },
} as const;

/** The schema's definitions, for the validator: `DEFS.flowRule.properties.shaping.enum`. */
export const DEFS = POLICY_SCHEMA.definitions;

/** The property names a schema object allows. */
export function keysOf(node: { readonly properties: object }): readonly string[] {
  return Object.keys(node.properties);
}
