// CLI flags + instts.config.* + tsconfig.json → one BuildConfig. Precedence: CLI, then the
// config file, then tsconfig, then defaults. Every problem is an InsttsError with exit status 3.

import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as jsonc from 'jsonc-parser';
import ts from '../typescript.cjs';
import { Code, diag, ExitStatus, InsttsError, type InsttsDiagnostic } from '../diagnostics.js';
import type { RuleSpec } from '../rules/types.js';
import { readPackageJson } from '../package-json.js';
import { SOURCE_EXTENSIONS } from '../script-kind.js';
import type { BuildConfig, CliOptions, LogLevel, OutputFormat, Platform, UserConfig } from './types.js';
import { CONFIG_SCHEMA } from './config-schema.js';
import { resolveProjectTypescript, type ProjectTypescript } from './project-typescript.js';

/** The config files looked for beside the tsconfig, in this order. */
export const CONFIG_NAMES = [
  'instts.config.ts',
  'instts.config.mts',
  'instts.config.mjs',
  'instts.config.js',
  'instts.config.json',
];
/** The config file's fields (its `$schema` key is for editors and not listed in messages). */
const USER_CONFIG_KEYS = Object.keys(CONFIG_SCHEMA.properties).filter((k) => k !== '$schema') as ReadonlyArray<
  keyof UserConfig
>;
const FORMATS: readonly OutputFormat[] = CONFIG_SCHEMA.properties.format.enum;
const PLATFORMS: readonly Platform[] = CONFIG_SCHEMA.properties.platform.enum;
const LOG_LEVELS: readonly LogLevel[] = ['silent', 'error', 'warning', 'info', 'verbose'];

/** What a command needs beyond the flags. */
export interface LoadOptions {
  /**
   * Entry points are required even when nothing is written (`instts inspect`, which looks at what
   * the entries load); by default only a build that writes needs them.
   */
  requireEntries?: boolean;
}

