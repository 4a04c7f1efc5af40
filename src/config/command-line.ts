// tsc's compiler options given on instts's command line (`instts build --noEmitOnError
// --module nodenext`): parsed by TypeScript's own command-line parser, so values, errors and
// their codes are tsc's, then applied over the tsconfig's as tsc applies them. Each option either
// takes effect in the build or is named in a warning saying why it cannot.

import path from 'node:path';
import ts from '../typescript.cjs';
import { Code, diag, ExitStatus, InsttsError, type InsttsDiagnostic } from '../diagnostics.js';
import { absoluteOptionPaths, optionDeclarations, type OptionDeclaration } from './option-paths.js';

/** A compiler option as given on the command line: its tokens, and the option's name ('' for a file name). */
export interface CompilerArg {
  name: string;
  tokens: string[];
}

/** The command line's compiler options, checked and ready for the build and the type-check. */
export interface CommandLineCompilerOptions {
  /** Parsed, with paths absolute (from the current folder). */
  options: ts.CompilerOptions;
  /** What the type-check is given, to parse with the project's TypeScript and apply over the tsconfig. */
  checkerArgs: string[];
  /** Options this build cannot honour, each named with why (errors under `--strict`). */
  warnings: InsttsDiagnostic[];
}

/** tsc's commands rather than options: a build that ran anyway would not do what was asked. */
const COMMANDS: Record<string, string> = {
  help: 'run instts build --help, or your tsc --help',
  all: 'run your tsc --all',
  version: 'run instts --version, or your tsc --version',
  init: 'run your tsc --init',
  showConfig: 'run your tsc --showConfig',
  listFilesOnly: 'run your tsc --listFilesOnly',
  ignoreConfig: 'instts always reads the tsconfig (-p)',
};

/** Options instts reads itself and does not pass on to the type-check. */
const HANDLED_BY_INSTTS = new Set(['listFiles', 'listEmittedFiles', 'extendedDiagnostics', 'diagnostics']);

/** Options whose effect on tsc's output instts's output has too (or that only the type-check's output involves). */
const HONOURED = new Set([
  'target',
  'module',
  'outDir',
  'rootDir',
  'sourceRoot',
  'newLine',
  'sourceMap',
  'inlineSourceMap',
  'inlineSources',
  'declaration',
  'declarationDir',
  'declarationMap',
  'stripInternal',
  'noEmit',
  'noEmitOnError',
  'incremental',
  'composite',
  'tsBuildInfoFile',
  'esModuleInterop',
  'assumeChangesOnlyAffectDirectDependencies',
]);

const ESBUILD_READS_TSCONFIG =
  'esbuild, which writes the JavaScript, reads it from tsconfig.json only: set it there (the type-check applies it)';

/** Why the output does not follow an option that changes what tsc writes. */
const NOT_FOLLOWED: Record<string, string> = {
  jsx: ESBUILD_READS_TSCONFIG,
  jsxFactory: ESBUILD_READS_TSCONFIG,
  jsxFragmentFactory: ESBUILD_READS_TSCONFIG,
  jsxImportSource: ESBUILD_READS_TSCONFIG,
  reactNamespace: ESBUILD_READS_TSCONFIG,
  experimentalDecorators: ESBUILD_READS_TSCONFIG,
  emitDecoratorMetadata: ESBUILD_READS_TSCONFIG,
  useDefineForClassFields: ESBUILD_READS_TSCONFIG,
  verbatimModuleSyntax: ESBUILD_READS_TSCONFIG,
  preserveValueImports: ESBUILD_READS_TSCONFIG,
  importsNotUsedAsValues: ESBUILD_READS_TSCONFIG,
  alwaysStrict: ESBUILD_READS_TSCONFIG,
  outFile: 'tsc concatenates AMD or System modules; for one bundled file use --outfile (bundle mode, one entry point)',
  out: 'tsc concatenates AMD or System modules; for one bundled file use --outfile (bundle mode, one entry point)',
  emitDeclarationOnly: 'instts writes JavaScript; run your tsc for declarations only',
  importHelpers: 'esbuild writes the helpers it needs into the output, never imports them from tslib',
  noEmitHelpers: 'esbuild writes the helpers it needs into the output',
  downlevelIteration: 'esbuild lowers iteration for the output target its own way',
  emitBOM: 'esbuild writes no byte order mark',
  mapRoot: 'the source maps name their sources as esbuild writes them',
  preserveConstEnums: 'esbuild decides how const enums are written',
  generateTrace: 'compiler tracing: run your tsc with it (instts type-checks with the same TypeScript)',
  generateCpuProfile: 'compiler tracing: run your tsc with it (instts type-checks with the same TypeScript)',
  traceResolution: 'compiler tracing: run your tsc with it (instts type-checks with the same TypeScript)',
  explainFiles: 'compiler tracing: run your tsc with it (instts type-checks with the same TypeScript)',
  locale: "instts's type-check reports in English",
};

