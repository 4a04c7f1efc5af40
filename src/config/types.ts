// The user-facing config file (`instts.config.ts|mjs|json`) and the resolved build configuration.

import type ts from 'typescript';
import type { RuleSpec } from '../rules/types.js';
import type { ProjectTypescript } from './project-typescript.js';
import type { CommandLineCompilerOptions } from './command-line.js';
import type { InsttsDiagnostic } from '../diagnostics.js';

export type OutputFormat = 'esm' | 'cjs';
export type Platform = 'node' | 'neutral' | 'browser';
export type LogLevel = 'silent' | 'error' | 'warning' | 'info' | 'verbose';

/** What `instts.config.*` may say; every field is optional and the CLI overrides it. */
export interface UserConfig {
  /** Entry points, relative to the config file. Default: package.json `bin`/`main` mapped to sources. */
  entry?: string | string[];
  outDir?: string;
  outfile?: string;
  /** Bundle (default) or emit one file per input like tsc. */
  bundle?: boolean;
  format?: OutputFormat;
  platform?: Platform;
  /** esbuild target(s), e.g. `node20` or `es2022`. Default: tsconfig's target plus node20. */
  target?: string | string[];
  sourcemap?: boolean;
  typecheck?: boolean;
  /** Keep `fn.name` and `Class.name` even when bundling renames a declaration (esbuild keepNames). Default: true. */
  keepNames?: boolean;
  /** Rule files, rule directories, built-in rule sets (`instts:NAME`), or rules written inline. */
  rules?: Array<string | RuleSpec>;
  /** Modules imported first in every entry point (like a prelude rule). */
  prelude?: string[];
  /** Packages (or globs) left out of the bundle. */
  external?: string[];
  report?: string;
  dump?: string;
}

export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

/** Everything a build needs, resolved from CLI flags, the config file and tsconfig. */
export interface BuildConfig {
  cwd: string;
  projectRoot: string;
  tsconfigPath: string | undefined;
  /** tsconfig's compiler options with the command line's applied over them, as tsc applies them. */
  compilerOptions: ts.CompilerOptions;
  /** The command line's compiler options as given, for the type-check to parse with the project's TypeScript. */
  commandLineArgs: string[];
  /** Compiler options on the command line this build cannot honour (errors under `--strict`). */
  commandLineWarnings: InsttsDiagnostic[];
  /** The project's source files (tsconfig `files`/`include`), absolute. */
  fileNames: string[];
  /** tsc's rootDir: the common folder of the sources, the base of per-file output paths. */
  rootDir: string;
  configFile: string | undefined;
  entries: string[];
  outDir: string;
  outfile: string | undefined;
  bundle: boolean;
  format: OutputFormat;
  platform: Platform;
  target: string[];
  sourcemap: boolean;
  /** The map inside each output file (tsc's inlineSourceMap). */
  inlineSourceMap: boolean;
  /** tsc's --extendedDiagnostics / --diagnostics: time per phase after the build. */
  extendedDiagnostics: boolean;
  keepNames: boolean;
  noEmit: boolean;
  typecheck: boolean;
  noEmitOnError: boolean;
  declaration: boolean;
  ruleSources: string[];
  inlineRules: Array<{ specs: RuleSpec[]; file: string; baseDir: string }>;
  preludeImports: string[];
  /** Packages (or globs) left out of the bundle: config `external` plus every `--external`. */
  external: string[];
  /** tsconfig `references`: the referenced projects' tsconfig files (for -b). */
  projectReferences: string[];
  /** The TypeScript that type-checks the project (its own, else instts's). */
  typescript: ProjectTypescript;
  listFiles: boolean;
  listEmittedFiles: boolean;
  report: string | undefined;
  dump: string | undefined;
  pretty: boolean;
  logLevel: LogLevel;
}

/** Flags of `instts build` / `instts inspect` as parsed by the CLI. */
export interface CliOptions {
  /** tsc's compiler options given on the command line (applied over the tsconfig's). */
  compilerOptions?: CommandLineCompilerOptions;
  project?: string;
  config?: string;
  rules?: string[];
  entry?: string[];
  outDir?: string;
  outfile?: string;
  bundle?: boolean;
  format?: string;
  platform?: string;
  target?: string;
  sourcemap?: boolean;
  keepNames?: boolean;
  noEmit?: boolean;
  typecheck?: boolean;
  report?: string;
  dump?: string;
  pretty?: boolean;
  logLevel?: string;
  external?: string[];
  build?: boolean;
}