export async function loadBuildConfig(cli: CliOptions, cwd: string, options: LoadOptions = {}): Promise<BuildConfig> {
  const tsconfigPath = findTsconfig(cli.project, cwd);
  const projectRoot = tsconfigPath ? path.dirname(tsconfigPath) : cwd;
  const typescript = resolveProjectTypescript(projectRoot);
  // tsc's compiler options from the command line apply over the tsconfig's, as tsc applies them
  const fromCommandLine = cli.compilerOptions?.options ?? {};
  const parsed = tsconfigPath
    ? parseTsconfig(tsconfigPath, cli.entry !== undefined && cli.entry.length > 0, typescript, fromCommandLine)
    : undefined;
  const compilerOptions = parsed?.options ?? fromCommandLine;
  const fileNames = (parsed?.fileNames ?? []).map((f) => path.resolve(f));

  const configFile = findConfigFile(cli.config, projectRoot, cwd);
  const user = configFile ? await readUserConfig(configFile) : {};
  const configDir = configFile ? path.dirname(configFile) : projectRoot;
  const fromConfig = (p: string): string => path.resolve(configDir, p);

  const sources = fileNames.filter((f) => !f.endsWith('.d.ts'));
  const rootDir = compilerOptions.rootDir ? path.resolve(compilerOptions.rootDir) : commonDir(sources, projectRoot);
  const outDir = cli.outDir
    ? path.resolve(cwd, cli.outDir)
    : user.outDir
      ? fromConfig(user.outDir)
      : compilerOptions.outDir
        ? path.resolve(compilerOptions.outDir)
        : path.join(projectRoot, 'dist');

  const bundle = cli.bundle ?? user.bundle ?? true;
  const format =
    pick('format', cli.format, user.format, FORMATS, configFile) ?? defaultFormat(projectRoot, compilerOptions);
  const platform = pick('platform', cli.platform, user.platform, PLATFORMS, configFile) ?? 'node';
  const logLevel = pick('log-level', cli.logLevel, undefined, LOG_LEVELS, undefined) ?? 'info';

  // tsconfig's "noEmit": true means what it means to tsc: check, write nothing.
  const noEmit = cli.noEmit || compilerOptions.noEmit === true;
  const entries = resolveEntries({
    cli,
    user,
    cwd,
    projectRoot,
    compilerOptions,
    bundle,
    sources,
    outDir,
    rootDir,
    fromConfig,
    required: !noEmit || options.requireEntries === true,
  });

  const outfile = cli.outfile ? path.resolve(cwd, cli.outfile) : user.outfile ? fromConfig(user.outfile) : undefined;
  if (outfile && (entries.length > 1 || !bundle)) {
    throw new InsttsError(diag(Code.BadOption, '--outfile needs exactly one entry point in bundle mode; use --outDir'));
  }

  // tsc's `--target es2022` on the command line outranks the config file's esbuild targets
  const targetInput = cli.target ?? (fromCommandLine.target === undefined ? user.target : undefined);
  const target = targetInput
    ? (Array.isArray(targetInput) ? targetInput : targetInput.split(',')).map((t) => t.trim()).filter(Boolean)
    : defaultTarget(compilerOptions, platform);
  if (targetInput) await checkTarget(target, cli.target === undefined ? configFile : undefined);

  const { ruleSources, inlineRules } = ruleSourcesOf(cli, user, configFile, configDir, cwd);

  return {
    cwd,
    projectRoot,
    tsconfigPath,
    compilerOptions,
    // --outDir is the build's output folder and stays out of the check (its .d.ts files go there):
    // TypeScript 6 asks for an explicit rootDir once outDir is set, which tsconfig may leave out
    commandLineArgs: cli.compilerOptions?.checkerArgs ?? [],
    commandLineWarnings: [
      ...(cli.compilerOptions?.warnings ?? []),
      ...moduleWarning(fromCommandLine, format, cli.format ?? user.format),
    ],
    fileNames: sources,
    rootDir,
    configFile,
    entries,
    outDir,
    outfile,
    bundle,
    format,
    platform,
    target,
    sourcemap: cli.sourcemap ?? fromCommandLine.sourceMap ?? user.sourcemap ?? true,
    inlineSourceMap: compilerOptions.inlineSourceMap ?? false,
    extendedDiagnostics: !!(compilerOptions.extendedDiagnostics || compilerOptions.diagnostics),
    keepNames: cli.keepNames ?? user.keepNames ?? true,
    noEmit,
    typecheck: cli.typecheck ?? user.typecheck ?? true,
    noEmitOnError: compilerOptions.noEmitOnError ?? false,
    declaration: !!(compilerOptions.declaration || compilerOptions.composite),
    ruleSources,
    inlineRules,
    preludeImports: (user.prelude ?? []).map((p) => (p.startsWith('.') ? fromConfig(p) : p)),
    external: [...(user.external ?? []), ...(cli.external ?? [])],
    typescript,
    projectReferences: (parsed?.projectReferences ?? []).map((r) => ts.resolveProjectReferencePath(r)),
    listFiles: compilerOptions.listFiles === true,
    listEmittedFiles: compilerOptions.listEmittedFiles === true,
    report: cli.report ? path.resolve(cwd, cli.report) : user.report ? fromConfig(user.report) : undefined,
    dump: cli.dump ? path.resolve(cwd, cli.dump) : user.dump ? fromConfig(user.dump) : undefined,
    pretty: cli.pretty ?? !!process.stdout.isTTY,
    logLevel,
  };
}

/** What `resolveEntries` decides from. */
interface EntryInputs {
  cli: CliOptions;
  user: UserConfig;
  cwd: string;
  projectRoot: string;
  compilerOptions: ts.CompilerOptions;
  bundle: boolean;
  /** The program's source files (no .d.ts). */
  sources: string[];
  outDir: string;
  rootDir: string;
  fromConfig: (p: string) => string;
  /** No entry point is an error (a build that writes, or `inspect`). */
  required: boolean;
}

/**
 * The entry points: --entry, else the config's `entry`, else every source (per-file mode), else
 * what package.json's bin/main point at (mapped back from the output folder to the sources).
 * A missing entry point, or none at all when something is to be written (or inspected), is an error.
 */
