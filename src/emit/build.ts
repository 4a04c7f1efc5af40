// Drives one build: esbuild with the instts plugin (bundle or per-file), the type-check on a
// worker alongside it, then an all-or-nothing write of the outputs and the report.

import semver from 'semver';
import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { BuildConfig } from '../config/types.js';
import {
  Code,
  diag,
  ExitStatus,
  formatDiagnostic,
  InsttsError,
  plural,
  type InsttsDiagnostic,
} from '../diagnostics.js';
import { readPackageJson } from '../package-json.js';
import type { CompiledRule } from '../rules/types.js';
import { entryImports, selectsFiles } from '../rules/kinds/index.js';
import { isBuiltinRule } from '../rules/load.js';
import { originalLocation } from './rewritten-locations.js';
import {
  BuildStats,
  insttsPlugin,
  onDemandModules,
  ownDist,
  runtimeEntry,
  tracingStartModule,
  versionOk,
  type InsttsPluginOptions,
} from './plugin.js';
import { otelModuleBuildsPlugin } from './otel-module-builds.js';
import { unresolvedPathAliases } from './path-aliases.js';
import { dirnameWarning } from './esm-dirname.js';
import {
  isDroppedCommonImport,
  onDemandPlugin,
  supportEntriesPlugin,
  supportEntry,
  surveySupport,
} from './support-entries.js';
import {
  buildReport,
  summaryLine,
  timingTable,
  verboseResultLines,
  verboseSettingsLines,
  type BuildReport,
} from './report.js';
import ts from '../typescript.cjs';
import { startTypecheck, TypecheckService, type TypecheckResult } from './typecheck.js';
import { writeOutputsAtomically, type OutputFile } from './write.js';
import {
  externalGlobsPlugin,
  guardedUnresolved,
  optionalNote,
  optionalUnresolved,
  packageName,
  splitExternalPatterns,
  unresolvedSpecifier,
  type OptionalImport,
} from './externals.js';
import { minimatch } from 'minimatch';
import {
  declaredDependencies,
  instrumentPackagesOutsideBundle,
  isPackageRule,
  loadTimeOutputs,
  loadTimeSupport,
  matchesExternal,
  summarizePackages,
  whyNotApplied,
  type LoadTimePackage,
  type LoadTimeResult,
} from './load-time.js';
import { builtinModules } from 'node:module';

export interface BuildIO {
  out(text: string): void;
  err(text: string): void;
}

export interface BuildOutcome {
  exitStatus: ExitStatus;
  stats: BuildStats;
  report: BuildReport;
  warnings: InsttsDiagnostic[];
  /** Packages outside the bundle instrumented for load time (undefined: the build has none). */
  loadTime: LoadTimeSummary | undefined;
}

/** What the build instrumented outside its output, for the summary, the report and `inspect`. */
export interface LoadTimeSummary {
  packages: LoadTimePackage[];
  /** The module the entry points import first, to start with `node --import` when ES module package files are replaced. */
  startModule: string;
}

/** Folder (inside outDir) holding the runtime and hook modules in per-file mode. */
export const PER_FILE_SUPPORT_DIR = '__instts__';

export interface RunBuildOptions {
  /** `instts inspect`: run the front phase over everything the build would load; write nothing. */
  inspect?: boolean;
  phases?: Record<string, number>;
  /** Watch mode: state kept from one build to the next. */
  session?: BuildSession;
  /** Watch mode: the error count goes into the "Found N errors. Watching…" line instead of tsc's pretty summary. */
  watch?: boolean;
  /** `--strict`: instts's warnings (a rule that matched nothing or cannot apply…) are errors; nothing is written. */
  strict?: boolean;
}

/**
 * What consecutive builds of one project share (watch mode): the esbuild context with its
 * instts plugin (which reuses the results of unchanged files), and a type-check worker that
 * reuses its previous program. A change to the configuration or the rules starts a new context.
 */
export class BuildSession {
  readonly typecheck = new TypecheckService();
  private context: { key: string; ctx: esbuild.BuildContext; pluginOptions: InsttsPluginOptions } | undefined;
  /** Optional packages found missing by an earlier build, tried as external first. */
  optionalExternals: string[] = [];
  /** Bumped when the configuration, rules or hooks changed: the next build starts a new context. */
  generation = 0;
  /** The note about imports left to run time was printed (once per watch session). */
  noted = false;
  /** The note that `--strict` is not tsc's was printed (once per watch session). */
  strictNoted = false;

  /** Builds with the context for `key`, made by `create` when the key changed. */
  async rebuild(
    key: string,
    pluginOptions: InsttsPluginOptions,
    create: (pluginOptions: InsttsPluginOptions) => esbuild.BuildOptions,
  ): Promise<esbuild.BuildResult> {
    if (this.context?.key !== key) {
      await this.context?.ctx.dispose();
      const options = { ...pluginOptions, loadCache: new Map() };
      this.context = { key, ctx: await esbuild.context(create(options)), pluginOptions: options };
    }
    this.context.pluginOptions.stats = pluginOptions.stats;
    return this.context.ctx.rebuild();
  }

  async dispose(): Promise<void> {
    await this.context?.ctx.dispose();
    this.context = undefined;
    await this.typecheck.close();
  }
}

