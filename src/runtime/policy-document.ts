// Generated from src/runtime/policy-schema.ts by scripts/schema-types.mjs (npm run schema). Do not edit.
export type Resource = {
  /**
   * A resource id: a declared resource, or a name an adapter gives calls.
   */
  id: string;
  /**
   * The adapter whose calls this is: inbound or outbound HTTP, served or called gRPC methods, database calls, or a governed function.
   */
  kind?: 'http-in' | 'http-out' | 'rpc-in' | 'rpc-out' | 'db' | 'function';
  /**
   * Attributes a call must have (all of them); a list: any of its values. Each kind offers its own attributes; `function` none.
   */
  match?: {
    [k: string]: string | number | [string | number, ...(string | number)[]] | undefined;
  };
};
export type Behavior = {
  type: 'respond' | 'redirect' | 'fallback';
} & Behavior1;
export type Behavior1 = RespondBehavior | RedirectBehavior | FallbackBehavior;
/**
 * Exactly one of `value`, `throw` or `handler`.
 */
export type FallbackBehavior = {
  type: 'fallback';
  /**
   * Returned instead of calling the function.
   */
  value?: unknown;
  throw?:
    | string
    | {
        name?: string;
        message: string;
        code?: string;
      };
  /**
   * A function registered with registerFallback().
   */
  handler?: string;
} & FallbackBehavior1;
export type FallbackBehavior1 = {
  [k: string]: unknown | undefined;
};
export type LaneMatchItem = {
  type: 'header' | 'query' | 'cookie';
  name: string;
  op: '==' | '!=' | 'in' | 'regex' | 'percentage';
} & LaneMatchItem1 & {
    type: 'header' | 'query' | 'cookie';
    name: string;
    op: '==' | '!=' | 'in' | 'regex' | 'percentage';
  } & LaneMatchItem1;
export type LaneMatchItem1 =
  | {
      type?: unknown;
      name?: unknown;
      op?: '==' | '!=' | 'regex';
      value: string;
    }
  | {
      type?: unknown;
      name?: unknown;
      op?: 'in';
      /**
       * @minItems 1
       */
      values: [string, ...string[]];
    }
  | {
      type?: unknown;
      name?: unknown;
      op?: 'percentage';
      value: number;
    };

/**
 * Flow control, isolation, circuit breaking, hotspot limits, behaviours, adaptive protection and lane routing for one service. Reloaded while the service runs; see docs/policy-reference.md.
 */
export interface InsttsGovernancePolicy {
  /**
   * Path or URL of this schema, for editor completion. Ignored by instts.
   */
  $schema?: string;
  /**
   * The policy format version.
   */
  version?: 1;
  /**
   * Intervals never use the wall clock.
   */
  clock?: 'monotonic';
  /**
   * Accepted only as the fixed check order, with or without "lanes".
   */
  order?: ('lanes' | 'adaptive' | 'isolation' | 'hotspot' | 'flow' | 'circuitBreakers')[];
  /**
   * Declared resources: a kind, and the attributes calls are recognised by.
   */
  resources?: Resource[];
  /**
   * Named answers to a blocked call.
   */
  behaviors?: {
    [k: string]: Behavior | undefined;
  };
  /**
   * The behaviour of rules that name none.
   */
  defaultBehavior?: string;
  isError?: IsError;
  /**
   * Calls per window on a resource.
   */
  flow?: FlowRule[];
  /**
   * Calls in flight on a resource.
   */
  isolation?: IsolationRule[];
  /**
   * Stop calling a failing or slow resource for a while.
   */
  circuitBreakers?: BreakerRule[];
  /**
   * Limits per value of one parameter (a user, a key, a client address).
   */
  hotspot?: HotspotRule[];
  adaptive?: Adaptive;
  lanes?: Lanes;
  /**
   * Instances per logical service, for lane routing.
   */
  services?: {
    [k: string]:
      | {
          instances: {
            /**
             * `host:port` (an IPv6 host in brackets).
             */
            address: string;
            /**
             * The lane tag this instance serves; none: the baseline.
             */
            tag?: string;
          }[];
        }
      | undefined;
  };
}
export interface RespondBehavior {
  type: 'respond';
  status?: number;
  /**
   * A media type, or "json" / "text".
   */
  contentType?: string;
  /**
   * A string, or JSON sent as JSON.
   */
  body?: string | Record<string, unknown> | unknown[];
  headers?: {
    [k: string]: string | undefined;
  };
}
export interface RedirectBehavior {
  type: 'redirect';
  status?: number;
  location: string;
  headers?: {
    [k: string]: string | undefined;
  };
}
/**
 * What completes "with an error", for circuit breakers and the error counters.
 */