function resolveEntries(inputs: EntryInputs): string[] {
  const { cli, user, cwd, projectRoot, compilerOptions, bundle, sources, outDir, rootDir, fromConfig, required } =
    inputs;
  let entries: string[];
  let unresolvedEntries: UnresolvedEntry[] = [];
  let packageOutDirs: string[] = [];
  if (cli.entry && cli.entry.length > 0) entries = cli.entry.map((e) => path.resolve(cwd, e));
  else if (user.entry !== undefined) entries = (Array.isArray(user.entry) ? user.entry : [user.entry]).map(fromConfig);
  else if (!bundle) entries = sources;
  else {
    // package.json names the project's usual build output, which --outDir may have moved elsewhere
    const usualOutDir = compilerOptions.outDir ? path.resolve(compilerOptions.outDir) : path.join(projectRoot, 'dist');
    packageOutDirs = [...new Set([outDir, usualOutDir])];
    ({ entries, unresolved: unresolvedEntries } = entriesFromPackageJson(projectRoot, packageOutDirs, rootDir));
  }
  if (!bundle && entries.length === 0) entries = sources;
  const missing = entries.filter((e) => !fs.existsSync(e));
  if (missing.length > 0) {
    throw new InsttsError(
      missing.map((m) => diag(Code.EntryMissing, `entry point '${path.relative(cwd, m) || m}' does not exist`)),
    );
  }
  if (entries.length === 0 && required) throw noEntryError(cwd, unresolvedEntries, packageOutDirs, rootDir);
  return entries;
}

/**
 * Rule files and built-in sets: the config file's first (relative to it), then --rules. Rules
 * written inline in the config file are kept apart, with the file they came from.
 */
function ruleSourcesOf(
  cli: CliOptions,
  user: UserConfig,
  configFile: string | undefined,
  configDir: string,
  cwd: string,
): Pick<BuildConfig, 'ruleSources' | 'inlineRules'> {
  const ruleSources: string[] = [];
  const inlineRules: BuildConfig['inlineRules'] = [];
  const inline: RuleSpec[] = [];
  for (const entry of user.rules ?? []) {
    if (typeof entry === 'string')
      ruleSources.push(entry.startsWith('instts:') ? entry : path.resolve(configDir, entry));
    else inline.push(entry);
  }
  if (inline.length > 0 && configFile) inlineRules.push({ specs: inline, file: configFile, baseDir: configDir });
  for (const r of cli.rules ?? []) ruleSources.push(r.startsWith('instts:') ? r : path.resolve(cwd, r));
  return { ruleSources, inlineRules };
}

function findTsconfig(project: string | undefined, cwd: string): string | undefined {
  if (project === undefined) {
    const candidate = path.join(cwd, 'tsconfig.json');
    return fs.existsSync(candidate) ? candidate : undefined;
  }
  const resolved = path.resolve(cwd, project);
  let file = resolved;
  if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) file = path.join(resolved, 'tsconfig.json');
  if (!fs.existsSync(file)) {
    throw new InsttsError(
      diag(Code.TsconfigMissing, `cannot find a tsconfig.json at '${project}' (the specified path does not exist)`),
    );
  }
  return file;
}

/**
 * tsconfig.json (with its `extends`), read with instts's TypeScript for the build's own options.
 * Broken JSON is one located error (exit 3). Other complaints about options are left to the
 * project's TypeScript when it is a different version: its tsc decides what it accepts and
 * reports it in its own words during the type-check.
 */
function parseTsconfig(
  file: string,
  hasExplicitEntries: boolean,
  checker: ProjectTypescript,
  optionsToExtend: ts.CompilerOptions,
): ts.ParsedCommandLine {
  const problems: ts.Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => problems.push(d),
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(file, optionsToExtend, host);
  const syntax = parsed ? ts.getConfigFileParsingDiagnostics(parsed).filter((d) => d.file && d.code < 2000) : [];
  if (syntax.length > 0) throw new InsttsError(tsDiagnosticAsTsc(syntax[0]!));
  const sameVersion = checker.version === ts.version;
  const errors = [...problems, ...(parsed?.errors ?? [])].filter(
    // "No inputs were found" is not fatal when the entry points are given explicitly
    (d) =>
      d.category === ts.DiagnosticCategory.Error &&
      !(hasExplicitEntries && d.code === 18003) &&
      (sameVersion || !parsed),
  );
  if (!parsed || errors.length > 0) {
    throw new InsttsError(errors.map((d) => tsDiagnosticToInstts(d, Code.TsconfigInvalid)));
  }
  return parsed;
}

