// The type-check, with the project's own TypeScript (see project-typescript.ts): tsc's
// diagnostics for the project, formatted as that version's tsc formats them (plain
// `file(line,col): error TSxxxx: …`, or pretty with colour and code frames), plus declarations.
// A JS-API TypeScript runs on a worker thread; TypeScript 7 runs as the project's `tsc --noEmit`.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type TS from 'typescript';
import type { ProjectTypescript } from '../config/project-typescript.js';
import { absoluteOptionPaths } from '../config/option-paths.js';

type TypescriptApi = typeof TS;

export interface TypecheckRequest {
  cwd: string;
  tsconfigPath: string | undefined;
  /** tsc's compiler options from the command line, applied over the tsconfig's as tsc applies them. */
  commandLineArgs?: string[];
  /** Files to check when there is no tsconfig (the entry points). */
  rootNames: string[];
  pretty: boolean;
  /** Emit declarations (per-file mode with `declaration: true`). */
  declarations: boolean;
  /** Where declarations go (tsc's outDir / declarationDir). */
  outDir: string;
  /** tsconfig declarationDir, when set. */
  declarationDir?: string;
  /** The TypeScript that checks the project. */
  typescript: ProjectTypescript;
  /** Print tsc's pretty "Found N errors in N files" summary (default); watch mode has its own line. */
  summary?: boolean;
  /** Hook modules (TypeScript files of rules): checked with the project's options when the project's program does not hold them. */
  hookModules?: string[];
  /** tsc's --listFiles: print the program's files after the diagnostics. */
  listFiles?: boolean;
  /** `--noEmit` on the command line: the check runs with it, as `tsc --noEmit` does. */
  noEmit?: boolean;
}

export interface TypecheckResult {
  errorCount: number;
  warningCount: number;
  /** Ready to print: tsc's own formatting, including its summary line. */
  output: string;
  /** `file:line:column` (absolute path, 1-based) of every error, to drop the build's repeats of them. */
  errorLocations: string[];
  declarations: Array<{ path: string; text: string }>;
  /** Files tsc wrote itself (the .tsbuildinfo of an incremental project). */
  written: string[];
  /** The files of the program, for --listFiles. */
  files: string[];
  /** TypeScript 7: the exit status of the project's own `tsc --noEmit`. */
  exitCode?: number;
  /**
   * An incremental project's emit (its .tsbuildinfo) was skipped: nothing changed since the last
   * check. tsc then exits 1 instead of 2 on errors with --noEmit, and so does the build.
   */
  buildInfoEmitSkipped?: boolean;
  ms: number;
}

/** Options tsc uses when there is no tsconfig (the entry points are checked on their own). */
function defaultOptions(ts: TypescriptApi): TS.CompilerOptions {
  return {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
  };
}

/**
 * What a long-lived type-check (watch mode) keeps between runs: the last builder program, so only
 * changed files and their dependents are checked again, and parsed files by modification time.
 */
export interface TypecheckState {
  previous?: TS.EmitAndSemanticDiagnosticsBuilderProgram;
  sourceFiles: Map<string, { mtimeMs: number; file: TS.SourceFile }>;
}

/** A compiler host whose parsed files are reused while their modification time stays the same. */
function cachingHost(ts: TypescriptApi, options: TS.CompilerOptions, state: TypecheckState): TS.CompilerHost {
  const host = ts.createIncrementalCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    const key = `${fileName}\0${JSON.stringify(languageVersionOrOptions)}`;
    const mtimeMs = ts.sys.getModifiedTime?.(fileName)?.getTime() ?? -1;
    const cached = state.sourceFiles.get(key);
    if (cached && cached.mtimeMs === mtimeMs && mtimeMs !== -1 && !shouldCreateNewSourceFile) return cached.file;
    const file = getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    if (file) state.sourceFiles.set(key, { mtimeMs, file });
    return file;
  };
  return host;
}