export async function runBuild(
  config: BuildConfig,
  rules: CompiledRule[],
  io: BuildIO,
  options: RunBuildOptions = {},
): Promise<BuildOutcome> {
  const started = performance.now();
  const phases: Record<string, number> = { ...options.phases };
  const stats = new BuildStats();
  const inspect = options.inspect ?? false;

  const typecheck = config.typecheck && !inspect ? startProjectTypecheck(config, rules, options) : undefined;
  if (config.logLevel === 'verbose' && !inspect)
    for (const line of verboseSettingsLines(config, rules, ts.version)) io.err(line + '\n');
  if (options.strict && !inspect && !options.session?.strictNoted) {
    const note = strictFlagNote(config);
    if (note && (config.logLevel === 'info' || config.logLevel === 'verbose')) io.err(note + '\n');
    if (options.session) options.session.strictNoted = true;
  }

  const esbuildStarted = performance.now();
  const {
    outputs,
    errors: bundleErrors,
    warnings: bundleWarnings,
    outputWarnings = [],
    notes = [],
    optionalExternals = [],
    loadTime,
  } = config.bundle
    ? await bundleBuild(config, rules, stats, inspect, options.session)
    : await perFileBuild(config, rules, stats, inspect);
  phases.esbuild = performance.now() - esbuildStarted - stats.frontMs - stats.injectMs;
  phases.front = stats.frontMs;
  phases.inject = stats.injectMs;

  let typeResult: TypecheckResult | undefined;
  if (typecheck) {
    const waitStarted = performance.now();
    typeResult = await typecheck;
    phases.typecheck = typeResult.ms;
    phases.typecheckWait = performance.now() - waitStarted;
  }

  const { warnings, strictFailure } = printDiagnostics(config, rules, stats, io, options, {
    bundleErrors,
    bundleWarnings,
    outputWarnings,
    notes,
    typeResult,
  });
  const typeErrors = typeResult?.errorCount ?? 0;
  const { exitStatus, wrote } =
    bundleErrors.length > 0 || strictFailure
      ? { exitStatus: ExitStatus.DiagnosticsPresentOutputsSkipped, wrote: false }
      : await writeAndConclude(config, io, phases, inspect, outputs, typeResult);

  phases.total = performance.now() - started;
  const report = buildReport(
    config,
    rules,
    stats,
    phases,
    {
      outputs: wrote ? outputs.map((o) => o.path) : [],
      typeErrors,
      bundleErrors: bundleErrors.length,
      exitStatus,
      optionalExternals,
    },
    loadTime,
  );
  if (config.report && !inspect) {
    await fs.promises.mkdir(path.dirname(config.report), { recursive: true });
    await fs.promises.writeFile(config.report, JSON.stringify(report, null, 2) + '\n');
  }
  if (!inspect && config.logLevel !== 'silent' && config.logLevel !== 'error' && config.logLevel !== 'warning') {
    if (config.logLevel === 'verbose') for (const line of verboseResultLines(report, stats)) io.err(line + '\n');
    io.err(summaryLine(config, report, wrote) + '\n');
    for (const line of loadTimeLines(config, loadTime)) io.err(line + '\n');
  }
  if (!inspect && config.extendedDiagnostics) io.out(timingTable(report));
  return { exitStatus, stats, report, warnings, loadTime };
}

/** The type-check runs beside esbuild (in watch mode in the session's worker, which keeps its program). */
function startProjectTypecheck(
  config: BuildConfig,
  rules: CompiledRule[],
  options: RunBuildOptions,
): Promise<TypecheckResult> {
  return startTypecheck(
    {
      cwd: config.cwd,
      tsconfigPath: config.tsconfigPath,
      commandLineArgs: config.commandLineArgs,
      rootNames: config.entries.filter((e) => /\.[cm]?tsx?$/.test(e)),
      pretty: config.pretty,
      // tsc's .d.ts per source file, in both modes (a bundle's package still points at them)
      declarations: config.declaration && !config.noEmit,
      ...(config.compilerOptions.declarationDir
        ? { declarationDir: path.resolve(config.compilerOptions.declarationDir) }
        : {}),
      outDir: config.outDir,
      typescript: config.typescript,
      listFiles: config.listFiles,
      ...(config.noEmit ? { noEmit: true } : {}),
      hookModules: hookModulesToCheck(rules),
      ...(options.watch ? { summary: false } : {}),
    },
    options.session?.typecheck,
  );
}

/** Prints instts's warnings (errors under `--strict`), esbuild's warnings and notes, then the type-check's and esbuild's errors. */
function printDiagnostics(
  config: BuildConfig,
  rules: CompiledRule[],
  stats: BuildStats,
  io: BuildIO,
  options: RunBuildOptions,
  found: {
    bundleErrors: InsttsDiagnostic[];
    bundleWarnings: InsttsDiagnostic[];
    outputWarnings: InsttsDiagnostic[];
    notes: string[];
    typeResult: TypecheckResult | undefined;
  },
): { warnings: InsttsDiagnostic[]; strictFailure: boolean } {
  const { bundleErrors, bundleWarnings, outputWarnings, notes, typeResult } = found;
  // A file that failed to parse was not matched: "matched nothing" would mislead.
  const warnings =
    bundleErrors.length > 0
      ? []
      : [
          ...config.commandLineWarnings,
          ...unmatchedRuleWarnings(rules, stats, config),
          ...formatWarnings(config),
          ...declarationWarnings(config),
          ...outputWarnings,
        ];
  const strictFailure = options.strict === true && warnings.length > 0;
  if (strictFailure) for (const w of warnings) io.err(formatDiagnostic({ ...w, category: 'error' }) + '\n');
  if (config.logLevel !== 'silent' && config.logLevel !== 'error') {
    for (const w of [...(strictFailure ? [] : warnings), ...bundleWarnings]) io.err(formatDiagnostic(w) + '\n');
  }
  if (config.logLevel === 'info' || config.logLevel === 'verbose') for (const n of notes) io.err(n + '\n');
  if (typeResult && typeResult.output) io.out(typeResult.output);
  // A syntax error is reported by the type-check already (in tsc's words); say it once.
  const reported = new Set(typeResult?.errorLocations ?? []);
  for (const e of bundleErrors)
    if (!reported.has(`${e.file}:${e.line}:${e.column}`)) io.err(formatDiagnostic(e) + '\n');
  return { warnings, strictFailure };
}

