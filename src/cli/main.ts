// `instts` command line: build, inspect, rules check. Flags and exit codes follow tsc; every
// failure the user can cause prints a located message, never a stack trace.

import { Command, CommanderError, Option } from 'commander';
import { CONFIG_NAMES, loadBuildConfig } from '../config/load.js';
import type { BuildConfig, CliOptions } from '../config/types.js';
import { Code, diag, ExitStatus, formatDiagnostic, InsttsError, type InsttsDiagnostic } from '../diagnostics.js';
import { runBuild, type BuildIO } from '../emit/build.js';
import { BUILTIN_RULES_DIR, checkRuleFiles, loadRules } from '../rules/load.js';
import type { CompiledRule } from '../rules/types.js';
import { PACKAGE_VERSION } from '../version.js';
import { renderInspect, inspectJson } from './inspect-format.js';
import { watchBuild } from './watch.js';
import { buildReferences } from './references.js';
import { parseCompilerArgs, type CompilerArg } from '../config/command-line.js';
import { SET_BY_TSC, splitArgs, type Rejected } from './tsc-args.js';

/** tsc's compiler options on the command line, and the tsc flags `instts build` does not take (shown by `instts build --help`). */
const TSC_OPTIONS_HELP = `
tsc's compiler options are taken too, as tsc takes them, and apply over tsconfig.json's:
  instts build -p . --noEmitOnError --module nodenext --sourceMap false --lib es2022,dom
An option the build cannot honour (--importHelpers, --jsx, ...) is named in a warning.
@file reads arguments from a file, as tsc's response files (instts's options may be in it too).

tsc's commands instts build does not take: --init, --showConfig, --listFilesOnly (use your tsc).
--outFile is tsc's concatenation of AMD/System modules: for one bundled file use --outfile.

--strict is instts's own option, not tsc's: TypeScript's strict checks are "strict" in
tsconfig.json. --target takes tsc's values (es2022, esnext) and esbuild's lists (node20,es2022).
`;

/** Why `instts inspect --help` lists fewer options than `instts build --help`. */
const INSPECT_LEAVES_OUT = `
inspect writes nothing and does not type-check: the build's options about output, type-check
and printing (--report, --dump, -d, --typecheck, --noEmit, --listEmittedFiles,
--extendedDiagnostics, --sourcemap, --log-level, ...) are instts build's alone.
`;

const defaultIO: BuildIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export async function main(
  argv: string[],
  io: BuildIO = defaultIO,
  cwd: string = process.cwd(),
  watchUntil?: Promise<void>,
): Promise<number> {
  let exitCode = 0;
  // tsc's compiler options among build's or inspect's arguments, parsed by TypeScript, not commander
  const compilerArgs: CommandLineArgs = { args: [], errors: [] };
  const program = new Command('instts')
    .description('Build-time instrumentation compiler for TypeScript/Node.js')
    .version(PACKAGE_VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run instts --help for the list of options)');

  withOutputOptions(
    withProjectOptions(program.command('build').description('type-check, instrument and emit (replaces tsc)')),
  )
    .option(
      '-w, --watch',
      'build, then build again when a source, tsconfig, the instts config, a rule file or a hook module changes',
    )
    .option('--preserveWatchOutput', 'in watch mode, do not clear the screen before each build')
    .addHelpText('after', TSC_OPTIONS_HELP)
    .option(
      '-b, --build',
      "first build the projects tsconfig `references` names, with the project's tsc -b (dependency order, exit status as tsc -b)",
    )
    .option(
      '--strict',
      'instts\'s warnings are errors: a rule that matches nothing or cannot apply anywhere fails the build, which writes nothing (not tsc\'s --strict: that is "strict" in tsconfig.json)',
    )
    .action(async (opts: BuildCommandOptions) => {
      exitCode = await buildCommand(withCompilerOptions(opts, compilerArgs, cwd, 'build'), cwd, io, watchUntil);
    });

  withProjectOptions(
    program.command('inspect').description('dry run: what each rule matches, and what it skipped and why'),
  )
    .option('--json', 'print JSON instead of a table')
    .option('--strict', 'a rule that matches nothing is an error')
    .addHelpText('after', INSPECT_LEAVES_OUT)
    .action(async (opts: InspectCommandOptions) => {
      exitCode = await inspectCommand(withCompilerOptions(opts, compilerArgs, cwd, 'inspect'), cwd, io);
    });

  program
    .command('rules')
    .description('rule file tools')
    .command('check')
    .description('validate rule files (schema, globs, regexes, semver ranges, hook modules and exports)')
    .argument('<files...>', 'rule files or folders')
    .action(async (files: string[]) => {
      const { files: count, rules } = await checkRuleFiles(files, cwd);
      io.out(`instts: ${count} rule file${count === 1 ? '' : 's'} valid, ${rules} rule${rules === 1 ? '' : 's'}\n`);
    });

  pointToOwnHelp(program);

  try {
    await program.parseAsync(withCompilerOptionsApart(program, argv, compilerArgs, cwd), { from: 'user' });
  } catch (error) {
    return handleError(error, io);
  }
  return exitCode;
}

