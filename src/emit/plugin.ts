// The esbuild plugin: every file esbuild loads (project TS and bundled package JS alike) goes
// through front + inject, and comes back with its source map inlined so esbuild chains it to
// the original. Exported as `instts/esbuild` for builds that drive esbuild themselves.

import type { Loader, OnLoadResult, Plugin, PartialMessage } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import ts from '../typescript.cjs';
import { analyzeFile, rulesForModule, type FrontResult, type ModuleInfo } from '../front/index.js';
import { instrumentFile, withInlineMap, type InjectResult } from '../inject/index.js';
import type { SourceMapInput } from '@jridgewell/trace-mapping';
import { forgetRewrite, rememberRewrite } from './rewritten-locations.js';
import type { CompiledRule } from '../rules/types.js';
import { entryImports } from '../rules/kinds/index.js';
import { ModuleResolver, toPosix } from './package-info.js';
import { DecoratorEmitter } from './decorators.js';
import type { CachedRewrite, RewriteCache } from './rewrite-cache.js';
import type { OnDemandModule } from './support-entries.js';

/** The runtime shipped with this package: what injected code imports in bundle mode. */
export const runtimeEntry = fileURLToPath(new URL('../runtime/index.js', import.meta.url));
/** Imported first by the entry points of a build with `trace` actions. */
export const tracingStartModule = fileURLToPath(new URL('../runtime/tracing/start.js', import.meta.url));
/** Runtime modules needed only under a policy: loaded on demand in split support output (support-entries.ts). */
export const onDemandModules: readonly OnDemandModule[] = [
  { name: 'governance', loader: 'loadGovernance', exportName: 'governance' },
  { name: 'lanes', loader: 'loadLanes', exportName: 'lanes' },
].map(({ name, loader, exportName }) => ({
  module: fileURLToPath(new URL(`../runtime/${name}/index.js`, import.meta.url)),
  file: `${name}.js`,
  load: fileURLToPath(new URL(`../runtime/${name}/load.js`, import.meta.url)),
  loader,
  exportName,
}));
// This package's own compiled code (the runtime above all) is never instrumented.
export const ownDist = path.resolve(fileURLToPath(new URL('..', import.meta.url))) + path.sep;

export interface FileRecord {
  path: string;
  moduleInfo: ModuleInfo;
  front: FrontResult;
}

/** What one build saw, for the report and for `instts inspect`. */
export class BuildStats {
  filesLoaded = 0;
  filesParsed = 0;
  filesSkipped = 0;
  /** Files whose rewrite (or lack of one) came from the rewrite cache. */
  filesCached = 0;
  joinPoints = 0;
  readonly perRule = new Map<string, number>();
  readonly files: FileRecord[] = [];
  /** Every module (package name, `.` for the project) a file was loaded from. */
  readonly modules = new Set<string>();
  /** The version of each package a file was loaded from (the first copy seen). */
  readonly moduleVersions = new Map<string, string | undefined>();
  /** Every version of each package a file was loaded from (nested copies may differ). */
  readonly loadedVersions = new Map<string, Set<string | undefined>>();
  frontMs = 0;
  injectMs = 0;
  /** Files a watch-mode rebuild took unchanged from the previous build. */
  loadCacheHits = 0;

  /** Takes over what another build saw (a build run twice reports its final run); `reused`: counts only, no time spent. */
  absorb(other: BuildStats, reused = false): void {
    this.filesLoaded += other.filesLoaded;
    this.filesParsed += other.filesParsed;
    this.filesSkipped += other.filesSkipped;
    this.filesCached += other.filesCached;
    for (const m of other.modules) this.modules.add(m);
    for (const [m, v] of other.moduleVersions) if (!this.moduleVersions.has(m)) this.moduleVersions.set(m, v);
    for (const [m, versions] of other.loadedVersions) for (const v of versions) this.addVersion(m, v);
    if (!reused) {
      this.frontMs += other.frontMs;
      this.injectMs += other.injectMs;
    }
    this.files.push(...other.files);
    this.addSites(other.perRule);
  }