/** A build without instts or esbuild errors: writes its outputs (unless told not to) and says what tsc would exit with. */
async function writeAndConclude(
  config: BuildConfig,
  io: BuildIO,
  phases: Record<string, number>,
  inspect: boolean,
  outputs: OutputFile[],
  typeResult: TypecheckResult | undefined,
): Promise<{ exitStatus: ExitStatus; wrote: boolean }> {
  const typeErrors = typeResult?.errorCount ?? 0;
  let exitStatus: ExitStatus = ExitStatus.Success;
  let wrote = false;
  if (!inspect && !config.noEmit && !(typeErrors > 0 && config.noEmitOnError)) {
    const files: OutputFile[] = withTsconfigNewLine(config, outputs);
    for (const d of typeResult?.declarations ?? []) files.push({ path: d.path, contents: d.text });
    const writeStarted = performance.now();
    try {
      await writeOutputsAtomically(files);
      wrote = true;
      // tsc's --listEmittedFiles line format
      if (config.listEmittedFiles)
        for (const f of [...(typeResult?.written ?? []), ...files.map((o) => o.path).sort()]) io.out(`TSFILE: ${f}\n`);
    } catch (error) {
      io.err(formatDiagnostic(diag(Code.Write, `cannot write the output: ${(error as Error).message}`)) + '\n');
      exitStatus = ExitStatus.DiagnosticsPresentOutputsSkipped;
    }
    phases.write = performance.now() - writeStarted;
    if (typeErrors > 0 && wrote) exitStatus = ExitStatus.DiagnosticsPresentOutputsGenerated;
  } else if (typeErrors > 0) {
    // tsc: --noEmit with errors is 2 (1 when an incremental project had nothing to write, not
    // even its .tsbuildinfo); noEmitOnError with errors is 1 (outputs skipped)
    exitStatus =
      config.noEmit && typeResult?.buildInfoEmitSkipped !== true
        ? ExitStatus.DiagnosticsPresentOutputsGenerated
        : ExitStatus.DiagnosticsPresentOutputsSkipped;
    // TypeScript 7 runs as `tsc --noEmit`: with nothing written, its own exit status is the answer.
    if (config.noEmit && typeResult?.exitCode !== undefined) exitStatus = typeResult.exitCode as ExitStatus;
  }
  return { exitStatus, wrote };
}

interface EsbuildRun {
  outputs: OutputFile[];
  errors: InsttsDiagnostic[];
  /** esbuild's own messages for the errors. */
  rawErrors: esbuild.Message[];
  warnings: InsttsDiagnostic[];
  /** instts's own findings about the output (code that will throw when it loads): errors under `--strict`. */
  outputWarnings?: InsttsDiagnostic[];
  /** Printed once at info level. */
  notes?: string[];
  metafile?: esbuild.Metafile;
  /** Optional packages that are not installed, left to run time. */
  optionalExternals?: string[];
  loadTime?: LoadTimeSummary;
}

function commonEsbuildOptions(config: BuildConfig): esbuild.BuildOptions {
  return {
    absWorkingDir: config.projectRoot,
    format: config.format,
    platform: config.platform,
    target: config.target,
    sourcemap: config.inlineSourceMap ? 'inline' : config.sourcemap ? 'linked' : false,
    // tsc's inlineSources: the sources inside the maps (esbuild's default, kept unless turned off)
    ...(config.compilerOptions.inlineSources === false ? { sourcesContent: false } : {}),
    keepNames: config.keepNames,
    write: false,
    logLevel: 'silent',
    ...(config.tsconfigPath ? { tsconfig: config.tsconfigPath } : {}),
    // tsc writes tsconfig `sourceRoot` into each source map
    ...(config.compilerOptions.sourceRoot !== undefined ? { sourceRoot: config.compilerOptions.sourceRoot } : {}),
  };
}

/**
 * tsconfig `newLine: "crlf"`: esbuild writes LF, tsc CRLF. The JavaScript files get CRLF (their
 * source maps still count the same lines; a template literal reads CRLF as LF).
 */
function withTsconfigNewLine(config: BuildConfig, outputs: OutputFile[]): OutputFile[] {
  if (config.compilerOptions.newLine !== ts.NewLineKind.CarriageReturnLineFeed) return outputs;
  return outputs.map((o) =>
    /\.[cm]?js$/.test(o.path)
      ? {
          path: o.path,
          contents: (typeof o.contents === 'string' ? o.contents : Buffer.from(o.contents).toString('utf8')).replace(
            /\r?\n/g,
            '\r\n',
          ),
        }
      : o,
  );
}

/** Plugin options both modes share. */
function basePluginOptions(
  config: BuildConfig,
  rules: CompiledRule[],
  stats: BuildStats,
  inspect: boolean,
): InsttsPluginOptions {
  return {
    rules: withConfigPrelude(rules, config),
    projectRoot: config.projectRoot,
    entries: config.entries,
    dumpDir: inspect ? undefined : config.dump,
    keepFrontResults: inspect,
    compilerOptions: config.compilerOptions,
    projectFiles: config.fileNames,
    stats,
  };
}