/** `--module` decides the output format only when package.json has no "type" and --format is not given. */
function moduleWarning(
  fromCommandLine: ts.CompilerOptions,
  format: OutputFormat,
  explicitFormat: string | undefined,
): InsttsDiagnostic[] {
  const m = fromCommandLine.module;
  if (m === undefined) return [];
  const wants: OutputFormat | undefined =
    m === ts.ModuleKind.CommonJS ? 'cjs' : m >= ts.ModuleKind.ES2015 && m <= ts.ModuleKind.ESNext ? 'esm' : undefined;
  if (wants === undefined || wants === format) return [];
  const why = explicitFormat
    ? `--format ${format} (or the config file's "format") decides the output format`
    : `package.json "type" decides the output format (${format}); use --format ${wants} for ${wants === 'cjs' ? 'CommonJS' : 'ES module'} output`;
  return [
    diag(
      Code.CompilerOptionNotHonoured,
      `--module ${ts.ModuleKind[m]!.toLowerCase()} is applied to the type-check, but ${why}`,
      undefined,
      'warning',
    ),
  ];
}

/** A TypeScript diagnostic printed as tsc prints it: `tsconfig.json(2,3): error TS1005: ',' expected.` */
function tsDiagnosticAsTsc(d: ts.Diagnostic): InsttsDiagnostic {
  const converted = tsDiagnosticToInstts(d, d.code);
  return { ...converted, prefix: 'TS', message: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
}

function tsDiagnosticToInstts(d: ts.Diagnostic, code: number): InsttsDiagnostic {
  const message = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  if (d.file && d.start !== undefined) {
    const at = d.file.getLineAndCharacterOfPosition(d.start);
    return diag(code, message, { file: d.file.fileName, line: at.line + 1, column: at.character + 1 });
  }
  return diag(code, message);
}

function findConfigFile(explicit: string | undefined, projectRoot: string, cwd: string): string | undefined {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!fs.existsSync(file))
      throw new InsttsError(diag(Code.ConfigMissing, `config file '${explicit}' does not exist`));
    return file;
  }
  for (const name of CONFIG_NAMES) {
    const file = path.join(projectRoot, name);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

async function readUserConfig(file: string): Promise<UserConfig> {
  let value: unknown;
  let locate: ((key: string) => { line: number; column: number } | undefined) | undefined;
  try {
    if (file.endsWith('.json')) {
      const text = fs.readFileSync(file, 'utf8');
      value = parseJsonConfig(text, file);
      const root = jsonc.parseTree(text);
      locate = (key) => {
        const keyNode = root && jsonc.findNodeAtLocation(root, [key])?.parent?.children?.[0];
        return keyNode ? jsonPosition(text, keyNode.offset) : undefined;
      };
    } else value = await importConfigModule(file);
  } catch (error) {
    if (error instanceof InsttsError) throw error;
    throw new InsttsError(diag(Code.ConfigInvalid, `cannot load config: ${(error as Error).message}`, { file }));
  }
  return validateUserConfig(value, file, locate);
}

/** JSON.parse, with a syntax error reported at its line and column. */
function parseJsonConfig(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const errors: jsonc.ParseError[] = [];
    jsonc.parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    const what = first
      ? jsonc
          .printParseErrorCode(first.error)
          .replace(/([a-z])([A-Z])/g, '$1 $2')
          .toLowerCase()
      : 'value expected';
    throw new InsttsError(
      diag(Code.ConfigInvalid, `invalid JSON: ${what}`, { file, ...jsonPosition(text, first?.offset ?? 0) }),
    );
  }
}

