// Types of scripts/demo-lib.mjs, for the TypeScript that imports it (test/demo.test.ts).

export declare const ROOT: string;
export declare const DEMO_DIR: string;
export declare const POLICY_FILE: string;
export declare const REFUSAL_BODY: string;
export declare const GRAY_USER: string;

export interface ServiceInfo {
  name: string;
  entry: string;
  framework: string;
  next(
    baselines: Record<string, string[]>,
    grpc: { b: Record<string, string>; c: Record<string, string> },
    tag: string,
  ): Record<string, string>;
}
export declare const SERVICES: ServiceInfo[];

/** One hop of a chain answer. */
export interface Hop {
  service: string;
  tag: string;
  addr: string;
}

export interface Answer {
  status: number;
  contentType: string;
  body: string;
  /** The chain, for a 200 JSON answer. */
  hops: Hop[] | undefined;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: string;
  start: bigint;
  end: bigint;
  attributes: Record<string, string | number | boolean | null>;
  service: string;
  /** `service.instance.id`: the instance's address. */
  instance: string;
}

export interface TreeNode {
  span: Span;
  children: TreeNode[];
}

export interface OtlpEndpoint {
  url: string;
  spans(): Span[];
  waitFor<T>(select: (all: Span[]) => T, done: (selected: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export interface DemoProcess {
  service: string;
  tag: string;
  address: string;
  output(): string;
}

export interface LaneCondition {
  type: 'header' | 'query' | 'cookie';
  name: string;
  op: '==' | '!=' | 'in' | 'regex' | 'percentage';
  value?: string | number;
  values?: string[];
}

/** The parts of the policy file the demo changes; the rest is kept as it is. */
export interface DemoPolicy {
  lanes: {
    groups: { name: string; entry: string; services: string[] }[];
    lanes: {
      name: string;
      group: string;
      tag: string;
      enabled?: boolean;
      match?: { condition: 'and' | 'or'; items: LaneCondition[] };
      paths?: string[];
    }[];
    [key: string]: unknown;
  };
  services: Record<string, { instances: { address: string; tag?: string }[] }>;
  [key: string]: unknown;
}

export interface Demo {
  policyFile: string;
  fixedPorts: boolean;
  otlp: OtlpEndpoint;
  processes: DemoProcess[];
  /** gRPC addresses of B and C by tag, as in use. */
  grpc: { b: Record<string, string>; c: Record<string, string> };
  gateway: string;
  policy(): DemoPolicy;
  writePolicy(policy: DemoPolicy): void;
  tagAt(address: string): string | undefined;
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<Answer>;
  stop(): Promise<void>;
}

export declare function buildDemo(options?: {
  outDir?: string;
  typecheck?: boolean;
  noBundle?: boolean;
}): Promise<{ outDir: string; ms: number; summary: string; command: string; nodeArgs: string[] }>;
export declare function spansOfExport(body: unknown): Span[];
export declare function startOtlpEndpoint(): Promise<OtlpEndpoint>;
export declare function instancesOf(policy: DemoPolicy): { service: string; tag: string; address: string }[];
export declare function startDemo(options?: {
  outDir?: string;
  ports?: 'default' | 'free';
  lifetimeMs?: number;
  policy?: DemoPolicy;
  nodeArgs?: string[];
}): Promise<Demo>;
export declare function get(target: string, headers?: Record<string, string>): Promise<Answer>;

export interface Check {
  ok: boolean;
  text: string;
}
export declare function traceOneRequest(
  demo: Demo,
  pathAndQuery?: string,
): Promise<{ traceId: string; traceparent: string; answer: Answer; spans: Span[]; tree: TreeNode[]; checks: Check[] }>;

export interface FlowResult {
  total: number;
  rps: number;
  seconds: number;
  elapsedMs: number;
  statuses: number[];
  passed: number;
  refused: number;
  other: number;
  refusalBodies: string[];
  refusalContentTypes: string[];
  /** A instance address → its answers. */
  perA: Record<string, { passed: number; refused: number }>;
  /** Requests B received (its SERVER spans). */
  atB: number;
  /** atB per second of the case. */
  bRate: number;
}
export declare function flowCase(
  demo: Demo,
  options?: { rps?: number; seconds?: number; pathAndQuery?: string },
): Promise<FlowResult>;

export interface GrayCase {
  label: string;
  headers: Record<string, string>;
  expect: Record<string, string>;
}
export declare const GRAY_CASES: GrayCase[];
export declare function tagsOf(hops: Hop[] | undefined): Record<string, string>;
export declare function grayCases(
  demo: Demo,
  pathAndQuery?: string,
): Promise<(GrayCase & { answer: Answer; ok: boolean })[]>;

/** The gRPC addresses of B and C (the policy's `b-grpc` and `c-grpc` services), by tag. */
export declare function grpcAddressesOf(policy: DemoPolicy): { b: Record<string, string>; c: Record<string, string> };
/** GET /a/greet-grpc: B → C over gRPC; its trace, checks, and the gray cases through the gRPC hop. */
export declare function grpcCase(demo: Demo): Promise<{
  traceId: string;
  answer: Answer;
  spans: Span[];
  tree: TreeNode[];
  checks: Check[];
  lanes: { label: string; answer: Answer; ok: boolean; expect: Record<string, string> }[];
}>;

export declare function formatChain(hops: Hop[] | undefined): string;
export declare function formatTree(tree: TreeNode[], tagAt?: (address: string) => string | undefined): string[];