export function runTypecheck(ts: TypescriptApi, request: TypecheckRequest, state?: TypecheckState): TypecheckResult {
  const started = performance.now();
  let options: TS.CompilerOptions;
  let rootNames: string[];
  let projectReferences: readonly TS.ProjectReference[] | undefined;
  let configFileParsingDiagnostics: readonly TS.Diagnostic[] = [];
  const fatal: TS.Diagnostic[] = [];
  // Parsed by the project's TypeScript: an option its version does not know is reported in its words.
  const commandLine = ts.parseCommandLine(request.commandLineArgs ?? []);
  fatal.push(...commandLine.errors);
  const fromCommandLine = absoluteOptionPaths(ts, commandLine.options, request.cwd, (from, p) => path.resolve(from, p));
  if (request.tsconfigPath) {
    const parsed = ts.getParsedCommandLineOfConfigFile(request.tsconfigPath, fromCommandLine, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => fatal.push(d),
    });
    if (!parsed) return finish(ts, request, fatal, started, { declarations: [], written: [], files: [] });
    options = parsed.options;
    rootNames = [...new Set([...parsed.fileNames, ...request.rootNames])];
    projectReferences = parsed.projectReferences;
    configFileParsingDiagnostics = ts.getConfigFileParsingDiagnostics(parsed);
  } else {
    options = { ...defaultOptions(ts), ...fromCommandLine };
    rootNames = request.rootNames;
  }
  // The options stay the project's, so the diagnostics are those of its `tsc` (some depend on
  // emit settings); only what is written differs: no JavaScript (the build writes that).
  // some diagnostics depend on it (allowImportingTsExtensions, files that would overwrite inputs)
  if (request.noEmit) options = { ...options, noEmit: true };
  if (request.declarations) {
    options = {
      ...options,
      declaration: true,
      ...(request.outDir && !options.declarationDir ? { outDir: request.outDir } : {}),
    };
  }
  const incremental = !!(options.incremental || options.composite);
  const host = state
    ? cachingHost(ts, options, state)
    : incremental
      ? ts.createIncrementalCompilerHost(options)
      : ts.createCompilerHost(options);
  // As tsc does: an incremental project goes through a builder program, which reads and writes
  // the .tsbuildinfo so an unchanged project is checked quickly; in watch mode the previous
  // program plays that part.
  let program: TS.Program | TS.BuilderProgram;
  if (state) {
    program = state.previous = ts.createEmitAndSemanticDiagnosticsBuilderProgram(
      rootNames,
      options,
      host,
      state.previous,
      configFileParsingDiagnostics,
      projectReferences,
    );
  } else if (incremental)
    program = ts.createIncrementalProgram({
      rootNames,
      options,
      host,
      projectReferences,
      configFileParsingDiagnostics,
    });
  else program = ts.createProgram({ rootNames, options, host, projectReferences, configFileParsingDiagnostics });
  const diagnostics: TS.Diagnostic[] = diagnosticsLikeTsc(program, options);
  const declarations: TypecheckResult['declarations'] = [];
  const written: string[] = [];
  let buildInfoEmitSkipped: boolean | undefined;
  const emitSkipped = !!options.noEmitOnError && diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error);
  if ((request.declarations && !emitSkipped) || incremental) {
    const emitted = program.emit(
      undefined,
      (fileName, text, writeByteOrderMark) => {
        if (/\.d\.[cm]?ts(\.map)?$/.test(fileName)) {
          if (request.declarations) declarations.push({ path: path.resolve(fileName), text });
        } else if (fileName.endsWith('.tsbuildinfo')) {
          ts.sys.writeFile(fileName, text, writeByteOrderMark);
          written.push(path.resolve(fileName));
        }
      },
      undefined,
      request.declarations && !incremental ? true : undefined,
    );
    diagnostics.push(...emitted.diagnostics);
    if (incremental) buildInfoEmitSkipped = emitted.emitSkipped;
  }
  diagnostics.push(...checkHookModules(ts, request.hookModules ?? [], program, options, host));
  const files = request.listFiles
    ? (('getProgram' in program ? program.getProgram() : program) as TS.Program).getSourceFiles().map((f) => f.fileName)
    : [];
  return {
    ...finish(ts, request, [...fatal, ...diagnostics], started, { declarations, written, files }),
    ...(buildInfoEmitSkipped !== undefined ? { buildInfoEmitSkipped } : {}),
  };
}

/**
 * Hook modules outside the project's `include` are still code the build ships: check them with the
 * project's options (in a program of their own, so the project's own root and emit layout stay
 * what tsc computes).
 */