/** tsc's compiler options of the command line, and tsc's errors found while reading them (response files). */
interface CommandLineArgs {
  args: CompilerArg[];
  errors: InsttsDiagnostic[];
}

/**
 * `instts build` and `instts inspect`: their arguments without tsc's compiler options, which are
 * put in `compilerArgs` (inspect leaves the build's output options to commander, which rejects them).
 */
function withCompilerOptionsApart(
  program: Command,
  argv: string[],
  compilerArgs: CommandLineArgs,
  cwd: string,
): string[] {
  const command = program.commands.find((c) => c.name() === argv[0]);
  if (!command || (argv[0] !== 'build' && argv[0] !== 'inspect')) return argv;
  const { own, compiler, errors } = splitArgs(
    argv.slice(1),
    command,
    argv[0] === 'inspect' ? inspectRejects(program) : undefined,
    cwd,
  );
  compilerArgs.args.push(...compiler);
  compilerArgs.errors.push(...errors);
  return [argv[0], ...own];
}

/** `instts inspect` rejects the build's own options it does not take, and the build's output options. */
function inspectRejects(program: Command): Rejected {
  const flagsOf = (name: string): string[] =>
    (program.commands.find((c) => c.name() === name)?.options ?? []).flatMap((o) =>
      [o.long, o.short].filter((f): f is string => f !== undefined),
    );
  const inspectFlags = new Set(flagsOf('inspect'));
  return { flags: new Set(flagsOf('build').filter((f) => !inspectFlags.has(f))), names: SET_BY_TSC };
}

/** The command's options with tsc's compiler options parsed (tsc's errors and exit status for bad ones). */
function withCompilerOptions<T extends CliOptions>(opts: T, given: CommandLineArgs, cwd: string, command: string): T {
  const compilerOptions = parseCompilerArgs(given.args, cwd, opts.project !== undefined, command, given.errors);
  return compilerOptions ? { ...opts, compilerOptions } : opts;
}

/** The options `build` and `inspect` share: what the build loads and how the rules see it (most of them tsc's). */
function withProjectOptions(cmd: Command): Command {
  return cmd
    .option('-p, --project <path>', 'tsconfig.json, or a folder containing one (default: ./tsconfig.json)')
    .option('-c, --config <file>', `instts config file (default: ${configNames()} beside tsconfig)`)
    .option(
      '--rules <file|dir|instts:name>',
      'rule file, folder of rule files, or built-in rule set; repeatable',
      collect,
    )
    .option(
      '--entry <file>',
      'entry point; repeatable (default: config "entry", else with --no-bundle every source file, else package.json bin/main)',
      collect,
    )
    .option('--outDir <dir>', 'output folder (default: tsconfig outDir, else dist)')
    .option('--outfile <file>', 'output file (bundle mode, one entry point)')
    .option('--bundle', 'bundle the entry points with their dependencies (default)')
    .option('--no-bundle', 'emit one file per source file, like tsc')
    .addOption(new Option('--format <format>', 'output module format').choices(['esm', 'cjs']))
    .addOption(new Option('--platform <platform>', 'esbuild platform').choices(['node', 'neutral', 'browser']))
    .option(
      '--target <targets>',
      "tsc's target (es2022), or esbuild targets of the output, comma-separated (node20,es2022) (default: tsconfig target + node20)",
    )
    .option('--external <pkg>', 'leave a package (or glob: @aws-sdk/*) out of the bundle; repeatable', collect);
}

/** Options of `build` alone: what it writes, type-checks and prints (`inspect` writes nothing and does not type-check). */
function withOutputOptions(cmd: Command): Command {
  return cmd
    .option('--sourcemap', 'write source maps (default)')
    .option('--no-sourcemap', 'do not write source maps')
    .option('--sourceMap [bool]', "tsc's name for --sourcemap: --sourceMap false writes none")
    .option(
      '--inlineSourceMap [bool]',
      'put each source map inside its output file (default: tsconfig inlineSourceMap)',
    )
    .option('--keep-names', 'keep function and class names when bundling renames declarations (default)')
    .option('--no-keep-names', "use esbuild's renamed names")
    .option('--noEmit [bool]', 'type-check and match only; write nothing')
    .option('--typecheck', 'type-check alongside the build (default)')
    .option('--no-typecheck', 'skip the type-check')
    .option(
      '-d, --declaration [bool]',
      'write .d.ts files for the sources, as tsc does (default: tsconfig declaration)',
    )
    .option('--extendedDiagnostics', 'print the time each phase took (also --diagnostics)')
    .addOption(new Option('--diagnostics', 'same as --extendedDiagnostics').hideHelp())
    .option('--listFiles', "print the names of the files the type-check's program holds (tsc --listFiles)")
    .option('--listEmittedFiles', 'print the names of the files written (tsc --listEmittedFiles)')
    .option('--report <file.json>', 'write a JSON report: files, matches per rule, time per phase')
    .option('--dump <dir>', 'write every instrumented file as handed to esbuild')
    .option('--pretty [bool]', 'colour and code frames in diagnostics (default: on for a terminal)', parseBool)
    .addOption(
      new Option('--log-level <level>', 'how much to print').choices(['silent', 'error', 'warning', 'info', 'verbose']),
    );
}