  addVersion(module: string, version: string | undefined): void {
    const versions = this.loadedVersions.get(module);
    if (versions) versions.add(version);
    else this.loadedVersions.set(module, new Set([version]));
  }

  addSites(perRule: Map<string, number>): void {
    for (const [rule, n] of perRule) {
      this.perRule.set(rule, (this.perRule.get(rule) ?? 0) + n);
      this.joinPoints += n;
    }
  }
}

export interface InsttsPluginOptions {
  rules: readonly CompiledRule[];
  /** Root of the project's own sources (`where.module: "."`, `where.file` globs). */
  projectRoot: string;
  /** Entry points (absolute): they receive the prelude imports. */
  entries?: readonly string[];
  /** Specifier injected code uses for the runtime; default: this package's runtime file. */
  runtimeSpecifier?: (file: string) => string;
  /** Specifier injected code uses for a hook module; default: its absolute path. */
  hookSpecifier?: (hookModule: string, file: string) => string;
  /** Write every rewritten file here, as it was handed to esbuild. */
  dumpDir?: string;
  /** Keep the join points of files with matches (the front result) for `inspect`. */
  keepFrontResults?: boolean;
  /**
   * Use `import` for the runtime even in files without ESM syntax (per-file ESM output), or for
   * the files this says are ES modules (package files whose package.json says `"type": "module"`).
   */
  forceImport?: boolean | ((file: string) => boolean);
  /**
   * tsconfig options: decorator metadata needs TypeScript's own transform. Default: read from
   * esbuild's `tsconfig` option, else `tsconfig.json` in esbuild's working folder or projectRoot.
   */
  compilerOptions?: ts.CompilerOptions;
  /**
   * The project's files (tsconfig `files`/`include`): the program decorated files are emitted
   * from. Default: read with the tsconfig when `compilerOptions` are, else the decorated files.
   */
  projectFiles?: readonly string[];
  /** Where this build's counts go; may be replaced between rebuilds of one esbuild context. */
  stats?: BuildStats;
  /** Watch mode: results of unchanged files are reused across rebuilds of one esbuild context. */
  loadCache?: Map<string, CachedLoad>;
  /** Imported before everything else in the entry points (load-time instrumentation). */
  firstImports?: readonly string[];
  /** Only package files (node_modules) are instrumented; the project's own files pass through. */
  packagesOnly?: boolean;
  /** Called with each instrumented file; with it set, esbuild gets the files unchanged. */
  onInstrumented?: (file: string, moduleInfo: ModuleInfo, original: string, code: string, joinPoints: number) => void;
  /** Rewrites kept between builds (with onInstrumented, when no front results are kept). */
  rewriteCache?: RewriteCache;
}

export interface CachedLoad {
  mtimeMs: number;
  size: number;
  stats: BuildStats;
  result: OnLoadResult | undefined;
}

const LOADERS: Record<string, 'ts' | 'tsx' | 'js' | 'jsx'> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
};