async function bundleBuild(
  config: BuildConfig,
  rules: CompiledRule[],
  stats: BuildStats,
  inspect: boolean,
  session?: BuildSession,
): Promise<EsbuildRun> {
  const external = splitExternalPatterns(config.external);
  // Externals load from node_modules at run time: the rules reach them at load time.
  const loadTime = config.external.length > 0 && rules.some((r) => selectsFiles(r) && r.module !== '.');
  const supportDir = path.join(config.outfile ? path.dirname(config.outfile) : config.outDir, PER_FILE_SUPPORT_DIR);
  const externalImports = new Set<string>();
  const esbuildOptions = (optional: readonly string[], pluginOptions: InsttsPluginOptions): esbuild.BuildOptions => ({
    ...commonEsbuildOptions(config),
    entryPoints: config.entries,
    bundle: true,
    ...(config.outfile ? { outfile: config.outfile } : { outdir: config.outDir }),
    external: [...external.esbuild, ...optional],
    metafile: true,
    ...banner(config, loadTime ? `./${PER_FILE_SUPPORT_DIR}/load-time.js` : undefined, false),
    plugins: [
      ...(loadTime ? [externalRecorder(config.external, externalImports)] : []),
      ...(external.globs.length > 0 ? [externalGlobsPlugin(external.globs)] : []),
      ...(config.platform === 'node'
        ? [otelModuleBuildsPlugin(ownDist, (specifier) => matchesExternal(specifier, config.external))]
        : []),
      insttsPlugin(pluginOptions),
    ],
  });
  const run = (optional: readonly string[], runStats: BuildStats): Promise<EsbuildRun> => {
    const pluginOptions = basePluginOptions(config, rules, runStats, inspect);
    if (!session) return runEsbuild(() => esbuild.build(esbuildOptions(optional, pluginOptions)), config.projectRoot);
    const key = JSON.stringify([
      session.generation,
      optional,
      config.entries,
      config.outfile,
      config.outDir,
      config.external,
    ]);
    return runEsbuild(
      () => session.rebuild(key, pluginOptions, (po) => esbuildOptions(optional, po)),
      config.projectRoot,
    );
  };
  const known = session?.optionalExternals ?? [];
  const firstStats = new BuildStats();
  const first = await run(known, firstStats);
  const found = optionalUnresolved(first.rawErrors, config.projectRoot);
  let result: EsbuildRun;
  let optional = known;
  if (found.length === 0) {
    stats.absorb(firstStats);
    result = first;
  } else {
    // Optional packages that are not installed: build again with them left to run time.
    optional = [...new Set([...known, ...found.map((o) => o.name)])];
    if (session) session.optionalExternals = optional;
    result = await run(optional, stats);
  }
  // One note for everything left to run time that the user did not ask for.
  const isKnown = (specifier: string): boolean =>
    optional.includes(specifier) ||
    config.external.some(
      (p) =>
        p === specifier ||
        minimatch(specifier, p) ||
        (p.includes('*') && new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`).test(specifier)),
    );
  const guarded = session?.noted ? [] : guardedUnresolved(result.metafile, isKnown);
  const left: OptionalImport[] = [...found, ...guarded];
  if (session) session.noted = true;
  const dirname =
    config.format === 'esm' && config.platform === 'node' && result.errors.length === 0
      ? dirnameWarning(result.metafile, config.projectRoot)
      : undefined;
  const done: EsbuildRun = {
    ...result,
    ...(dirname ? { outputWarnings: [dirname] } : {}),
    outputs: addRequireWhereNeeded(config, result.outputs),
    ...(left.length > 0 ? { notes: [optionalNote(left)] } : {}),
    ...(optional.length > 0 ? { optionalExternals: optional } : {}),
  };
  if (!loadTime || done.errors.length > 0) return done;
  return { ...done, ...(await instrumentExternals(config, rules, stats, inspect, done, supportDir, externalImports)) };
}

/** Bundle mode with externals: the rules reach the external packages at load time. */
async function instrumentExternals(
  config: BuildConfig,
  rules: CompiledRule[],
  stats: BuildStats,
  inspect: boolean,
  main: EsbuildRun,
  supportDir: string,
  externalImports: Set<string>,
): Promise<Pick<EsbuildRun, 'outputs' | 'errors' | 'rawErrors' | 'warnings' | 'loadTime'>> {
  const warnings = [...main.warnings];
  // The banner names the start module relative to the top of outDir.
  const nested = main.outputs
    .filter((o) => o.path.endsWith('.js') && path.dirname(o.path) !== path.dirname(supportDir))
    .map((o) => path.relative(config.cwd, o.path));
  if (nested.length > 0) {
    warnings.push(
      diag(
        Code.BadOption,
        `load-time instrumentation of externals needs the entry outputs at the top of the output folder; ${nested.join(', ')} cannot import ./${PER_FILE_SUPPORT_DIR}/load-time.js`,
        undefined,
        'warning',
      ),
    );
  }
  const support = supportLayout(rules, supportDir);
  const specifiers = [
    ...new Set([
      ...externalImports,
      ...declaredDependencies(config.projectRoot).filter((d) => matchesExternal(d, config.external)),
    ]),
  ];
  const packages = await instrumentPackagesOutsideBundle(
    config,
    withConfigPrelude(rules, config),
    { files: [], specifiers },
    supportPathOf(support, supportDir),
    inspect,
  );
  stats.absorb(packages.stats);
  const summary: LoadTimeSummary = {
    packages: summarizePackages(packages.files),
    startModule: path.join(supportDir, 'load-time.js'),
  };
  if (inspect)
    return {
      outputs: main.outputs,
      errors: main.errors,
      rawErrors: main.rawErrors,
      warnings: [...warnings, ...packages.warnings],
      loadTime: summary,
    };
  const extra = await writeSupport(config, support, supportDir, packages);
  return {
    outputs: [...main.outputs, ...extra.outputs],
    errors: extra.errors,
    rawErrors: extra.rawErrors,
    warnings: [...warnings, ...packages.warnings, ...extra.warnings],
    loadTime: summary,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Records the bare specifiers the bundle leaves external: where the load-time pass starts. */
function externalRecorder(patterns: readonly string[], seen: Set<string>): esbuild.Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: 'instts-externals',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (
          args.kind !== 'entry-point' &&
          !args.path.startsWith('node:') &&
          !builtins.has(args.path) &&
          matchesExternal(args.path, patterns)
        )
          seen.add(args.path);
        return undefined;
      });
    },
  };
}

const REQUIRE_LINE =
  "import { createRequire as __insttsCreateRequire } from 'node:module'; const require = __insttsCreateRequire(import.meta.url);";

/**
 * Bundle banner: the load-time module first (its hooks must be in place before any external is
 * loaded); with `withRequire`, for ESM, a `require` for the CommonJS packages bundled into it.
 */
function banner(
  config: BuildConfig,
  loadTimeSpecifier: string | undefined,
  withRequire: boolean,
): Pick<esbuild.BuildOptions, 'banner'> {
  const lines: string[] = [];
  const esm = config.format === 'esm' && config.platform === 'node';
  if (loadTimeSpecifier)
    lines.push(
      config.format === 'esm'
        ? `import ${JSON.stringify(loadTimeSpecifier)};`
        : `require(${JSON.stringify(loadTimeSpecifier)});`,
    );
  if (esm && withRequire) lines.push(REQUIRE_LINE);
  return lines.length > 0 ? { banner: { js: lines.join(' ') } } : {};
}

/** CommonJS packages bundled into ESM still call require() for Node built-ins: give them one. */
function requireShim(config: BuildConfig): Pick<esbuild.BuildOptions, 'banner'> {
  return banner(config, undefined, true);
}

/** esbuild's `__require` helper, present when bundled CommonJS calls `require()` in ESM output. */
const DYNAMIC_REQUIRE = 'typeof require !== "undefined" ? require :';

/**
 * ESM bundles get a module-level `require` only when esbuild's `__require` helper needs one
 * (bundled CommonJS calling `require()`): otherwise the program's own `typeof require` would
 * change from "undefined" to "function". (Where the helper exists, esbuild turns the program's
 * `typeof require` into `typeof __require`, "function" in the plain build too.) The line goes in
 * front of the file, and the source map gains an empty first line (a leading `;`) to match.
 */
function addRequireWhereNeeded(config: BuildConfig, outputs: OutputFile[]): OutputFile[] {
  if (config.format !== 'esm' || config.platform !== 'node') return outputs;
  const text = (o: OutputFile) =>
    typeof o.contents === 'string' ? o.contents : Buffer.from(o.contents).toString('utf8');
  const needing = new Set(
    outputs.filter((o) => /\.m?js$/.test(o.path) && text(o).includes(DYNAMIC_REQUIRE)).map((o) => o.path),
  );
  if (needing.size === 0) return outputs;
  return outputs.map((o) => {
    if (needing.has(o.path)) {
      const code = text(o).replace(
        INLINE_MAP,
        (_, encoded: string) =>
          `${INLINE_MAP_PREFIX}${Buffer.from(shiftMapOneLine(Buffer.from(encoded, 'base64').toString('utf8')), 'utf8').toString('base64')}`,
      );
      return { path: o.path, contents: `${REQUIRE_LINE}\n${code}` };
    }
    if (o.path.endsWith('.map') && needing.has(o.path.slice(0, -'.map'.length)))
      return { path: o.path, contents: shiftMapOneLine(text(o)) };
    return o;
  });
}

const INLINE_MAP_PREFIX = '//# sourceMappingURL=data:application/json;base64,';
const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)/;

function shiftMapOneLine(json: string): string {
  const map = JSON.parse(json) as { mappings: string };
  map.mappings = `;${map.mappings}`;
  return JSON.stringify(map);
}

/**
 * Where the runtime and each hook module are written inside the support folder: each is bundled
 * once so the output runs without instts installed (the runtime's registry is process-wide, so
 * copies share state).
 */
function supportLayout(rules: readonly CompiledRule[], supportDir: string): Map<string, string> {
  const support = new Map<string, string>([[runtimeEntry, path.join(supportDir, 'runtime.js')]]);
  if (rules.some((r) => r.hooks.some((h) => h.factory === 'trace')))
    support.set(tracingStartModule, path.join(supportDir, 'tracing-start.js'));
  for (const rule of rules) {
    const modules = [...rule.hooks.map((h) => h.module), ...entryImports(rule)];
    for (const m of modules) {
      if (!path.isAbsolute(m) || support.has(m)) continue;
      const hash = createHash('sha1').update(m).digest('hex').slice(0, 8);
      support.set(m, path.join(supportDir, 'hooks', `${path.basename(m).replace(/\.[^.]+$/, '')}-${hash}.js`));
    }
  }
  return support;
}

function supportPathOf(support: Map<string, string>, supportDir: string): (hook: string) => string | undefined {
  return (hook) => {
    const at = support.get(hook);
    return at === undefined ? undefined : path.relative(supportDir, at).split(path.sep).join('/');
  };
}

/** The support bundles, plus the load-time manifest, copies and start module when there are any. */
async function writeSupport(
  config: BuildConfig,
  support: Map<string, string>,
  supportDir: string,
  packages: LoadTimeResult | undefined,
): Promise<EsbuildRun> {
  const base = path.dirname(supportDir);
  const options: esbuild.BuildOptions = {
    ...commonEsbuildOptions(config),
    entryPoints: [...support].map(([input, output]) => ({
      in: input,
      out: path.relative(base, output).replace(/\.js$/, ''),
    })),
    bundle: true,
    outdir: base,
    // Each hook bundle would carry its own copy of the OpenTelemetry SDK: start-up reads them all.
    // ES module output shares one copy through chunks (CommonJS output cannot split).
    ...(packages && config.format === 'esm'
      ? { splitting: true, chunkNames: `${PER_FILE_SUPPORT_DIR}/chunks/[name]-[hash]` }
      : {}),
    // The packages' ES module builds where they publish one (the OpenTelemetry packages do): those
    // can be tree-shaken, their CommonJS builds cannot, and every unused module read costs start-up.
    mainFields: ['module', 'main'],
    ...requireShim(config),
  };
  const run = options.splitting
    ? await runWithOneSharedChunk(config, options, withOnDemandModules(support, supportDir))
    : await runEsbuildOnce(options);
  if (!packages || run.errors.length > 0) return run;
  // The support files are `.js` in the output's format, whatever the package around the output says.
  const packageJson = {
    path: path.join(supportDir, 'package.json'),
    contents: JSON.stringify({ type: config.format === 'cjs' ? 'commonjs' : 'module' }) + '\n',
  };
  const outputs = [...run.outputs, packageJson, ...loadTimeOutputs(supportDir, packages.files)];
  outputs.push(
    ...(await loadTimeSupport(
      config,
      supportDir,
      packages.files.some((f) => f.format === 'module'),
    )),
  );
  return { ...run, outputs };
}

/** The split support files plus one for each module loaded on demand (onDemandPlugin). */
function withOnDemandModules(support: Map<string, string>, supportDir: string): Map<string, string> {
  return new Map([
    ...support,
    ...onDemandModules.map((m): [string, string] => [m.module, path.join(supportDir, m.file)]),
  ]);
}

/**
 * The split support build with the shared code in as few chunks as possible (see
 * support-entries.ts). A first build, without output, says what each support file imports and
 * exports; the second is the real one.
 */
async function runWithOneSharedChunk(
  config: BuildConfig,
  options: esbuild.BuildOptions,
  support: Map<string, string>,
): Promise<EsbuildRun> {
  options = { ...options, plugins: [onDemandPlugin(onDemandModules, PER_FILE_SUPPORT_DIR)] };
  const survey = await runEsbuildOnce({ ...options, sourcemap: false, metafile: true });
  if (survey.errors.length > 0 || survey.metafile === undefined) return survey;
  const found = surveySupport(survey.metafile, config.projectRoot, [...support.keys()]);
  const base = options.outdir!;
  return runEsbuildOnce(
    {
      ...options,
      entryPoints: [...support].map(([input, output]) => ({
        in: supportEntry(input),
        out: path.relative(base, output).replace(/\.js$/, ''),
      })),
      plugins: [...(options.plugins ?? []), supportEntriesPlugin(found, config.projectRoot)],
    },
    (message) => !isDroppedCommonImport(message),
  );
}

async function perFileBuild(
  config: BuildConfig,
  rules: CompiledRule[],
  stats: BuildStats,
  inspect: boolean,
): Promise<EsbuildRun> {
  const supportDir = path.join(config.outDir, PER_FILE_SUPPORT_DIR);
  const outputPathOf = (file: string): string =>
    path.join(config.outDir, path.relative(config.rootDir, file)).replace(/\.[cm]?[jt]sx?$/, '.js');
  const relativeSpecifier = (from: string, to: string): string => {
    const rel = path
      .relative(path.dirname(outputPathOf(from)), to)
      .split(path.sep)
      .join('/');
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  const support = supportLayout(rules, supportDir);
  // Every package loads from node_modules at run time: the rules reach them at load time.
  const packages = rules.some((r) => selectsFiles(r) && r.module !== '.')
    ? await instrumentPackagesOutsideBundle(
        config,
        withConfigPrelude(rules, config),
        {
          files: config.fileNames.length > 0 ? config.fileNames : config.entries,
          specifiers: declaredDependencies(config.projectRoot),
        },
        supportPathOf(support, supportDir),
        inspect,
      )
    : undefined;
  const loadTimeModule = path.join(supportDir, 'load-time.js');
  const withLoadTime = packages !== undefined && packages.files.length > 0;
  const plugin = insttsPlugin({
    ...basePluginOptions(config, rules, stats, inspect),
    forceImport: config.format === 'esm',
    firstImports: withLoadTime ? [loadTimeModule] : [],
    runtimeSpecifier: (file) => relativeSpecifier(file, support.get(runtimeEntry)!),
    hookSpecifier: (hook, file) =>
      support.has(hook)
        ? relativeSpecifier(file, support.get(hook)!)
        : hook === loadTimeModule
          ? relativeSpecifier(file, hook)
          : hook,
  });
  const main = await runEsbuildOnce({
    ...commonEsbuildOptions(config),
    entryPoints: config.fileNames.length > 0 ? config.fileNames : config.entries,
    bundle: false,
    outdir: config.outDir,
    outbase: config.rootDir,
    plugins: [plugin],
  });
  const loadTime: LoadTimeSummary | undefined = packages
    ? { packages: summarizePackages(packages.files), startModule: loadTimeModule }
    : undefined;
  if (packages) stats.absorb(packages.stats);
  const warnings = [...main.warnings, ...(packages?.warnings ?? [])];
  // only output that is written can fail to load
  const aliases =
    main.errors.length > 0 || inspect
      ? []
      : unresolvedPathAliases(
          config.fileNames.length > 0 ? config.fileNames : config.entries,
          outputPathOf,
          main.outputs,
          config.compilerOptions,
          config.cwd,
        );
  const outputWarnings = aliases.length > 0 ? { outputWarnings: aliases } : {};
  if (main.errors.length > 0 || inspect || stats.joinPoints === 0)
    return { ...main, warnings, loadTime, ...outputWarnings };
  const supportRun = await writeSupport(config, support, supportDir, withLoadTime ? packages : undefined);
  return {
    outputs: [...main.outputs, ...supportRun.outputs],
    errors: supportRun.errors,
    rawErrors: supportRun.rawErrors,
    warnings: [...warnings, ...supportRun.warnings],
    loadTime,
    ...outputWarnings,
  };
}

/** The summary's lines about packages outside the output. */
function loadTimeLines(config: BuildConfig, loadTime: LoadTimeSummary | undefined): string[] {
  if (!loadTime || loadTime.packages.length === 0) return [];
  const list = loadTime.packages
    .map((p) => `${p.name}@${p.version ?? '?'} (${plural(p.files, 'file')}, ${plural(p.joinPoints, 'join point')})`)
    .join(', ');
  const lines = [`instts: at load time (packages outside the ${config.bundle ? 'bundle' : 'output'}): ${list}`];
  const esModules = loadTime.packages.reduce((n, p) => n + p.esModules, 0);
  if (esModules > 0) {
    const relative = path.relative(config.cwd, loadTime.startModule).split(path.sep).join('/');
    const start = relative.startsWith('../') ? loadTime.startModule : `./${relative}`;
    lines.push(
      `instts: ${plural(esModules, 'ES module package file')} (${loadTime.packages
        .filter((p) => p.esModules > 0)
        .map((p) => p.name)
        .join(', ')}) ` +
        `can only be replaced when the load hook is registered before the program's imports are linked: start with node --import ${start} <entry>`,
    );
  }
  return lines;
}