function jsonPosition(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** esbuild's own check of --target, so a typo is a config error rather than a failed build. */
async function checkTarget(target: string[], configFile: string | undefined): Promise<void> {
  try {
    await esbuild.transform('', { target });
  } catch (error) {
    const text =
      (error as { errors?: esbuild.Message[] }).errors?.[0]?.text ??
      (error as Error).message.replace(/^Transform failed with \d+ errors?:\n/, '');
    throw new InsttsError(
      diag(
        Code.BadOption,
        `invalid target '${target.join(',')}': ${text}`,
        configFile ? { file: configFile } : undefined,
      ),
    );
  }
}

/** TS configs are bundled to a temporary .mjs next to the original (so bare imports resolve) and imported. */
async function importConfigModule(file: string): Promise<unknown> {
  let target = file;
  let temporary: string | undefined;
  if (/\.[cm]?ts$/.test(file)) {
    temporary = path.join(path.dirname(file), `.instts.config.${process.pid}.${Date.now()}.mjs`);
    try {
      await esbuild.build({
        entryPoints: [file],
        outfile: temporary,
        bundle: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        logLevel: 'silent',
        sourcemap: 'inline',
      });
    } catch (error) {
      const failure = error as { errors?: esbuild.Message[] };
      const first = failure.errors?.[0];
      throw new InsttsError(
        diag(
          Code.ConfigInvalid,
          first?.text ?? String(error),
          first?.location
            ? { file: first.location.file, line: first.location.line, column: first.location.column + 1 }
            : { file },
        ),
      );
    }
    target = temporary;
  }
  try {
    const mod = (await import(pathToFileURL(target).href)) as { default?: unknown };
    return mod.default;
  } finally {
    if (temporary) fs.rmSync(temporary, { force: true });
  }
}

function validateUserConfig(
  value: unknown,
  file: string,
  locate?: (key: string) => { line: number; column: number } | undefined,
): UserConfig {
  const fail = (message: string, key?: string): never => {
    throw new InsttsError(
      diag(Code.ConfigInvalid, message, { file, ...(key !== undefined ? locate?.(key) : undefined) }),
    );
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('the config must export an object (use `export default defineConfig({...})`)');
  }
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (key !== '$schema' && !USER_CONFIG_KEYS.includes(key as keyof UserConfig)) {
      fail(`unknown config field '${key}' (expected one of: ${USER_CONFIG_KEYS.join(', ')})`, key);
    }
  }
  const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
  for (const key of ['$schema', 'outDir', 'outfile', 'report', 'dump'] as const) {
    if (config[key] !== undefined && typeof config[key] !== 'string') fail(`'${key}' must be a string`, key);
  }
  for (const key of ['bundle', 'sourcemap', 'typecheck', 'keepNames'] as const) {
    if (config[key] !== undefined && typeof config[key] !== 'boolean') fail(`'${key}' must be true or false`, key);
  }
  for (const key of ['entry', 'target'] as const) {
    if (config[key] !== undefined && typeof config[key] !== 'string' && !isStringList(config[key]))
      fail(`'${key}' must be a string or a list of strings`, key);
  }
  for (const key of ['prelude', 'external'] as const) {
    if (config[key] !== undefined && !isStringList(config[key])) fail(`'${key}' must be a list of strings`, key);
  }
  if (
    config.rules !== undefined &&
    (!Array.isArray(config.rules) ||
      !config.rules.every((r) => typeof r === 'string' || (typeof r === 'object' && r !== null)))
  ) {
    fail("'rules' must be a list of rule file paths, `instts:NAME` names, or rule objects", 'rules');
  }
  return config as UserConfig;
}

function pick<T extends string>(
  flag: string,
  cli: string | undefined,
  user: string | undefined,
  allowed: readonly T[],
  configFile: string | undefined,
): T | undefined {
  const value = cli ?? user;
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw new InsttsError(
      diag(
        Code.BadOption,
        `invalid ${flag} '${value}' (expected one of: ${allowed.join(', ')})`,
        cli === undefined && configFile ? { file: configFile } : undefined,
      ),
    );
  }
  return value as T;
}

function defaultFormat(projectRoot: string, options: ts.CompilerOptions): OutputFormat {
  // No package.json, or no type in it: decide from tsconfig.
  const pkg = readPackageJson(projectRoot);
  if (pkg?.type === 'module') return 'esm';
  if (pkg?.type === 'commonjs') return 'cjs';
  const m = options.module;
  return m !== undefined && m >= ts.ModuleKind.ES2015 && m <= ts.ModuleKind.ESNext ? 'esm' : 'cjs';
}

