// Drives one build: esbuild with the instts plugin (bundle or per-file), the type-check on a
// worker alongside it, then an all-or-nothing write of the outputs and the report.

import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { BuildConfig } from '../config/types.js';
import { Code, diag, ExitStatus, formatDiagnostic, InsttsError, type InsttsDiagnostic } from '../diagnostics.js';
import type { CompiledRule } from '../rules/types.js';
import { isBuiltinRule } from '../rules/load.js';
import { BuildStats, insttsPlugin, runtimeEntry, tracingStartModule, type InsttsPluginOptions } from './plugin.js';
import { buildReport, summaryLine, timingTable, type BuildReport } from './report.js';
import { startTypecheck, TypecheckService, type TypecheckResult } from './typecheck.js';
import { describeTypescript } from '../config/project-typescript.js';
import { writeOutputsAtomically, type OutputFile } from './write.js';
import { externalGlobsPlugin, guardedUnresolved, optionalNote, optionalUnresolved, packageName, splitExternalPatterns, unresolvedSpecifier, type OptionalImport } from './externals.js';
import { minimatch } from 'minimatch';

export interface BuildIO {
  out(text: string): void;
  err(text: string): void;
}

export interface BuildOutcome {
  exitStatus: ExitStatus;
  stats: BuildStats;
  report: BuildReport;
  warnings: InsttsDiagnostic[];
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