/** Config-file `prelude` entries behave like a prelude rule. */
function withConfigPrelude(rules: CompiledRule[], config: BuildConfig): CompiledRule[] {
  if (config.preludeImports.length === 0) return rules;
  return [
    ...rules,
    {
      type: 'prelude',
      id: 'config:prelude',
      location: { file: config.configFile ?? config.projectRoot, line: 1, column: 1 },
      baseDir: config.projectRoot,
      module: '.',
      fileMatch: () => true,
      hooks: [],
      imports: config.preludeImports,
    },
  ];
}

/** `reported`: which of esbuild's warnings the user sees (all by default). */
function runEsbuildOnce(
  options: esbuild.BuildOptions,
  reported?: (warning: esbuild.Message) => boolean,
): Promise<EsbuildRun> {
  return runEsbuild(() => esbuild.build(options), options.absWorkingDir ?? process.cwd(), reported);
}

async function runEsbuild(
  build: () => Promise<esbuild.BuildResult>,
  root: string,
  reported: (warning: esbuild.Message) => boolean = () => true,
): Promise<EsbuildRun> {
  try {
    const result = await build();
    return {
      outputs: (result.outputFiles ?? []).map((f) => ({ path: f.path, contents: f.contents })),
      errors: [],
      rawErrors: [],
      warnings: result.warnings.filter(reported).map((m) => messageToDiagnostic(m, 'warning', root)),
      metafile: result.metafile,
    };
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw error;
    return {
      outputs: [],
      errors: failure.errors.map((m) => messageToDiagnostic(m, 'error', root)),
      rawErrors: failure.errors,
      warnings: [],
    };
  }
}

