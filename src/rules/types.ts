// The shapes of rule files (as written) and of compiled rules (as matched).
// Rule files say *where* (a join point selector) and *what* (actions); see schema/rules.schema.json.

/** Kinds a function join point can have; `any` in a rule matches them all. */
export type FunctionKind = 'sync' | 'async' | 'callback' | 'generator';
export type KindSelector = FunctionKind | 'any';

/** A position in a rule file, for error messages and `instts inspect`. */
export interface SourceLocation {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
}

/** `do: [{ hook: {...} }]`: call functions exported by a hook module around the join point. */
export interface HookAction {
  hook: {
    /** Path to the hook module, relative to the rule file (or a package specifier). */
    module: string;
    /** Export called before the original runs; omitted = none. */
    onEnter?: string;
    /** Export called after the original finished (returned, threw, settled, called back). */
    onExit?: string;
  };
}

/** `do: [{ trace: {...} }]`: one OpenTelemetry span per call, active while the original runs. */
export interface TraceAction {
  trace: {
    /** Span name template; default `{class}.{function}` (`{function}` outside a class). */
    name?: string;
    kind?: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
    /** Attribute name → path expression (`args[0].id`, `result.length`), number or boolean. */
    attributes?: Record<string, string | number | boolean>;
  };
}

/** `do: [{ govern: {...} }]`: the join point is a governance resource. */
export interface GovernAction {
  govern: {
    /** Resource name template; default `{module}:{class}.{function}`. */
    resource?: string;
    /** How a blocked call is answered: `function` (throw or fallback value) or `http` (write the response). */
    adapter?: 'function' | 'http';
  };
}

/** Prelude rules only: add `import "<module>"` at the top of every entry point. */
export interface ImportAction {
  import: string;
}

export type RuleAction = HookAction | TraceAction | GovernAction | ImportAction;

/** `where` of a function rule. */
export interface FunctionWhere {
  module?: string;
  version?: string;
  file?: string;
  class?: string;
  function?: string;
  kind?: KindSelector;
}

/** `where` of a call-site rule: wraps calls to `call` (`fetch`, `http.request`, `node:https.get`). */
export interface CallWhere {
  module?: string;
  version?: string;
  file?: string;
  call: string;
}

/** `where` of a prelude rule: applies to the entry points. */
export interface PreludeWhere {
  prelude: true;
}

export type RuleWhere = FunctionWhere | CallWhere | PreludeWhere;

export interface RuleSpec {
  id: string;
  description?: string;
  enabled?: boolean;
  where: RuleWhere;
  do: RuleAction[];
}

export interface RuleFileSpec {
  $schema?: string;
  rules: RuleSpec[];
}

/** A name selector compiled from `class` / `function`: exact, glob or /regex/. */
export interface NameMatcher {
  /** The selector as written. */
  source: string;
  /** True when written as a plain name (no glob characters, not a regex): names accessors explicitly. */
  exact: boolean;
  /** True for `*`: also matches anonymous functions. */
  any: boolean;
  test(name: string): boolean;
  /** A literal the file text must contain for a match to be possible (pre-filter), if any. */
  literal?: string;
}

/** A resolved hook action: module path absolute, export names checked. */
export interface ResolvedHook {
  /** Absolute path of the hook module file (a package specifier is resolved from the rule file's directory). */
  module: string;
  onEnter?: string;
  onExit?: string;
  /** A built-in action: the module's export `factory(options)` makes each site's hooks. */
  factory?: string;
  options?: unknown;
  /** The hooks make a context active for the call (`trace`): function bodies move into a closure. */
  activates?: boolean;
}

export interface CompiledRuleBase {
  id: string;
  /** Where the rule is written (rule file, or the config file). */
  location: SourceLocation;
  /** Directory that relative paths in the rule are resolved from. */
  baseDir: string;
  /** `"."` for the project's own sources, `"*"` for every loaded file, else an npm package name. */
  module: string;
  /** Semver range the package version must satisfy (packages only). */
  version?: string;
  /** Glob relative to the module root; undefined = every file. */
  file?: string;
  fileMatch(relativePath: string): boolean;
  hooks: ResolvedHook[];
}

export interface CompiledFunctionRule extends CompiledRuleBase {
  type: 'function';
  className?: NameMatcher;
  functionName: NameMatcher;
  kind: KindSelector;
}

export interface CompiledCallRule extends CompiledRuleBase {
  type: 'call';
  /** The callee as written in the rule. */
  call: string;
  /** Module the callee is exported from (`http` for `http.request`, `node:` stripped); undefined = a global. */
  calleeModule?: string;
  /** Exported (or global) name called: `request`, `fetch`. */
  calleeName: string;
}

export interface CompiledPreludeRule extends CompiledRuleBase {
  type: 'prelude';
  /** Absolute paths (or package specifiers) imported at the top of each entry point. */
  imports: string[];
}

export type CompiledRule = CompiledFunctionRule | CompiledCallRule | CompiledPreludeRule;