function defaultTarget(options: ts.CompilerOptions, platform: Platform): string[] {
  const targets: string[] = [];
  if (
    options.target !== undefined &&
    options.target !== ts.ScriptTarget.ESNext &&
    options.target >= ts.ScriptTarget.ES2015
  ) {
    targets.push(ts.ScriptTarget[options.target]!.toLowerCase());
  }
  if (platform === 'node') targets.push('node20');
  return targets.length > 0 ? targets : ['esnext'];
}

/** package.json `bin`/`main` name built files; map them back to the sources they come from. */
/** A package.json `main`/`bin` that names no file this build can start from, and what was looked for. */
interface UnresolvedEntry {
  field: string;
  value: string;
  tried: string[];
  /** The path lies in none of the output folders, so it maps to no source under rootDir. */
  outsideOutDirs: boolean;
}

function entriesFromPackageJson(
  projectRoot: string,
  outDirs: string[],
  rootDir: string,
): { entries: string[]; unresolved: UnresolvedEntry[] } {
  const pkg = readPackageJson(projectRoot);
  if (pkg === undefined) return { entries: [], unresolved: [] };
  const bins: Array<[string, string]> =
    typeof pkg.bin === 'string'
      ? [['bin', pkg.bin]]
      : Object.entries(pkg.bin ?? {}).map(([name, file]) => [`bin.${name}`, file]);
  const built: Array<[string, string]> = [
    ...bins,
    ...(typeof pkg.main === 'string' && pkg.main ? [['main', pkg.main] as [string, string]] : []),
  ];
  const entries: string[] = [];
  const unresolved: UnresolvedEntry[] = [];
  for (const [field, item] of built) {
    const abs = path.resolve(projectRoot, item);
    const candidates = outDirs
      .map((outDir) => path.relative(outDir, abs))
      .filter((rel) => !rel.startsWith('..') && !path.isAbsolute(rel))
      .map((rel) => path.join(rootDir, rel));
    const outsideOutDirs = candidates.length === 0;
    candidates.push(abs);
    const tried = candidates.flatMap((c) => withSourceExtensions(c));
    const found = tried.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    if (!found) unresolved.push({ field, value: item, tried: [...new Set(tried)], outsideOutDirs });
    else if (!entries.includes(found)) entries.push(found);
  }
  return { entries, unresolved };
}

/** The no-entry error; when package.json names a main/bin, what was tried for it. */
function noEntryError(cwd: string, unresolved: UnresolvedEntry[], outDirs: string[], rootDir: string): InsttsError {
  const rel = (p: string) => path.relative(cwd, p) || '.';
  if (unresolved.length === 0) {
    return new InsttsError(
      diag(
        Code.NoEntry,
        'no entry point: pass --entry <file>, set "entry" in instts.config, or give package.json a "main" or "bin"',
      ),
    );
  }
  return new InsttsError(
    unresolved.map((u) =>
      diag(
        Code.NoEntry,
        `no entry point: package.json "${u.field}" is '${u.value}', and no source was found for it` +
          (u.outsideOutDirs
            ? ` (it is outside the output folder${outDirs.length > 1 ? 's' : ''} ${outDirs.map((d) => `'${rel(d)}'`).join(' and ')}, so it maps to no file under rootDir '${rel(rootDir)}')`
            : '') +
          `; tried ${u.tried.map((t) => `'${rel(t)}'`).join(', ')}. Pass --entry <file> or set "entry" in instts.config`,
      ),
    ),
  );
}

function withSourceExtensions(file: string): string[] {
  const stem = file.replace(/\.[cm]?js$/, '');
  return [file, ...SOURCE_EXTENSIONS.map((ext) => stem + ext)];
}

function commonDir(files: string[], fallback: string): string {
  if (files.length === 0) return fallback;
  let common = path.dirname(files[0]!);
  for (const f of files) {
    while (!(f + path.sep).startsWith(common + path.sep) && common !== path.dirname(common))
      common = path.dirname(common);
  }
  return common;
}

export { ExitStatus };