function messageToDiagnostic(m: esbuild.Message, category: 'error' | 'warning', root: string): InsttsDiagnostic {
  // The plugin reports TypeScript's syntax errors with their TS code; the rest are esbuild's.
  const tsCode = /^TS(\d+)$/.exec(m.pluginName ?? '');
  return {
    code: tsCode ? Number(tsCode[1]) : Code.Bundle,
    prefix: tsCode ? 'TS' : 'INSTTS',
    category,
    message: tsCode ? m.text : `esbuild: ${m.text}${externalHint(m)}`,
    ...(m.location ? location(m.location, root) : {}),
  };
}

/** Where esbuild points, moved back to the file as written when the plugin rewrote it. */
function location(at: esbuild.Location, root: string): { file: string; line: number; column: number } {
  const file = path.resolve(root, at.file);
  const original = originalLocation(file, at.line, at.column, at.lineText);
  if (original) return { file, ...original };
  return { file, line: at.line, column: at.column + 1 };
}

/** A package that cannot be bundled may still be there at run time: say how to leave it out. */
function externalHint(m: esbuild.Message): string {
  const specifier = unresolvedSpecifier(m);
  if (!specifier) return '';
  const name = packageName(specifier);
  return ` (if '${name}' is installed where the program runs, or optional, leave it out of the bundle: --external ${name}, or "external": ["${name}"] in instts.config)`;
}

