// Rules for the modules a build does not contain: `--no-bundle` output loads every package from
// node_modules, and a bundle leaves its externals there. The build follows the program's imports
// into those packages (an esbuild pass that writes nothing), instruments the package files rules
// match, and writes them with a manifest into `__instts__/`; the entry points import
// `__instts__/load-time.js` first, which puts the copies in place as Node loads the originals.
// Nothing is parsed at run time. See docs/adr/0006-load-time-instrumentation.md.

import esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import type { BuildConfig } from '../config/types.js';
import { Code, diag, type InsttsDiagnostic } from '../diagnostics.js';
import { readPackageJson } from '../package-json.js';
import type { CompiledRule } from '../rules/types.js';
import { selectsFiles } from '../rules/kinds/index.js';
import { isBuiltinRule } from '../rules/load.js';
import {
  MANIFEST_FILE,
  packageFileKey,
  sha256,
  SUPPORT_PLACEHOLDER,
  type LoadTimeManifest,
} from '../runtime/load-time/manifest.js';
import type { ModuleInfo } from '../front/index.js';
import { BuildStats, insttsPlugin } from './plugin.js';
import { RewriteCache } from './rewrite-cache.js';
import type { OutputFile } from './write.js';

const loadTimeStart = fileURLToPath(new URL('../runtime/load-time/start.js', import.meta.url));
const loadTimeHooks = fileURLToPath(new URL('../runtime/load-time/esm-hooks.js', import.meta.url));

/** One package file instrumented for load time. */
export interface LoadTimeFile {
  file: string;
  key: string;
  moduleInfo: ModuleInfo;
  format: 'commonjs' | 'module';
  joinPoints: number;
  original: string;
  code: string;
}

export interface LoadTimeResult {
  files: LoadTimeFile[];
  stats: BuildStats;
  warnings: InsttsDiagnostic[];
}

/** What the pass starts from: project files (absolute paths) and package specifiers. */
export interface LoadTimeSeeds {
  files: string[];
  specifiers: string[];
}

/**
 * Follows the imports from `seeds` through node_modules (never through the project's own files'
 * rewriting: those are the main pass's) and instruments the package files the rules match.
 * `supportPath(hookModule)` is where a hook module is written, relative to the support folder.
 */
export async function instrumentPackagesOutsideBundle(
  config: BuildConfig,
  rules: readonly CompiledRule[],
  seeds: LoadTimeSeeds,
  supportPath: (hookModule: string) => string | undefined,
  keepFrontResults: boolean,
): Promise<LoadTimeResult> {
  const stats = new BuildStats();
  const files: LoadTimeFile[] = [];
  const formats = new PackageTypes();
  const useRequire = config.format === 'cjs';
  const seedLines = [
    ...seeds.files.map((f) => `import ${JSON.stringify(f)};`),
    ...seeds.specifiers.map((s) => (useRequire ? `require(${JSON.stringify(s)});` : `import ${JSON.stringify(s)};`)),
  ];
  const plugin = insttsPlugin({
    rules,
    projectRoot: config.projectRoot,
    keepFrontResults,
    compilerOptions: config.compilerOptions,
    stats,
    packagesOnly: true,
    // A package file Node loads as an ES module gets `import`s even when it has no import/export
    // of its own (a `.js` file of a `"type": "module"` package): `require` does not exist there.
    forceImport: (file) => formats.formatOf(file) === 'module',
    rewriteCache: RewriteCache.open(config.projectRoot, rules),
    runtimeSpecifier: () => `${SUPPORT_PLACEHOLDER}/runtime.js`,
    hookSpecifier: (hook) => {
      const at = supportPath(hook);
      return at === undefined ? hook : `${SUPPORT_PLACEHOLDER}/${at}`;
    },
    onInstrumented: (file, moduleInfo, original, code, joinPoints) => {
      const key = packageFileKey(file);
      if (key !== undefined)
        files.push({ file, key, moduleInfo, format: formats.formatOf(file), joinPoints, original, code });
    },
  });
  const warnings: InsttsDiagnostic[] = [];
  if (seedLines.length === 0) return { files, stats, warnings };
  try {
    const result = await esbuild.build({
      absWorkingDir: config.projectRoot,
      stdin: {
        contents: seedLines.join('\n'),
        resolveDir: config.projectRoot,
        sourcefile: '<instts load-time seeds>',
        loader: 'js',
      },
      bundle: true,
      write: false,
      platform: config.platform,
      format: config.format,
      target: config.target,
      logLevel: 'silent',
      outdir: path.join(config.projectRoot, '.instts-load-time'),
      ...(config.tsconfigPath ? { tsconfig: config.tsconfigPath } : {}),
      plugins: [tolerantResolver(config.format === 'cjs'), plugin],
    });
    for (const w of result.warnings)
      if (w.pluginName === 'instts' || /not instrumented/.test(w.text))
        warnings.push(diag(Code.Bundle, `load time: ${w.text}`, undefined, 'warning'));
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw error;
    const first = failure.errors[0];
    warnings.push(
      diag(
        Code.Bundle,
        `cannot follow the program's imports into node_modules (${first?.text ?? 'unknown error'}${first?.location ? ` at ${first.location.file}:${first.location.line}` : ''}): packages outside the bundle are not instrumented`,
        undefined,
        'warning',
      ),
    );
  }
  return { files: await parsingCopies(files, warnings), stats, warnings };
}