export function insttsPlugin(options: InsttsPluginOptions): Plugin {
  const fallbackStats = new BuildStats();
  const { hookFiles, preludeImports } = hookFilesAndPrelude(options.rules, options.firstImports ?? []);
  // Made once per plugin: the resolver's package lookups outlive one esbuild build.
  const scope: PluginScope = {
    options,
    resolver: new ModuleResolver(options.projectRoot),
    entries: new Set((options.entries ?? []).map((e) => path.resolve(e))),
    preludeImports,
    runtimeSpecifier: options.runtimeSpecifier ?? (() => runtimeEntry),
    hookSpecifier: options.hookSpecifier ?? ((hook: string) => hook),
  };

  return {
    name: 'instts',
    setup(build) {
      const tsconfig = options.compilerOptions
        ? { options: options.compilerOptions, fileNames: options.projectFiles ?? [] }
        : readTsconfig(build.initialOptions.tsconfig, build.initialOptions.absWorkingDir ?? options.projectRoot);
      const fileLoader = new FileLoader(scope, tsconfig?.options, tsconfig?.fileNames ?? []);
      build.onStart(() => fileLoader.startBuild());
      const loadFile = (file: string, stats: BuildStats): Promise<OnLoadResult | undefined> =>
        fileLoader.load(file, stats);
      build.onLoad({ filter: /\.(?:[cm]?[jt]s|[jt]sx)$/ }, async (args) => {
        if (args.namespace !== 'file' && args.namespace !== '') return undefined;
        const file = args.path;
        if (file.endsWith('.d.ts') || hookFiles.has(file) || file.startsWith(ownDist)) return undefined;
        return loadThroughCache(file, options.stats ?? fallbackStats, options.loadCache, loadFile);
      });
    },
  };
}

/** One file's matches and rewrite in one build. */
interface Rewrite {
  text: string;
  front: FrontResult;
  injected: InjectResult | undefined;
  frontMs: number;
  injectMs: number;
}

/** What every file load of one plugin shares. */
interface PluginScope {
  options: InsttsPluginOptions;
  resolver: ModuleResolver;
  /** Entry points (absolute): they receive the prelude imports. */
  entries: Set<string>;
  preludeImports: string[];
  runtimeSpecifier: (file: string) => string;
  hookSpecifier: (hookModule: string, file: string) => string;
}

/** A package version satisfies a rule's range; prereleases count, unknown versions do not. */
export function versionOk(range: string, version: string | undefined): boolean {
  return version !== undefined && semver.satisfies(version, range, { includePrerelease: true });
}

/**
 * Loads one file for one esbuild build: skips it when nothing applies, else parses, rewrites and
 * hands the rewrite on (to esbuild, to `onInstrumented`, or through TypeScript's decorator transform).
 */
class FileLoader {
  private readonly scope: PluginScope;
  private readonly compilerOptions: ts.CompilerOptions | undefined;
  // One missing-metadata warning per build is enough to point at the tsconfig.
  private warnedMetadata = false;
  private readonly projectFiles: readonly string[];
  private decorators: DecoratorEmitter | undefined;
  // This build's rewrites, shared by esbuild's load of a file and the decorator program's.
  private readonly rewrites = new Map<string, Rewrite>();

  constructor(scope: PluginScope, compilerOptions: ts.CompilerOptions | undefined, projectFiles: readonly string[]) {
    this.scope = scope;
    this.compilerOptions = compilerOptions;
    this.projectFiles = projectFiles;
  }

  startBuild(): void {
    this.rewrites.clear();
    this.decorators?.startBuild();
  }