function checkHookModules(
  ts: TypescriptApi,
  hooks: string[],
  program: TS.Program | TS.BuilderProgram,
  options: TS.CompilerOptions,
  host: TS.CompilerHost,
): TS.Diagnostic[] {
  const main = ('getProgram' in program ? program.getProgram() : program) as TS.Program;
  const outside = hooks.filter((h) => main.getSourceFile(h) === undefined);
  if (outside.length === 0) return [];
  const hookOptions: TS.CompilerOptions = {
    ...options,
    noEmit: true,
    declaration: false,
    composite: false,
    incremental: false,
    rootDir: undefined,
    outDir: undefined,
    tsBuildInfoFile: undefined,
    configFile: undefined,
  };
  const hookProgram = ts.createProgram({ rootNames: outside, options: hookOptions, host });
  const syntactic = hookProgram.getSyntacticDiagnostics();
  if (syntactic.length > 0) return [...syntactic];
  // Only what is in the hook files: the project's own files were checked above.
  return outside.flatMap((h) => {
    const file = hookProgram.getSourceFile(h);
    return file ? [...hookProgram.getSemanticDiagnostics(file)] : [];
  });
}

function finish(
  ts: TypescriptApi,
  request: TypecheckRequest,
  all: TS.Diagnostic[],
  started: number,
  rest: Pick<TypecheckResult, 'declarations' | 'written' | 'files'>,
): TypecheckResult {
  const diagnostics = ts.sortAndDeduplicateDiagnostics(all);
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  let output = '';
  const formatHost: TS.FormatDiagnosticsHost = {
    getCurrentDirectory: () => request.cwd,
    getCanonicalFileName: (f) => f,
    getNewLine: () => ts.sys.newLine,
  };
  // As tsc's reporter does: pretty diagnostics one at a time, each followed by a blank line.
  if (!request.pretty) output = ts.formatDiagnostics(diagnostics, formatHost);
  else for (const d of diagnostics) output += ts.formatDiagnosticsWithColorAndContext([d], formatHost) + ts.sys.newLine;
  for (const f of rest.files) output += f + ts.sys.newLine;
  if (request.pretty && errors.length > 0 && request.summary !== false)
    output += errorSummary(ts, errors, diagnostics, request.cwd);
  return {
    errorCount: errors.length,
    warningCount: diagnostics.length - errors.length,
    output,
    errorLocations: errors.flatMap((d) => {
      if (!d.file || d.start === undefined) return [];
      const at = d.file.getLineAndCharacterOfPosition(d.start);
      return [`${path.resolve(request.cwd, d.file.fileName)}:${at.line + 1}:${at.character + 1}`];
    }),
    ...rest,
    ms: performance.now() - started,
  };
}

/** What tsc reports: syntax errors first, and the semantic ones only when there are none. */
function diagnosticsLikeTsc(program: TS.Program | TS.BuilderProgram, options: TS.CompilerOptions): TS.Diagnostic[] {
  const all: TS.Diagnostic[] = [...program.getConfigFileParsingDiagnostics()];
  const before = all.length;
  all.push(...program.getSyntacticDiagnostics());
  if (all.length === before) {
    all.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
    if (all.length === before) all.push(...program.getSemanticDiagnostics());
    if (options.noEmit && (options.declaration || options.composite) && all.length === before)
      all.push(...program.getDeclarationDiagnostics());
  }
  return all;
}

interface TscSummaryApi {
  getErrorSummaryText?(
    errorCount: number,
    filesInError: unknown[],
    newLine: string,
    host: { getCurrentDirectory(): string },
  ): string;
  getFilesInErrorForSummary?(diagnostics: readonly TS.Diagnostic[]): unknown[];
}

/** tsc's closing lines in pretty mode: "Found 2 errors in 2 files." and the table of files. */
function errorSummary(
  ts: TypescriptApi,
  errors: TS.Diagnostic[],
  diagnostics: readonly TS.Diagnostic[],
  cwd: string,
): string {
  const api = ts as unknown as TscSummaryApi;
  if (api.getErrorSummaryText && api.getFilesInErrorForSummary) {
    return api.getErrorSummaryText(errors.length, api.getFilesInErrorForSummary(diagnostics), ts.sys.newLine, {
      getCurrentDirectory: () => cwd,
    });
  }
  // TypeScript before 4.6 printed only the count.
  return `${ts.sys.newLine}Found ${errors.length} error${errors.length === 1 ? '' : 's'}.${ts.sys.newLine}${ts.sys.newLine}`;
}

/**
 * A type-check worker that stays up between builds (watch mode): each check reuses the previous
 * program, so a rebuild after a one-file change checks that file and its dependents.
 */