/**
 * Parses the compiler options with instts's TypeScript as tsc parses its command line. An option
 * tsc rejects (unknown, bad value, missing argument) fails as tsc fails: its diagnostic, exit 1.
 */
export function parseCompilerArgs(
  args: CompilerArg[],
  cwd: string,
  hasProject: boolean,
  command: string,
  /** tsc's errors found before (a response file that could not be read), reported first. */
  earlier: readonly InsttsDiagnostic[] = [],
): CommandLineCompilerOptions | undefined {
  if (args.length === 0 && earlier.length === 0) return undefined;
  const parsed = ts.parseCommandLine(args.flatMap((a) => a.tokens));
  const errors = [...earlier, ...parsed.errors.map(asTscDiagnostic)];
  if (errors.length > 0) throw new InsttsError(errors, ExitStatus.DiagnosticsPresentOutputsSkipped);
  if (parsed.fileNames.length > 0) {
    if (hasProject) {
      throw new InsttsError(
        { ...diag(5042, "Option 'project' cannot be mixed with source files on a command line."), prefix: 'TS' },
        ExitStatus.DiagnosticsPresentOutputsSkipped,
      );
    }
    throw new InsttsError(
      diag(
        Code.BadOption,
        `instts ${command} takes no file names (${parsed.fileNames.map((f) => `'${f}'`).join(', ')}): name entry points with --entry, and the project with -p`,
      ),
    );
  }
  const commands = Object.keys(parsed.options).filter((name) => name in COMMANDS);
  if (commands.length > 0) {
    throw new InsttsError(
      commands.map((name) =>
        diag(Code.BadOption, `--${name} is one of tsc's commands, not a build option: ${COMMANDS[name]}`),
      ),
    );
  }
  const names = new Set(args.map((a) => a.name));
  return {
    options: absoluteOptionPaths(ts, parsed.options, cwd, (from, p) => path.resolve(from, p)),
    checkerArgs: args
      .filter((a) => !HANDLED_BY_INSTTS.has(a.name) && !(a.name in NOT_FOLLOWED && !isChecked(a.name)))
      .flatMap((a) => a.tokens),
    warnings: [
      ...unhonoured(parsed.options, names),
      ...Object.keys(parsed.watchOptions ?? {}).map((name) =>
        warning(name, "instts's watch mode chooses its watchers itself (TypeScript's, with polling where events fail)"),
      ),
    ],
  };
}

/** Options that still reach the type-check although the output does not follow them. */
function isChecked(name: string): boolean {
  return NOT_FOLLOWED[name] === ESBUILD_READS_TSCONFIG || ['outFile', 'out', 'importHelpers'].includes(name);
}

function unhonoured(options: ts.CompilerOptions, given: Set<string>): InsttsDiagnostic[] {
  const declarations = new Map(optionDeclarations(ts).map((d) => [d.name, d]));
  const warnings: InsttsDiagnostic[] = [];
  for (const name of Object.keys(options)) {
    if (!given.has(name) || HONOURED.has(name) || HANDLED_BY_INSTTS.has(name)) continue;
    const why = NOT_FOLLOWED[name];
    if (why) warnings.push(warning(name, why));
    else if (name === 'removeComments') {
      if (options.removeComments === false) warnings.push(warning(name, 'esbuild keeps only legal comments'));
    } else {
      const decl = declarations.get(name);
      if (decl && (decl.affectsEmit || decl.affectsJsEmit || decl.affectsDeclarationPath))
        warnings.push(
          warning(name, "it changes what tsc writes, and instts's output (written by esbuild) does not follow it"),
        );
    }
  }
  return warnings;
}

function warning(name: string, why: string): InsttsDiagnostic {
  return diag(Code.CompilerOptionNotHonoured, `--${name} is not honoured by this build: ${why}`, undefined, 'warning');
}

/** A TypeScript diagnostic about the command line, printed as tsc prints it: `error TS5023: …`. */
function asTscDiagnostic(d: ts.Diagnostic): InsttsDiagnostic {
  return {
    ...diag(d.code, ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    prefix: 'TS',
    category: d.category === ts.DiagnosticCategory.Error ? 'error' : 'warning',
  };
}

/** The option TypeScript knows by this command-line name (`--noemitonerror`, `-t`), as tsc looks it up. */
export function findCompilerOption(flag: string): { name: string; type: unknown } | undefined {
  const key = flag.replace(/^--?/, '').toLowerCase();
  const watchOptions = (ts as unknown as { optionsForWatch?: readonly OptionDeclaration[] }).optionsForWatch ?? [];
  return [...optionDeclarations(ts), ...watchOptions].find(
    (d) => d.name.toLowerCase() === key || d.shortName?.toLowerCase() === key,
  );
}