  async load(file: string, stats: BuildStats): Promise<OnLoadResult | undefined> {
    const { options } = this.scope;
    const moduleInfo = this.scope.resolver.infoFor(file);
    if (options.packagesOnly && moduleInfo.module === '.') return undefined;
    stats.filesLoaded++;
    stats.modules.add(moduleInfo.module);
    if (!stats.moduleVersions.has(moduleInfo.module)) stats.moduleVersions.set(moduleInfo.module, moduleInfo.version);
    stats.addVersion(moduleInfo.module, moduleInfo.version);
    const rules = rulesForModule(options.rules, moduleInfo, versionOk);
    const isEntry = this.scope.entries.has(file);
    const needsDecoratorTransform = wantsDecoratorMetadata(this.compilerOptions, file);
    if (rules.length === 0 && !(isEntry && this.scope.preludeImports.length > 0) && !needsDecoratorTransform) {
      stats.filesSkipped++;
      return this.warnIfMetadataMissing(file);
    }
    const text = await fs.promises.readFile(file, 'utf8');
    const cache = options.onInstrumented && !options.keepFrontResults ? options.rewriteCache : undefined;
    const cacheKey = cache?.key(text, moduleInfo);
    const cached = cacheKey !== undefined ? cache!.get(cacheKey) : undefined;
    if (cached) {
      this.replayCachedRewrite(file, moduleInfo, text, cached, stats);
      return undefined;
    }
    const { front, injected, frontMs, injectMs } = this.rewrite(file, text, moduleInfo, rules, isEntry);
    stats.frontMs += frontMs;
    if (front.parsed) stats.filesParsed++;
    else stats.filesSkipped++;
    if (front.syntaxErrors.length > 0) return syntaxErrorResult(file, text, front.syntaxErrors);
    if (options.keepFrontResults || front.nearMisses.length > 0 || front.matches.length > 0) {
      stats.files.push({
        path: file,
        moduleInfo,
        front: options.keepFrontResults ? front : { ...front, sourceFile: undefined },
      });
    }
    stats.injectMs += injectMs;
    if (injected) {
      stats.addSites(injected.perRule);
      if (options.dumpDir) await dump(options.dumpDir, options.projectRoot, file, moduleInfo, injected.code);
    }
    if (options.onInstrumented) {
      if (injected) options.onInstrumented(file, moduleInfo, text, injected.code, sumOf(injected.perRule));
      if (cacheKey !== undefined)
        cache!.set(cacheKey, { code: injected?.code ?? null, perRule: [...(injected?.perRule ?? [])] });
      return undefined;
    }
    if (needsDecoratorTransform && /@\w/.test(text)) {
      const contents = this.decoratorEmitter().emit(file, injected?.map);
      const result: OnLoadResult = { contents, loader: 'js', resolveDir: path.dirname(file) };
      typeDependent.add(result);
      return result;
    }
    return rewrittenResult(file, injected, LOADERS[path.extname(file)] ?? 'js');
  }

  /** The file's matches and rewrite, made once per build (for esbuild's load or the decorator program's). */
  private rewrite(
    file: string,
    text: string,
    moduleInfo: ModuleInfo,
    rules: readonly CompiledRule[],
    isEntry: boolean,
  ): Rewrite {
    const known = this.rewrites.get(file);
    if (known && known.text === text) return known;
    const t0 = performance.now();
    const front = analyzeFile({ path: file, text, moduleInfo, rules });
    const t1 = performance.now();
    const injected = front.syntaxErrors.length > 0 ? undefined : this.inject(file, text, front, moduleInfo, isEntry);
    const made: Rewrite = { text, front, injected, frontMs: t1 - t0, injectMs: performance.now() - t1 };
    // kept for the decorator program only: other files' parse trees are not held for the build
    if (wantsDecoratorMetadata(this.compilerOptions, file)) this.rewrites.set(file, made);
    return made;
  }

  /** TypeScript's emit of decorated files, from a program that sees them as rewritten. */
  private decoratorEmitter(): DecoratorEmitter {
    this.decorators ??= new DecoratorEmitter(this.compilerOptions!, this.projectFiles, (file) =>
      this.programText(file),
    );
    return this.decorators;
  }

  /** What the decorator program reads for a project file: the rewrite of a decorated file, else the file. */
  private programText(file: string): string | undefined {
    if (!wantsDecoratorMetadata(this.compilerOptions, file) || this.scope.options.packagesOnly) return undefined;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    if (!/@\w/.test(text)) return undefined;
    const moduleInfo = this.scope.resolver.infoFor(file);
    const rules = rulesForModule(this.scope.options.rules, moduleInfo, versionOk);
    const made = this.rewrite(file, text, moduleInfo, rules, this.scope.entries.has(file));
    return made.injected?.code ?? text;
  }

