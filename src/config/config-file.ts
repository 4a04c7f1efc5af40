// Generated from src/config/config-schema.ts by scripts/schema-types.mjs (npm run schema). Do not edit.
/**
 * Build settings for `instts build`; every field is optional and a command-line flag overrides it.
 */
export interface InsttsConfigFile {
  /**
   * Path or URL of this schema, for editor completion. Ignored by instts.
   */
  $schema?: string;
  /**
   * Entry points, relative to the config file. Default: package.json bin/main mapped to sources.
   */
  entry?: string | string[];
  /**
   * Output folder. Default: tsconfig outDir, else dist.
   */
  outDir?: string;
  /**
   * One output file (bundle mode, one entry).
   */
  outfile?: string;
  /**
   * Bundle (default) or emit one file per input like tsc.
   */
  bundle?: boolean;
  /**
   * Output module format. Default: from package.json type, else tsconfig module.
   */
  format?: 'esm' | 'cjs';
  platform?: 'node' | 'neutral' | 'browser';
  /**
   * esbuild target(s), e.g. node20 or es2022. Default: tsconfig target plus node20.
   */
  target?: string | string[];
  sourcemap?: boolean;
  typecheck?: boolean;
  /**
   * Keep fn.name and Class.name when bundling renames a declaration.
   */
  keepNames?: boolean;
  /**
   * Rule files, rule directories, built-in rule sets (instts:NAME), or rules written inline.
   */
  rules?: (string | Rule)[];
  /**
   * Modules imported first in every entry point.
   */
  prelude?: string[];
  /**
   * Packages (or globs) left out of the bundle.
   */
  external?: string[];
  /**
   * Write a JSON report (files, matches and near-misses per rule, time per phase) to this file.
   */
  report?: string;
  /**
   * Write every instrumented file, as handed to esbuild, to this folder.
   */
  dump?: string;
}
/**
 * One rule: a join point selector (`where`) and the actions applied at every join point it selects (`do`).
 */
export interface Rule {
  /**
   * Unique name of the rule, shown by `instts inspect` and in error messages. Letters, digits and `_ . : -`.
   */
  id: string;
  /**
   * Free text explaining what the rule is for.
   */
  description?: string;
  /**
   * Set to false to keep the rule in the file without applying it. It is still validated. Default: true.
   */
  enabled?: boolean;
  where: Where;
  /**
   * Actions applied at each selected join point, in order. Each action is an object with exactly one key.
   *
   * @minItems 1
   */
  do: [Action, ...Action[]];
}
/**
 * Selects the join points of the rule. With `call`: a call-site rule (calls to that function are wrapped). With `prelude: true`: a prelude rule (applies to the entry points). Otherwise: a function rule (function and method bodies are wrapped).
 */
export interface Where {
  /**
   * Whose code the rule applies to: `.` (default) for the project's own sources, `*` for every file the build loads (the project and every bundled package), otherwise the name of an npm package, whose files are instrumented when they are bundled. Function and call-site rules only.
   */
  module?: string;
  /**
   * Semver range the package version must satisfy (for example `^4.18.0 || ^5`); other versions of the package are left alone. Only with a package `module`.
   */
  version?: string;
  /**
   * Glob of the files to instrument, relative to the module root (the project directory, or the package directory), for example `src/** /*.ts`. Dot files match; a leading `./` is ignored; absolute paths and `..` are not allowed. Default: every file.
   */
  file?: string;
  /**
   * Function rules: only methods of classes with this name. A plain name, a glob (`*Service`, `{Order,Cart}Service`) or a regular expression written `/pattern/flags`. Default: methods of any class and functions outside classes alike.
   */
  class?: string;
  /**
   * Function rules: name of the functions or methods to instrument. A plain name, a glob (`get*`, `{create,update}`) or a regular expression written `/pattern/flags`. `*` matches every function, anonymous ones included, and every name (`default`, `#private`, `[Symbol.iterator]`). A name like `[Symbol.iterator]` is read as a plain name, not as a glob. Default: `*`.
   */
  function?: string;
  /**
   * Function rules: which functions to instrument. `sync`, `async`, `callback` (takes a Node-style callback as its last parameter) or `generator`; `any` (default) matches them all.
   */
  kind?: 'sync' | 'async' | 'callback' | 'generator' | 'any';
  /**
   * Call-site rules: the function whose calls are wrapped, written `module.name` (`http.request`, `node:https.get`, `undici.request`, `@scope/pkg.fn`; the module is the text before the last dot, a `node:` prefix is ignored) or a plain name for a global (`fetch`). A `new` expression is a call of its constructor (`http.Server` wraps `new http.Server(h)`).
   */
  call?: string;
  /**
   * Prelude rules: `true` makes the rule apply to the entry points of the build; its actions must be `import` actions. No other `where` property may be given.
   */
  prelude?: true;
}
/**
 * One action: an object with exactly one of the keys `hook`, `import`, `trace`, `govern`.
 */
export interface Action {
  /**
   * Function and call-site rules: call exported functions of a hook module when the join point is entered and when it exits. At least one of `onEnter` and `onExit` is required.
   */
  hook?: {
    /**
     * The hook module: a path relative to this rule file (`./hooks/audit.ts`; the extension may be left out, and `.js` finds a `.ts` file of the same name) or a package specifier (`my-hooks/audit`), resolved from this rule file's directory.
     */
    module: string;
    /**
     * Name of the export called before the original code runs.
     */
    onEnter?: string;
    /**
     * Name of the export called after the original code finished: returned, threw, settled its Promise or called its callback.
     */
    onExit?: string;
  };
  /**
   * Prelude rules: a module imported (for its side effects) at the top of every entry point, before any other import. A path relative to this rule file, or a package specifier.
   */
  import?: string;
  /**
   * Function and call-site rules: one OpenTelemetry span per call, ended when the call ends (returned, threw, settled its Promise, called its callback, finished its generator). The span is the active context while the original runs, so calls it makes become its children. A thrown error or a rejection is recorded on the span (status ERROR) and rethrown unchanged.
   */
  trace?: {
    /**
     * Span name template. Placeholders in braces: the site's `class`, `function`, `module`, `file`, `line`, `rule`, `kind`, or a path expression into the call: `self.name`, `args[0].method`, `result.status`, `error.code`. `{{` and `}}` are literal braces. Default: `{class}.{function}` (`{function}` for functions outside a class).
     */
    name?: string;
    /**
     * The span kind. Default `internal`.
     */
    kind?: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
    /**
     * Span attributes: name → a path expression (`args[0].id`, `self.name`, `result.length`; read when the call starts, or when it ends for paths from `result` and `error`), or a number or boolean constant. Values that are not strings, numbers or booleans are left out.
     */
    attributes?: {
      [k: string]: string | number | boolean | undefined;
    };
  };
  /**
   * Function and call-site rules: the join point is a governance resource. Each call asks the governance engine (flow control, isolation, circuit breaking, hotspot, adaptive protection) under the policy named by INSTTS_POLICY; a blocked call is answered as the policy's behaviour says.
   */
  govern?: {
    /**
     * Resource name template, with the same placeholders as a trace name. Default `{module}:{class}.{function}` (`{module}:{function}` outside a class); `module` is `.` for the project's own code.
     */
    resource?: string;
    /**
     * How a blocked call is answered. `function` (default): the fallback of the rule's behaviour (a value, or a thrown error), else a thrown `BlockedError`. `http`: the function is an HTTP handler `(req, res, ...)` and the behaviour's response is written to `res` without running it.
     */
    adapter?: 'function' | 'http';
  };
}