/**
 * A copy that would not compile where its original does is dropped (the original loads at run
 * time) with a warning: a rewrite must never be what breaks a program.
 */
async function parsingCopies(files: LoadTimeFile[], warnings: InsttsDiagnostic[]): Promise<LoadTimeFile[]> {
  const parses = async (code: string, format: LoadTimeFile['format']): Promise<boolean> => {
    try {
      await esbuild.transform(code, { loader: 'js', format: format === 'module' ? 'esm' : 'cjs', logLevel: 'silent' });
      return true;
    } catch {
      return false;
    }
  };
  const verdicts = await Promise.all(
    files.map(async (f) => (await parses(f.code, f.format)) || !(await parses(f.original, f.format))),
  );
  for (const [i, ok] of verdicts.entries()) {
    if (!ok)
      warnings.push(
        diag(
          Code.Bundle,
          `not instrumented at load time: the rewrite of ${files[i]!.key} does not parse`,
          { file: files[i]!.file, line: 1, column: 1 },
          'warning',
        ),
      );
  }
  return files.filter((_, i) => verdicts[i]);
}

/**
 * The pass must see every file the program could load, not stop at the first import esbuild
 * cannot take: unresolvable imports (optional dependencies), native addons and other non-JS
 * files are left out of the walk instead of failing it.
 */
function tolerantResolver(requireOutput: boolean): esbuild.Plugin {
  const followed = /\.(?:[cm]?[jt]s|[jt]sx|json)$/;
  return {
    name: 'instts-load-time-resolve',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (
          (args.pluginData as { insttsTolerant?: boolean } | undefined)?.insttsTolerant ||
          args.kind === 'entry-point'
        )
          return undefined;
        // CommonJS output turns the project's import statements into require() calls: resolve them
        // as Node will (the `require` export condition), not as esbuild reads the source.
        const fromProject = !args.importer.split(path.sep).includes('node_modules');
        const kind = requireOutput && fromProject && args.kind === 'import-statement' ? 'require-call' : args.kind;
        const result = await build.resolve(args.path, {
          kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          namespace: args.namespace,
          pluginData: { insttsTolerant: true },
          with: args.with,
        });
        if (result.errors.length > 0) return { path: args.path, external: true };
        if (result.external || (result.namespace === 'file' && !followed.test(result.path)))
          return { path: args.path, external: true };
        return {
          path: result.path,
          namespace: result.namespace,
          sideEffects: result.sideEffects,
          suffix: result.suffix,
        };
      });
    },
  };
}

/** `commonjs` or `module`, as Node decides for a file: extension, then the nearest package.json `type`. */
class PackageTypes {
  private readonly types = new Map<string, 'commonjs' | 'module'>();

  formatOf(file: string): 'commonjs' | 'module' {
    if (/\.m[jt]s$/.test(file)) return 'module';
    if (/\.c[jt]s$/.test(file)) return 'commonjs';
    return this.typeOf(path.dirname(file));
  }

  private typeOf(dir: string): 'commonjs' | 'module' {
    const known = this.types.get(dir);
    if (known) return known;
    let type: 'commonjs' | 'module';
    const pkg = readPackageJson(dir);
    if (pkg !== undefined) type = pkg.type === 'module' ? 'module' : 'commonjs';
    else {
      const parent = path.dirname(dir);
      type = parent === dir || path.basename(dir) === 'node_modules' ? 'commonjs' : this.typeOf(parent);
    }
    this.types.set(dir, type);
    return type;
  }
}