export class TypecheckService {
  private worker: Worker | undefined;
  private modulePath: string | undefined;
  private pending = new Map<number, { resolve(r: TypecheckResult): void; reject(e: unknown): void }>();
  private nextId = 0;

  check(request: TypecheckRequest): Promise<TypecheckResult> {
    if (request.typescript.kind === 'native') return runNativeTsc(request);
    if (this.worker && this.modulePath !== request.typescript.modulePath) void this.close();
    if (!this.worker) {
      this.modulePath = request.typescript.modulePath;
      const worker = new Worker(new URL('./typecheck-worker.js', import.meta.url), {
        workerData: { ...request, persistent: true },
      });
      worker.on('message', ({ id, result }: { id: number; result: TypecheckResult }) => {
        this.pending.get(id)?.resolve(result);
        this.pending.delete(id);
        if (this.pending.size === 0) worker.unref();
      });
      const fail = (error: unknown): void => {
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
        this.worker = undefined;
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`type-check worker exited with code ${code}`)));
      this.worker = worker;
    }
    const id = this.nextId++;
    // Idle, the worker does not keep the process alive; a check in progress does (nothing else
    // may be left to wait on: a per-file build's esbuild has finished, no watcher is armed yet).
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, request });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.pending.clear();
    if (worker) {
      worker.removeAllListeners('exit');
      await worker.terminate();
    }
  }
}

/** Start the type-check alongside the build; the promise settles when it is done. */
export function startTypecheck(request: TypecheckRequest, service?: TypecheckService): Promise<TypecheckResult> {
  if (service) return service.check(request);
  if (request.typescript.kind === 'native') return runNativeTsc(request);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./typecheck-worker.js', import.meta.url), { workerData: request });
    worker.once('message', (result: TypecheckResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`type-check worker exited with code ${code}`));
    });
  });
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const PLAIN_ERROR = /^(.+?)\((\d+),(\d+)\): error TS\d+:/;
const PRETTY_ERROR = /^(.+?):(\d+):(\d+) - error TS\d+:/;

/**
 * TypeScript 7: the project's own `tsc --noEmit`, its output passed through unchanged. It reads
 * the tsconfig itself (so `incremental` and `tsBuildInfoFile` apply as they do for tsc).
 */
function runNativeTsc(request: TypecheckRequest): Promise<TypecheckResult> {
  const started = performance.now();
  // A failed hook check never holds the build up: the project's own check still answers.
  const hooks = nativeHookCheck(request).catch((): HookError[] => []);
  // With declarations asked for, tsc writes only them, into a temporary folder the build then
  // places (all or nothing, with the rest of the output); otherwise it writes nothing.
  const declarationDir = request.declarations ? fs.mkdtempSync(path.join(os.tmpdir(), 'instts-dts-')) : undefined;
  const emit = declarationDir
    ? ['--declaration', '--emitDeclarationOnly', '--declarationDir', declarationDir]
    : ['--noEmit'];
  const args = [request.typescript.tscPath];
  if (request.tsconfigPath) args.push('-p', request.tsconfigPath);
  else args.push('--strict', '--target', 'es2022', '--module', 'nodenext', '--skipLibCheck', ...request.rootNames);
  // the command line's options override the tsconfig's (and the defaults above), as on tsc's own
  // command line; what this run writes comes last, so they cannot move it
  args.push(...(request.commandLineArgs ?? []), ...emit, '--pretty', String(request.pretty));
  if (request.listFiles) args.push('--listFiles');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: request.cwd, maxBuffer: 64 * 1024 * 1024, env: process.env },
      (error, stdout, stderr) => {
        const code = error
          ? typeof (error as { code?: unknown }).code === 'number'
            ? (error as { code: number }).code
            : 1
          : 0;
        const output = stdout + stderr;
        const errorLocations: string[] = [];
        let located = 0;
        let unlocated = 0;
        for (const line of output.replace(ANSI, '').split(/\r?\n/)) {
          const m = PLAIN_ERROR.exec(line) ?? PRETTY_ERROR.exec(line);
          if (m) {
            located++;
            errorLocations.push(`${path.resolve(request.cwd, m[1]!)}:${m[2]}:${m[3]}`);
          } else if (/^error TS\d+:/.test(line)) unlocated++;
        }
        const errorCount = located + unlocated;
        const declarations: TypecheckResult['declarations'] = [];
        if (declarationDir) {
          for (const rel of fs.readdirSync(declarationDir, { recursive: true }) as string[]) {
            const from = path.join(declarationDir, rel);
            if (fs.statSync(from).isFile())
              declarations.push({
                path: path.join(request.declarationDir ?? request.outDir, rel),
                text: fs.readFileSync(from, 'utf8'),
              });
          }
          fs.rmSync(declarationDir, { recursive: true, force: true });
        }
        void hooks.then((hookErrors) => {
          const known = new Set(errorLocations);
          const fresh = hookErrors.filter((e) => !known.has(e.location));
          resolve({
            errorCount: (code !== 0 && errorCount === 0 ? 1 : errorCount) + fresh.length,
            warningCount: 0,
            output: output + fresh.map((e) => e.text).join(''),
            errorLocations: [...errorLocations, ...fresh.map((e) => e.location)],
            declarations,
            written: [],
            files: [],
            // tsc --noEmit exits 1 when it found errors
            exitCode: code === 0 && fresh.length > 0 ? 1 : code,
            ms: performance.now() - started,
          });
        });
      },
    );
  });
}