  /** A rewrite (or the lack of one) an earlier build made of this same text: counted and handed on as if made now. */
  private replayCachedRewrite(
    file: string,
    moduleInfo: ModuleInfo,
    text: string,
    cached: CachedRewrite,
    stats: BuildStats,
  ): void {
    stats.filesCached++;
    if (cached.code === null) return;
    const perRule = new Map(cached.perRule);
    stats.addSites(perRule);
    this.scope.options.onInstrumented!(file, moduleInfo, text, cached.code, sumOf(perRule));
  }

  /**
   * A project TypeScript file left alone may still need decorator metadata that esbuild cannot
   * emit: without a tsconfig to say so, warn (once) where a class looks like it relies on it.
   */
  private async warnIfMetadataMissing(file: string): Promise<OnLoadResult | undefined> {
    if (this.warnedMetadata || this.compilerOptions !== undefined) return undefined;
    if (!/\.[cm]?tsx?$/.test(file) || file.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
    const text = await fs.promises.readFile(file, 'utf8');
    if (!PARAMETER_DECORATOR.test(text)) return undefined;
    this.warnedMetadata = true;
    return { warnings: [metadataWarning(file)] };
  }

  /** Rewrites the matched join points, with the specifiers this file imports the runtime and hooks by. */
  private inject(
    file: string,
    text: string,
    front: FrontResult,
    moduleInfo: ModuleInfo,
    isEntry: boolean,
  ): InjectResult | undefined {
    const { options, preludeImports, hookSpecifier } = this.scope;
    return instrumentFile({
      path: file,
      text,
      front,
      moduleInfo,
      preludeImports: isEntry
        ? preludeImports.map((spec) => (path.isAbsolute(spec) ? hookSpecifier(spec, file) : spec))
        : [],
      runtimeSpecifier: this.scope.runtimeSpecifier(file),
      hookSpecifier: (hook) => hookSpecifier(hook, file),
      forceImport: typeof options.forceImport === 'function' ? options.forceImport(file) : options.forceImport,
    });
  }
}

function sumOf(perRule: Map<string, number>): number {
  return [...perRule.values()].reduce((a, b) => a + b, 0);
}

/**
 * A file TypeScript cannot parse. TypeScript: a real error. JavaScript: TypeScript's parser is
 * stricter than engines (legacy octal literals, sloppy-mode oddities), so the file is bundled unchanged.
 */
function syntaxErrorResult(file: string, text: string, errors: readonly ts.DiagnosticWithLocation[]): OnLoadResult {
  if (!/\.[cm]?tsx?$/.test(file)) {
    const first = syntaxError(file, errors[0]!);
    return {
      contents: text,
      loader: LOADERS[path.extname(file)] ?? 'js',
      warnings: [{ ...first, text: `not instrumented: ${first.text}` }],
    };
  }
  return { errors: errors.map((d) => syntaxError(file, d)) };
}

/** What esbuild gets for a file: the rewrite with its map, remembered to move esbuild's diagnostics back. */
function rewrittenResult(file: string, injected: InjectResult | undefined, loader: Loader): OnLoadResult | undefined {
  if (!injected) {
    forgetRewrite(file);
    return undefined;
  }
  rememberRewrite(file, injected.map as unknown as SourceMapInput);
  return { contents: withInlineMap(injected), loader, resolveDir: path.dirname(file) };
}

// A decorated constructor parameter or a class decorator on a class with constructor parameters
// is what dependency injection (NestJS, Angular, TypeDI, tsyringe) reads metadata for.
const PARAMETER_DECORATOR =
  /^\s*@\w+(?:\([^)]*\))?\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\b[\s\S]*?constructor\s*\(\s*(?:@|(?:private|public|protected|readonly)\b)/m;

function metadataWarning(file: string): PartialMessage {
  return {
    text:
      'decorated classes here may need decorator metadata (emitDecoratorMetadata), which esbuild does not emit; no tsconfig was found to say so: ' +
      "pass esbuild's `tsconfig` option, or the plugin's `compilerOptions`",
    location: { file },
  };
}

/** Options and files of the tsconfig esbuild is told about, or of `tsconfig.json` in `dir`; undefined when there is none. */
function readTsconfig(
  tsconfig: string | undefined,
  dir: string,
): { options: ts.CompilerOptions; fileNames: string[] } | undefined {
  const file = tsconfig ? path.resolve(dir, tsconfig) : path.join(dir, 'tsconfig.json');
  if (!fs.existsSync(file)) return undefined;
  const parsed = ts.getParsedCommandLineOfConfigFile(
    file,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  return parsed ? { options: parsed.options, fileNames: parsed.fileNames } : undefined;
}

/** Watch mode: an unchanged file gives the same result (the rules are fixed for a plugin's life). */
async function loadThroughCache(
  file: string,
  stats: BuildStats,
  cache: Map<string, CachedLoad> | undefined,
  load: (file: string, stats: BuildStats) => Promise<OnLoadResult | undefined>,
): Promise<OnLoadResult | undefined> {
  if (!cache) return load(file, stats);
  const stat = await fs.promises.stat(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) {
    stats.absorb(hit.stats, true);
    stats.loadCacheHits++;
    return hit.result;
  }
  const local = new BuildStats();
  const result = await load(file, local);
  stats.absorb(local);
  if (result && typeDependent.has(result)) cache.delete(file);
  else cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, stats: local, result });
  return result;
}