export interface IsError {
  thrown?: boolean;
  timeout?: boolean;
  statusAtLeast?: number | null;
  statuses?: number[];
}
export interface FlowRule {
  /**
   * Unique across every rule of the policy; labels metrics and blocked calls. Default: `<section>[<index>]`.
   */
  id?: string;
  /**
   * A resource id: a declared resource, or a name an adapter gives calls.
   */
  resource: string;
  /**
   * `false` keeps the rule in the file but switches it off.
   */
  enabled?: boolean;
  /**
   * Name of a behaviour in `behaviors`: how a blocked call is answered. Default: `defaultBehavior`, else 429.
   */
  behavior?: string;
  /**
   * Calls allowed per window.
   */
  threshold: number;
  window?: AlignedWindow;
  /**
   * Block at once, or space calls out and queue them.
   */
  shaping?: 'reject' | 'queue';
  /**
   * shaping "queue": longest wait.
   */
  maxQueueMs?: number;
  /**
   * Start at threshold / coldFactor and rise to the threshold over periodSec.
   */
  warmUp?: {
    periodSec?: number;
    coldFactor?: number;
  };
}
export interface AlignedWindow {
  ms?: number;
  buckets?: number;
  /**
   * Buckets start at the first call after an empty window (`burst`) or at multiples of their length (`clock`).
   */
  align?: 'burst' | 'clock';
}
export interface IsolationRule {
  /**
   * Unique across every rule of the policy; labels metrics and blocked calls. Default: `<section>[<index>]`.
   */
  id?: string;
  /**
   * A resource id: a declared resource, or a name an adapter gives calls.
   */
  resource: string;
  /**
   * `false` keeps the rule in the file but switches it off.
   */
  enabled?: boolean;
  /**
   * Name of a behaviour in `behaviors`: how a blocked call is answered. Default: `defaultBehavior`, else 429.
   */
  behavior?: string;
  /**
   * Calls in flight allowed.
   */
  maxConcurrency: number;
}
export interface BreakerRule {
  /**
   * Unique across every rule of the policy; labels metrics and blocked calls. Default: `<section>[<index>]`.
   */
  id?: string;
  /**
   * A resource id: a declared resource, or a name an adapter gives calls.
   */
  resource: string;
  /**
   * `false` keeps the rule in the file but switches it off.
   */
  enabled?: boolean;
  /**
   * Name of a behaviour in `behaviors`: how a blocked call is answered. Default: `defaultBehavior`, else 429.
   */
  behavior?: string;
  strategy: 'slowRatio' | 'errorRatio' | 'errorCount';
  /**
   * A ratio in [0, 1], or a count (errorCount).
   */
  threshold: number;
  /**
   * strategy "slowRatio": a call slower than this is slow.
   */
  slowRtMs?: number;
  compare?: 'gte' | 'gt';
  window?: Window;
  minRequests?: number;
  openMs?: number;
  isError?: IsError;
  recovery?: {
    mode?: 'probe' | 'progressive';
    probes?: number;
    stages?: number;
    minPassPerStage?: number;
    excessInHalfOpen?: 'reject' | 'pass' | 'wait';
    maxWaitMs?: number;
  };
}
export interface Window {
  /**
   * Window length in milliseconds.
   */
  ms?: number;
  /**
   * Number of buckets; divides `ms`.
   */
  buckets?: number;
}
export interface HotspotRule {
  /**
   * Unique across every rule of the policy; labels metrics and blocked calls. Default: `<section>[<index>]`.
   */
  id?: string;
  /**
   * A resource id: a declared resource, or a name an adapter gives calls.
   */
  resource: string;
  /**
   * `false` keeps the rule in the file but switches it off.
   */
  enabled?: boolean;
  /**
   * Name of a behaviour in `behaviors`: how a blocked call is answered. Default: `defaultBehavior`, else 429.
   */
  behavior?: string;
  param: (
    | {
        from?: 'arg';
        index: number;
      }
    | {
        from?: 'header' | 'query' | 'path';
        name: string;
      }
    | {
        from?: 'clientIp';
      }
  ) & {
    from: 'arg' | 'header' | 'query' | 'path' | 'clientIp';
  };
  metric?: 'qps' | 'concurrency';
  threshold: number;
  durationSec?: number;
  burst?: number;
  shaping?: 'reject' | 'queue';
  maxQueueMs?: number;
  /**
   * Values tracked at most (least recently used forgotten first).
   */
  capacity?: number;
  /**
   * Value → its own threshold.
   */
  overrides?: {
    [k: string]: number | undefined;
  };
  onMissing?: 'skip' | 'block';
}
/**
 * Adaptive overload protection for inbound resources.
 */
export interface Adaptive {
  /**
   * `false` keeps the rule in the file but switches it off.
   */
  enabled?: boolean;
  mode?: 'off' | 'dryRun' | 'on';
  cpuThreshold?: number;
  window?: Window;
  coolOffMs?: number;
  /**
   * Items: A resource id: a declared resource, or a name an adapter gives calls.
   */
  exclude?: string[];
  /**
   * Name of a behaviour in `behaviors`: how a blocked call is answered. Default: `defaultBehavior`, else 429.
   */
  behavior?: string;
  sampleMs?: number;
  cpuDecay?: number;
  cpuCores?: 'auto' | number;
}
/**
 * Full-chain gray lanes (docs/lanes.md).
 */
export interface Lanes {
  groups?: {
    name: string;
    entry?: string;
    /**
     * @minItems 1
     */
    services: [string, ...string[]];
  }[];
  lanes?: {
    name: string;
    group?: string;
    tag: string;
    enabled?: boolean;
    /**
     * @minItems 1
     */
    paths?: [string, ...string[]];
    match?: {
      condition?: 'and' | 'or';
      /**
       * @minItems 1
       */
      items: [LaneMatchItem, ...LaneMatchItem[]];
    };
  }[];
  propagation?: {
    baggageKey?: string;
    header?: string | null;
  };
  inbound?: 'strip' | 'trust';
}