type BuildCommandOptions = CliOptions & { watch?: boolean; preserveWatchOutput?: boolean; strict?: boolean };
type InspectCommandOptions = CliOptions & { json?: boolean; strict?: boolean };

/** `instts build`: once, or in watch mode; with `-b`, the referenced projects first. */
async function buildCommand(
  opts: BuildCommandOptions,
  cwd: string,
  io: BuildIO,
  watchUntil: Promise<void> | undefined,
): Promise<number> {
  if (opts.watch) {
    return watchBuild(opts, cwd, io, {
      preserveWatchOutput: !!opts.preserveWatchOutput,
      strict: !!opts.strict,
      loadRules: loadAllRules,
      until: watchUntil,
      buildReferences: !!opts.build,
    });
  }
  const config = await loadBuildConfig(opts, cwd);
  const rules = await loadAllRules(config);
  if (opts.build) {
    const referencesExit = await buildReferences(config, io);
    if (referencesExit !== 0) return referencesExit;
  }
  const outcome = await runBuild(config, rules, io, { strict: !!opts.strict });
  return outcome.exitStatus;
}

/** `instts inspect`: a silent build that writes nothing, then what each rule matched. */
async function inspectCommand(opts: InspectCommandOptions, cwd: string, io: BuildIO): Promise<number> {
  // Nothing is written, but what is inspected is what the entry points load: none is an error.
  const config = await loadBuildConfig({ ...opts, typecheck: false, noEmit: true }, cwd, { requireEntries: true });
  const rules = await loadAllRules(config);
  const outcome = await runBuild({ ...config, logLevel: 'silent' }, rules, io, { inspect: true });
  io.out(
    opts.json
      ? JSON.stringify(inspectJson(config, rules, outcome), null, 2) + '\n'
      : renderInspect(config, rules, outcome, !!opts.strict),
  );
  // Also as diagnostics, for problem matchers in CI (errors under --strict).
  for (const w of outcome.warnings) io.err(formatDiagnostic(opts.strict ? { ...w, category: 'error' } : w) + '\n');
  if (outcome.exitStatus === 0 && opts.strict && outcome.warnings.length > 0) return ExitStatus.InvalidProject;
  return outcome.exitStatus;
}

async function loadAllRules(config: BuildConfig): Promise<CompiledRule[]> {
  return loadRules(config.ruleSources, {
    cwd: config.cwd,
    builtinDir: BUILTIN_RULES_DIR,
    // Rules written in the config file are checked in the same pass (duplicate ids, all errors at once).
    inline: config.inlineRules.map((inline) => ({
      specs: inline.specs,
      origin: { file: inline.file, baseDir: inline.baseDir },
    })),
  });
}

function handleError(error: unknown, io: BuildIO): number {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    )
      return 0;
    return ExitStatus.InvalidProject; // commander already printed what was wrong
  }
  if (error instanceof InsttsError) {
    for (const d of error.diagnostics) io.err(formatDiagnostic(d) + '\n');
    return error.exitStatus;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`instts: internal error: ${message}\n`);
  if (process.env.INSTTS_DEBUG) io.err(`${(error as Error)?.stack ?? ''}\n`);
  return ExitStatus.DiagnosticsPresentOutputsSkipped;
}

/** `instts.config.{ts,mts,mjs,js,json}`: the names the config file is looked for under. */
function configNames(): string {
  return `instts.config.{${CONFIG_NAMES.map((name) => name.slice('instts.config.'.length)).join(',')}}`;
}

/** Repeatable options start undefined (no `[]` default: commander would print "(default: [])" in --help). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parseBool(value: string | undefined): boolean {
  if (value === undefined) return true;
  if (/^(true|1|yes|on)$/i.test(value)) return true;
  if (/^(false|0|no|off)$/i.test(value)) return false;
  throw new InsttsError(diag(Code.BadOption, `--pretty expects true or false, got '${value}'`));
}

/** A mistyped option of a command points to that command's help, where its options are listed. */
function pointToOwnHelp(command: Command, path = ''): void {
  for (const sub of command.commands) {
    const name = `${path}${sub.name()}`;
    sub.showHelpAfterError(`(run instts ${name} --help for its options)`);
    pointToOwnHelp(sub, `${name} `);
  }
}