function unmatchedRuleWarnings(rules: CompiledRule[], stats: BuildStats, config: BuildConfig): InsttsDiagnostic[] {
  return [
    ...rules
      .filter((r) => selectsFiles(r) && !stats.perRule.has(r.id) && !isBuiltinRule(r))
      .map((r) =>
        diag(
          Code.RuleMatchedNothing,
          `rule '${r.id}' matched nothing in the files this build loaded${notAppliedReason(r, stats, config)}`,
          r.location,
          'warning',
        ),
      ),
    ...builtinVersionWarnings(rules, stats),
  ];
}

/**
 * ` (not applied: why)` for a package rule that applies nowhere: its package is not installed, or
 * nothing loads it, or no copy the build loaded is in the rule's version range.
 */
function notAppliedReason(rule: CompiledRule, stats: BuildStats, config: BuildConfig): string {
  if (!isPackageRule(rule)) return '';
  if (!stats.modules.has(rule.module)) return ` (not applied: ${whyNotApplied(rule, config.projectRoot)})`;
  const range = rule.version;
  const versions = [...(stats.loadedVersions.get(rule.module) ?? [])];
  if (range === undefined || versions.some((v) => versionOk(range, v))) return '';
  const copies = versions.map((v) => `${rule.module}@${v ?? '?'}`).join(' and ');
  return ` (not applied: ${copies} ${versions.length === 1 ? 'is' : 'are'} installed, the rule wants ${range})`;
}