// Emits that depend on other files too (decorator metadata reads the types a file imports): an
// unchanged file's result cannot be reused once another file changed, so they are not cached.
const typeDependent = new WeakSet<OnLoadResult>();

/**
 * Files the plugin leaves to esbuild (hook modules, prelude imports) and what entry points import
 * first: the load-time start (`firstImports`), the tracing start, prelude rules, in that order.
 */
function hookFilesAndPrelude(
  rules: readonly CompiledRule[],
  firstImports: readonly string[],
): { hookFiles: Set<string>; preludeImports: string[] } {
  const hookFiles = new Set<string>();
  const preludeImports: string[] = [];
  for (const rule of rules) {
    for (const hook of rule.hooks) if (path.isAbsolute(hook.module)) hookFiles.add(hook.module);
    for (const spec of entryImports(rule)) {
      if (path.isAbsolute(spec)) hookFiles.add(spec);
      if (!preludeImports.includes(spec)) preludeImports.push(spec);
    }
  }
  // A build that traces starts the tracing runtime from its entry points.
  if (rules.some((r) => r.hooks.some((h) => h.factory === 'trace')) && !preludeImports.includes(tracingStartModule)) {
    preludeImports.unshift(tracingStartModule);
    hookFiles.add(tracingStartModule);
  }
  for (const spec of [...firstImports].reverse()) {
    preludeImports.unshift(spec);
    if (path.isAbsolute(spec)) hookFiles.add(spec);
  }
  return { hookFiles, preludeImports };
}

function wantsDecoratorMetadata(options: ts.CompilerOptions | undefined, file: string): boolean {
  return (
    !!options?.emitDecoratorMetadata &&
    !!options.experimentalDecorators &&
    /\.[cm]?tsx?$/.test(file) &&
    !file.includes(`${path.sep}node_modules${path.sep}`)
  );
}

function syntaxError(file: string, d: ts.DiagnosticWithLocation): PartialMessage {
  const at = d.file.getLineAndCharacterOfPosition(d.start);
  return {
    text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    pluginName: `TS${d.code}`,
    location: { file, line: at.line + 1, column: at.character, length: d.length },
  };
}

async function dump(dir: string, projectRoot: string, file: string, info: ModuleInfo, code: string): Promise<void> {
  const rel =
    info.module === '.'
      ? toPosix(path.relative(projectRoot, file)).replace(/^(\.\.\/)+/, '_outside/')
      : `node_modules/${info.module}/${info.relativePath}`;
  const target = path.join(dir, rel);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  await fs.promises.writeFile(target, code);
}