/** The manifest and the instrumented copies, as files under the support folder. */
export function loadTimeOutputs(supportDir: string, files: readonly LoadTimeFile[]): OutputFile[] {
  const manifest: LoadTimeManifest = { version: 1, files: {} };
  const outputs: OutputFile[] = [];
  const seen = new Set<string>();
  // The files come in the order their discovery finished: sorted, the same build writes the same bytes.
  const ordered = files
    .map((f) => ({ f, digest: sha256(f.original) }))
    .sort((a, b) => byText(a.f.key, b.f.key) || byText(a.digest, b.digest) || byText(a.f.format, b.f.format));
  for (const { f, digest } of ordered) {
    const patched = `packages/${f.key.replace(/(\.[^./]*)?$/, `.${digest.slice(0, 8)}$1`)}`;
    const entries = (manifest.files[f.key] ??= []);
    if (entries.some((e) => e.sha256 === digest && e.format === f.format)) continue;
    entries.push({ sha256: digest, patched, format: f.format });
    if (!seen.has(patched)) outputs.push({ path: path.join(supportDir, patched), contents: f.code });
    seen.add(patched);
  }
  outputs.push({ path: path.join(supportDir, MANIFEST_FILE), contents: JSON.stringify(manifest, null, 1) + '\n' });
  return outputs;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `__instts__/load-time.js` (output format) and, for ES module package files, `load-time-hooks.mjs`. */
export async function loadTimeSupport(
  config: BuildConfig,
  supportDir: string,
  withEsmHooks: boolean,
): Promise<OutputFile[]> {
  const common: esbuild.BuildOptions = {
    bundle: true,
    write: false,
    platform: 'node',
    target: config.target,
    logLevel: 'silent',
    absWorkingDir: config.projectRoot,
  };
  const runs: Array<Promise<esbuild.BuildResult>> = [
    esbuild.build({
      ...common,
      entryPoints: [loadTimeStart],
      outfile: path.join(supportDir, 'load-time.js'),
      format: config.format,
      define: { __INSTTS_CJS__: config.format === 'cjs' ? 'true' : 'false' },
    }),
  ];
  if (withEsmHooks)
    runs.push(
      esbuild.build({
        ...common,
        entryPoints: [loadTimeHooks],
        outfile: path.join(supportDir, 'load-time-hooks.mjs'),
        format: 'esm',
      }),
    );
  const results = await Promise.all(runs);
  return results.flatMap((r) => (r.outputFiles ?? []).map((f) => ({ path: f.path, contents: f.contents })));
}

/** Package names (folder key's package part) with what was instrumented in them. */
export interface LoadTimePackage {
  name: string;
  version: string | undefined;
  files: number;
  joinPoints: number;
  esModules: number;
}

export function summarizePackages(files: readonly LoadTimeFile[]): LoadTimePackage[] {
  const byName = new Map<string, LoadTimePackage>();
  for (const f of files) {
    const id = `${f.moduleInfo.module}@${f.moduleInfo.version ?? '?'}`;
    let p = byName.get(id);
    if (!p)
      byName.set(
        id,
        (p = { name: f.moduleInfo.module, version: f.moduleInfo.version, files: 0, joinPoints: 0, esModules: 0 }),
      );
    p.files++;
    p.joinPoints += f.joinPoints;
    if (f.format === 'module') p.esModules++;
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The project's declared dependencies: loaded at run time even when no import names them statically (Nest's platform adapters). */
export function declaredDependencies(projectRoot: string): string[] {
  const pkg = readPackageJson(projectRoot);
  if (pkg === undefined) return [];
  return Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).filter(
    (name) => !name.startsWith('@types/'),
  );
}

/** Does an esbuild `external` pattern (`express`, `@aws-sdk/*`, `*.node`) cover this import? */
export function matchesExternal(specifier: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    if (p.includes('*')) {
      const [before, after] = [p.slice(0, p.indexOf('*')), p.slice(p.indexOf('*') + 1)];
      return (
        specifier.startsWith(before) && specifier.endsWith(after) && specifier.length >= before.length + after.length
      );
    }
    return specifier === p || specifier.startsWith(`${p}/`);
  });
}

/**
 * For a package rule that matched nothing: why it applies nowhere (the package is not installed,
 * its version is outside the rule's range, or nothing the program loads reaches it).
 */
export function whyNotApplied(rule: CompiledRule, projectRoot: string): string {
  const installed = findInstalled(rule.module, projectRoot);
  if (installed === undefined) return `${rule.module} is not installed (looked from ${projectRoot})`;
  if (
    rule.version &&
    !(installed.version && semver.satisfies(installed.version, rule.version, { includePrerelease: true }))
  )
    return `${rule.module}@${installed.version ?? '?'} is installed, the rule wants ${rule.version}`;
  return `nothing the program imports loads ${rule.module}`;
}

function findInstalled(name: string, from: string): { version: string | undefined } | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const pkg = readPackageJson(path.join(dir, 'node_modules', name));
    if (pkg !== undefined) return { version: pkg.version };
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Package rules of the user's own (built-in rule sets name many packages a service never uses). */
export function isPackageRule(rule: CompiledRule): boolean {
  return selectsFiles(rule) && rule.module !== '.' && rule.module !== '*' && !isBuiltinRule(rule);
}