interface HookError {
  /** `file:line:column`, absolute, as in errorLocations. */
  location: string;
  /** The diagnostic as tsc prints it with --pretty false, with its continuation lines. */
  text: string;
}

/**
 * TypeScript 7: hook modules the project's tsconfig does not include are checked by a second
 * `tsc --noEmit` with the project's options (a temporary tsconfig extending the project's, naming
 * just those files). Only diagnostics located in the hook files are kept: the project's own files
 * are the first run's to report. The tsconfig is read with instts's TypeScript, without checking.
 */
async function nativeHookCheck(request: TypecheckRequest): Promise<HookError[]> {
  const hooks = request.hookModules ?? [];
  if (hooks.length === 0 || !request.tsconfigPath) return [];
  const tsconfigPath = path.resolve(request.cwd, request.tsconfigPath);
  // Loaded here, not at the top: the type-check worker imports this module with its own TypeScript.
  const { default: ts } = await import('../typescript.cjs');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  const inProject = new Set((parsed?.fileNames ?? []).map((f) => path.resolve(f)));
  const outside = hooks.filter((h) => !inProject.has(path.resolve(h)));
  if (outside.length === 0) return [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-hooks-'));
  try {
    const compilerOptions: Record<string, unknown> = {
      noEmit: true,
      composite: false,
      incremental: false,
      declaration: false,
      rootDir: null,
      outDir: null,
      tsBuildInfoFile: null,
    };
    // Default type roots are found from the tsconfig's folder upwards: keep the project's.
    if (parsed && parsed.options.typeRoots === undefined)
      compilerOptions.typeRoots = defaultTypeRoots(path.dirname(tsconfigPath));
    const config = path.join(dir, 'tsconfig.json');
    fs.writeFileSync(config, JSON.stringify({ extends: tsconfigPath, compilerOptions, files: outside, include: [] }));
    const output = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [
          request.typescript.tscPath,
          '-p',
          config,
          ...(request.commandLineArgs ?? []),
          ...['--noEmit', '--declaration', 'false', '--composite', 'false', '--incremental', 'false'],
          '--pretty',
          'false',
        ],
        { cwd: request.cwd, maxBuffer: 64 * 1024 * 1024, env: process.env },
        (_error, stdout, stderr) => resolve(stdout + stderr),
      );
    });
    const wanted = new Set(outside.map((h) => path.resolve(h)));
    const errors: HookError[] = [];
    let current: HookError | undefined;
    for (const line of output.split(/\r?\n/)) {
      const m = PLAIN_ERROR.exec(line);
      if (m) {
        const file = path.resolve(request.cwd, m[1]!);
        current = wanted.has(file) ? { location: `${file}:${m[2]}:${m[3]}`, text: `${line}\n` } : undefined;
        if (current) errors.push(current);
      } else if (current && /^\s+\S/.test(line)) current.text += `${line}\n`;
      else current = undefined;
    }
    return errors;
  } catch {
    return [];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every `node_modules/@types` from `dir` up to the root, as TypeScript looks for them by default. */
function defaultTypeRoots(dir: string): string[] {
  const roots: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', '@types');
    if (fs.existsSync(candidate)) roots.push(candidate);
    if (path.dirname(d) === d) return roots;
  }
}