/**
 * The version of `module` this build loaded (`(no version)` when its package.json names none) when
 * it lies outside `range`; undefined when the build did not load it or the range covers it.
 */
export function loadedOutside(stats: BuildStats, module: string, range: string): string | undefined {
  if (!stats.moduleVersions.has(module)) return undefined;
  const version = stats.moduleVersions.get(module);
  if (version !== undefined && semver.satisfies(version, range, { includePrerelease: true })) return undefined;
  return version ?? '(no version)';
}

/**
 * Built-in rules that match nothing stay quiet (a set names many packages a service never uses),
 * except for a package the program does load in a version no rule of its instrumentation covers
 * while none of that instrumentation's rules matched (express 5 is covered by the `router` rules
 * of the express folder, say): its calls would go uninstrumented without a word.
 */
function builtinVersionWarnings(rules: CompiledRule[], stats: BuildStats): InsttsDiagnostic[] {
  const byFolder = new Map<string, CompiledRule[]>();
  for (const rule of rules) {
    if (!selectsFiles(rule) || !isBuiltinRule(rule)) continue;
    byFolder.set(rule.location.file, [...(byFolder.get(rule.location.file) ?? []), rule]);
  }
  const warnings: InsttsDiagnostic[] = [];
  for (const folderRules of byFolder.values()) {
    if (folderRules.some((r) => stats.perRule.has(r.id))) continue;
    const modules = new Set(
      folderRules.filter((r) => r.module !== '.' && r.module !== '*' && r.version).map((r) => r.module),
    );
    for (const module of modules) {
      if (!stats.moduleVersions.has(module)) continue;
      const version = stats.moduleVersions.get(module);
      const moduleRules = folderRules.filter((r) => r.module === module);
      if (moduleRules.some((r) => loadedOutside(stats, module, r.version!) === undefined)) continue;
      const ranges = [...new Set(moduleRules.map((r) => r.version!))].join(', ');
      warnings.push(
        diag(
          Code.RuleMatchedNothing,
          `this build loads ${module}@${version ?? '(no version)'}, which the built-in rules for it (${moduleRules.map((r) => r.id).join(', ')}) do not cover (${ranges}): its calls are not instrumented`,
          moduleRules[0]!.location,
          'warning',
        ),
      );
    }
  }
  return warnings;
}

/** CommonJS output named `.js` inside a `"type": "module"` package is loaded as ESM by Node and fails. */
/** The TypeScript hook modules of the project's rules (not those of packages or of instts itself). */
function hookModulesToCheck(rules: readonly CompiledRule[]): string[] {
  const files = new Set<string>();
  for (const rule of rules) {
    if (isBuiltinRule(rule)) continue;
    for (const hook of rule.hooks) {
      if (
        path.isAbsolute(hook.module) &&
        /\.[cm]?tsx?$/.test(hook.module) &&
        !hook.module.includes(`${path.sep}node_modules${path.sep}`)
      )
        files.add(hook.module);
    }
  }
  return [...files];
}

/**
 * `--strict` is instts's (its warnings are errors), not tsc's: with the type-check on and a tsconfig
 * that leaves TypeScript's `strict` off, a user who meant tsc's flag is told where that one goes.
 */
function strictFlagNote(config: BuildConfig): string | undefined {
  if (!config.typecheck || !config.tsconfigPath || config.compilerOptions.strict === true) return undefined;
  const tsconfig = path.relative(config.cwd, config.tsconfigPath) || config.tsconfigPath;
  const setting = config.compilerOptions.strict === false ? `has "strict": false` : `does not set "strict"`;
  return `instts: note: --strict makes instts's rule warnings errors; it is not tsc's --strict, and ${tsconfig} ${setting}, so TypeScript's strict checks stay off (set "strict": true in ${tsconfig} for them)`;
}

/** `declaration` asks for .d.ts files; say so when this build cannot write them. */
function declarationWarnings(config: BuildConfig): InsttsDiagnostic[] {
  if (!config.declaration || config.noEmit) return [];
  const why = !config.typecheck ? 'declarations come from the type-check, which --no-typecheck turns off' : undefined;
  if (!why) return [];
  return [
    diag(
      Code.BadOption,
      `"declaration": no .d.ts files written: ${why}`,
      config.tsconfigPath ? { file: config.tsconfigPath } : undefined,
      'warning',
    ),
  ];
}

function formatWarnings(config: BuildConfig): InsttsDiagnostic[] {
  if (config.format !== 'cjs' || config.noEmit) return [];
  const jsOutput = config.outfile ? config.outfile.endsWith('.js') : true;
  if (!jsOutput || packageType(config.outfile ? path.dirname(config.outfile) : config.outDir) !== 'module') return [];
  return [
    diag(
      Code.BadOption,
      'CommonJS output (--format cjs) is written as .js inside a package with "type": "module", where Node loads .js as an ES module; use --format esm, or an --outfile ending in .cjs',
      undefined,
      'warning',
    ),
  ];
}

/** The `type` of the nearest package.json above a folder. */
function packageType(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const pkg = readPackageJson(current);
    if (pkg !== undefined) return pkg.type ?? 'commonjs';
    if (path.dirname(current) === current) return undefined;
  }
}

export { InsttsError };