  /** Builds with the context for `key`, made by `create` when the key changed. */
  async rebuild(key: string, pluginOptions: InsttsPluginOptions, create: (pluginOptions: InsttsPluginOptions) => esbuild.BuildOptions): Promise<esbuild.BuildResult> {
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

export async function runBuild(config: BuildConfig, rules: CompiledRule[], io: BuildIO, options: RunBuildOptions = {}): Promise<BuildOutcome> {
  const started = performance.now();
  const phases: Record<string, number> = { ...options.phases };
  const stats = new BuildStats();
  const inspect = options.inspect ?? false;

  const typecheck: Promise<TypecheckResult> | undefined =
    config.typecheck && !inspect
      ? startTypecheck({
          cwd: config.cwd,
          tsconfigPath: config.tsconfigPath,
          rootNames: config.entries.filter((e) => /\.[cm]?tsx?$/.test(e)),
          pretty: config.pretty,
          // tsc's .d.ts per source file, in both modes (a bundle's package still points at them)
          declarations: config.declaration && !config.noEmit,
          ...(config.compilerOptions.declarationDir ? { declarationDir: path.resolve(config.compilerOptions.declarationDir) } : {}),
          outDir: config.outDir,
          typescript: config.typescript,
          listFiles: config.listFiles,
          hookModules: hookModulesToCheck(rules),
          ...(options.watch ? { summary: false } : {}),
        }, options.session?.typecheck)
      : undefined;
  if (typecheck && config.logLevel === 'verbose') io.err(`instts: type-check: ${describeTypescript(config.typescript, config.projectRoot)}\n`);

  const esbuildStarted = performance.now();
  const { outputs, errors: bundleErrors, warnings: bundleWarnings, notes = [], optionalExternals = [] } = config.bundle
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

  // A file that failed to parse was not matched: "matched nothing" would mislead.
  const warnings = bundleErrors.length > 0 ? [] : [...unmatchedRuleWarnings(rules, stats), ...formatWarnings(config), ...declarationWarnings(config)];
  if (config.logLevel !== 'silent' && config.logLevel !== 'error') {
    for (const w of [...warnings, ...bundleWarnings]) io.err(formatDiagnostic(w) + '\n');
  }
  if (config.logLevel === 'info' || config.logLevel === 'verbose') for (const n of notes) io.err(n + '\n');
  if (typeResult && typeResult.output) io.out(typeResult.output);
  // A syntax error is reported by the type-check already (in tsc's words); say it once.
  const reported = new Set(typeResult?.errorLocations ?? []);
  for (const e of bundleErrors) if (!reported.has(`${e.file}:${e.line}:${e.column}`)) io.err(formatDiagnostic(e) + '\n');

  const typeErrors = typeResult?.errorCount ?? 0;
  let exitStatus: ExitStatus = ExitStatus.Success;
  let wrote = false;
  if (bundleErrors.length > 0) {
    exitStatus = ExitStatus.DiagnosticsPresentOutputsSkipped;
  } else if (!inspect && !config.noEmit && !(typeErrors > 0 && config.noEmitOnError)) {
    const files: OutputFile[] = [...outputs];
    for (const d of typeResult?.declarations ?? []) files.push({ path: d.path, contents: d.text });
    const writeStarted = performance.now();
    try {
      await writeOutputsAtomically(files);
      wrote = true;
      // tsc's --listEmittedFiles line format
      if (config.listEmittedFiles) for (const f of [...(typeResult?.written ?? []), ...files.map((o) => o.path).sort()]) io.out(`TSFILE: ${f}\n`);
    } catch (error) {
      io.err(formatDiagnostic(diag(Code.Write, `cannot write the output: ${(error as Error).message}`)) + '\n');
      exitStatus = ExitStatus.DiagnosticsPresentOutputsSkipped;
    }
    phases.write = performance.now() - writeStarted;
    if (typeErrors > 0 && wrote) exitStatus = ExitStatus.DiagnosticsPresentOutputsGenerated;
  } else if (typeErrors > 0) {
    // tsc: --noEmit with errors is 2; noEmitOnError with errors is 1 (outputs skipped)
    exitStatus = config.noEmit ? ExitStatus.DiagnosticsPresentOutputsGenerated : ExitStatus.DiagnosticsPresentOutputsSkipped;
    // TypeScript 7 runs as `tsc --noEmit`: with nothing written, its own exit status is the answer.
    if (config.noEmit && typeResult?.exitCode !== undefined) exitStatus = typeResult.exitCode as ExitStatus;
  }

  phases.total = performance.now() - started;
  const report = buildReport(config, rules, stats, phases, {
    outputs: wrote ? outputs.map((o) => o.path) : [],
    typeErrors,
    bundleErrors: bundleErrors.length,
    exitStatus,
    optionalExternals,
  });
  if (config.report && !inspect) {
    await fs.promises.mkdir(path.dirname(config.report), { recursive: true });
    await fs.promises.writeFile(config.report, JSON.stringify(report, null, 2) + '\n');
  }
  if (!inspect && config.logLevel !== 'silent' && config.logLevel !== 'error' && config.logLevel !== 'warning') {
    io.err(summaryLine(config, report, wrote) + '\n');
  }
  if (!inspect && config.extendedDiagnostics) io.out(timingTable(report));
  return { exitStatus, stats, report, warnings };
}

interface EsbuildRun {
  outputs: OutputFile[];
  errors: InsttsDiagnostic[];
  /** esbuild's own messages for the errors. */
  rawErrors: esbuild.Message[];
  warnings: InsttsDiagnostic[];
  /** Printed once at info level. */
  notes?: string[];
  metafile?: esbuild.Metafile;
  /** Optional packages that are not installed, left to run time. */
  optionalExternals?: string[];
}

function commonEsbuildOptions(config: BuildConfig): esbuild.BuildOptions {
  return {
    absWorkingDir: config.projectRoot,
    format: config.format,
    platform: config.platform,
    target: config.target,
    sourcemap: config.inlineSourceMap ? 'inline' : config.sourcemap ? 'linked' : false,
    keepNames: config.keepNames,
    write: false,
    logLevel: 'silent',
    ...(config.tsconfigPath ? { tsconfig: config.tsconfigPath } : {}),
  };
}

/** Plugin options both modes share. */
function basePluginOptions(config: BuildConfig, rules: CompiledRule[], stats: BuildStats, inspect: boolean): InsttsPluginOptions {
  return {
    rules: withConfigPrelude(rules, config),
    projectRoot: config.projectRoot,
    entries: config.entries,
    dumpDir: inspect ? undefined : config.dump,
    keepFrontResults: inspect,
    compilerOptions: config.compilerOptions,
    stats,
  };
}

async function bundleBuild(config: BuildConfig, rules: CompiledRule[], stats: BuildStats, inspect: boolean, session?: BuildSession): Promise<EsbuildRun> {
  const external = splitExternalPatterns(config.external);
  const esbuildOptions = (optional: readonly string[], pluginOptions: InsttsPluginOptions): esbuild.BuildOptions => ({
    ...commonEsbuildOptions(config),
    entryPoints: config.entries,
    bundle: true,
    ...(config.outfile ? { outfile: config.outfile } : { outdir: config.outDir }),
    external: [...external.esbuild, ...optional],
    metafile: true,
    ...requireShim(config),
    plugins: [...(external.globs.length > 0 ? [externalGlobsPlugin(external.globs)] : []), insttsPlugin(pluginOptions)],
  });
  const run = (optional: readonly string[], runStats: BuildStats): Promise<EsbuildRun> => {
    const pluginOptions = basePluginOptions(config, rules, runStats, inspect);
    if (!session) return runEsbuild(() => esbuild.build(esbuildOptions(optional, pluginOptions)), config.projectRoot);
    const key = JSON.stringify([session.generation, optional, config.entries, config.outfile, config.outDir, config.external]);
    return runEsbuild(() => session.rebuild(key, pluginOptions, (po) => esbuildOptions(optional, po)), config.projectRoot);
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
    optional.includes(specifier) || config.external.some((p) => p === specifier || minimatch(specifier, p) || (p.includes('*') && new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`).test(specifier)));
  const guarded = session?.noted ? [] : guardedUnresolved(result.metafile, isKnown);
  const left: OptionalImport[] = [...found, ...guarded];
  if (session) session.noted = true;
  return { ...result, ...(left.length > 0 ? { notes: [optionalNote(left)] } : {}), ...(optional.length > 0 ? { optionalExternals: optional } : {}) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** CommonJS packages bundled into ESM still call require() for Node built-ins: give them one. */
function requireShim(config: BuildConfig): Pick<esbuild.BuildOptions, 'banner'> {
  if (config.format !== 'esm' || config.platform !== 'node') return {};
  return { banner: { js: "import { createRequire as __insttsCreateRequire } from 'node:module'; const require = __insttsCreateRequire(import.meta.url);" } };
}

async function perFileBuild(config: BuildConfig, rules: CompiledRule[], stats: BuildStats, inspect: boolean): Promise<EsbuildRun> {
  const supportDir = path.join(config.outDir, PER_FILE_SUPPORT_DIR);
  const outputPathOf = (file: string): string =>
    path.join(config.outDir, path.relative(config.rootDir, file)).replace(/\.[cm]?[jt]sx?$/, '.js');
  const relativeSpecifier = (from: string, to: string): string => {
    const rel = path.relative(path.dirname(outputPathOf(from)), to).split(path.sep).join('/');
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  // Each hook module (and the runtime) is bundled once into outDir/__instts__/ so the output runs
  // without instts installed; the runtime's registry is process-wide, so copies share state.
  const support = new Map<string, string>([[runtimeEntry, path.join(supportDir, 'runtime.js')]]);
  if (rules.some((r) => r.hooks.some((h) => h.factory === 'trace'))) support.set(tracingStartModule, path.join(supportDir, 'tracing-start.js'));
  for (const rule of rules) {
    const modules = [...rule.hooks.map((h) => h.module), ...(rule.type === 'prelude' ? rule.imports : [])];
    for (const m of modules) {
      if (!path.isAbsolute(m) || support.has(m)) continue;
      const hash = createHash('sha1').update(m).digest('hex').slice(0, 8);
      support.set(m, path.join(supportDir, 'hooks', `${path.basename(m).replace(/\.[^.]+$/, '')}-${hash}.js`));
    }
  }
  const plugin = insttsPlugin({
    ...basePluginOptions(config, rules, stats, inspect),
    forceImport: config.format === 'esm',
    runtimeSpecifier: (file) => relativeSpecifier(file, support.get(runtimeEntry)!),
    hookSpecifier: (hook, file) => (support.has(hook) ? relativeSpecifier(file, support.get(hook)!) : hook),
  });
  const main = await runEsbuildOnce({
    ...commonEsbuildOptions(config),
    entryPoints: config.fileNames.length > 0 ? config.fileNames : config.entries,
    bundle: false,
    outdir: config.outDir,
    outbase: config.rootDir,
    plugins: [plugin],
  });
  if (main.errors.length > 0 || inspect || stats.joinPoints === 0) return main;
  const supportRun = await runEsbuildOnce({
    ...commonEsbuildOptions(config),
    entryPoints: [...support].map(([input, output]) => ({ in: input, out: path.relative(config.outDir, output).replace(/\.js$/, '') })),
    bundle: true,
    outdir: config.outDir,
    ...requireShim(config),
  });
  return { outputs: [...main.outputs, ...supportRun.outputs], errors: supportRun.errors, rawErrors: supportRun.rawErrors, warnings: [...main.warnings, ...supportRun.warnings] };
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
      unsupported: [],
      imports: config.preludeImports,
    },
  ];
}

function runEsbuildOnce(options: esbuild.BuildOptions): Promise<EsbuildRun> {
  return runEsbuild(() => esbuild.build(options), options.absWorkingDir ?? process.cwd());
}

async function runEsbuild(build: () => Promise<esbuild.BuildResult>, root: string): Promise<EsbuildRun> {
  try {
    const result = await build();
    return {
      outputs: (result.outputFiles ?? []).map((f) => ({ path: f.path, contents: f.contents })),
      errors: [],
      rawErrors: [],
      warnings: result.warnings.map((m) => messageToDiagnostic(m, 'warning', root)),
      metafile: result.metafile,
    };
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw error;
    return { outputs: [], errors: failure.errors.map((m) => messageToDiagnostic(m, 'error', root)), rawErrors: failure.errors, warnings: [] };
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
    ...(m.location ? { file: path.resolve(root, m.location.file), line: m.location.line, column: m.location.column + 1 } : {}),
  };
}

/** A package that cannot be bundled may still be there at run time: say how to leave it out. */
function externalHint(m: esbuild.Message): string {
  const specifier = unresolvedSpecifier(m);
  if (!specifier) return '';
  const name = packageName(specifier);
  return ` (if '${name}' is installed where the program runs, or optional, leave it out of the bundle: --external ${name}, or "external": ["${name}"] in instts.config)`;
}

function unmatchedRuleWarnings(rules: CompiledRule[], stats: BuildStats): InsttsDiagnostic[] {
  return rules
    .filter((r) => r.type !== 'prelude' && !stats.perRule.has(r.id) && !isBuiltinRule(r))
    .map((r) =>
      diag(Code.RuleMatchedNothing, `rule '${r.id}' matched nothing in the files this build loaded`, r.location, 'warning'),
    );
}

/** CommonJS output named `.js` inside a `"type": "module"` package is loaded as ESM by Node and fails. */
/** The TypeScript hook modules of the project's rules (not those of packages or of instts itself). */
function hookModulesToCheck(rules: readonly CompiledRule[]): string[] {
  const files = new Set<string>();
  for (const rule of rules) {
    if (isBuiltinRule(rule)) continue;
    for (const hook of rule.hooks) {
      if (path.isAbsolute(hook.module) && /\.[cm]?tsx?$/.test(hook.module) && !hook.module.includes(`${path.sep}node_modules${path.sep}`)) files.add(hook.module);
    }
  }
  return [...files];
}

/** `declaration` asks for .d.ts files; say so when this build cannot write them. */
function declarationWarnings(config: BuildConfig): InsttsDiagnostic[] {
  if (!config.declaration || config.noEmit) return [];
  const why = !config.typecheck ? 'declarations come from the type-check, which --no-typecheck turns off' : undefined;
  if (!why) return [];
  return [diag(Code.BadOption, `"declaration": no .d.ts files written: ${why}`, config.tsconfigPath ? { file: config.tsconfigPath } : undefined, 'warning')];
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
    try {
      return (JSON.parse(fs.readFileSync(path.join(current, 'package.json'), 'utf8')) as { type?: string }).type ?? 'commonjs';
    } catch {
      if (path.dirname(current) === current) return undefined;
    }
  }
}

export { InsttsError };
