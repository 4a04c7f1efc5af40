// The type-check: tsc's diagnostics for the project, formatted as tsc formats them (plain
// `file(line,col): error TSxxxx: …`, or pretty with colour and code frames), plus declarations.

import path from 'node:path';
import { Worker } from 'node:worker_threads';
import ts from '../typescript.cjs';

export interface TypecheckRequest {
  cwd: string;
  tsconfigPath: string | undefined;
  /** Files to check when there is no tsconfig (the entry points). */
  rootNames: string[];
  pretty: boolean;
  /** Emit declarations (per-file mode with `declaration: true`). */
  declarations: boolean;
  /** Where declarations go (tsc's outDir / declarationDir). */
  outDir: string;
}

export interface TypecheckResult {
  errorCount: number;
  warningCount: number;
  /** Ready to print: tsc's own formatting, including its summary line. */
  output: string;
  /** `file:line:column` (absolute path, 1-based) of every error, to drop the build's repeats of them. */
  errorLocations: string[];
  declarations: Array<{ path: string; text: string }>;
  ms: number;
}

export function runTypecheck(request: TypecheckRequest): TypecheckResult {
  const started = performance.now();
  let options: ts.CompilerOptions;
  let rootNames: string[];
  let projectReferences: readonly ts.ProjectReference[] | undefined;
  if (request.tsconfigPath) {
    const parsed = ts.getParsedCommandLineOfConfigFile(request.tsconfigPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    options = parsed.options;
    rootNames = [...new Set([...parsed.fileNames, ...request.rootNames])];
    projectReferences = parsed.projectReferences;
  } else {
    options = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true };
    rootNames = request.rootNames;
  }
  if (request.declarations && request.outDir) options = { ...options, outDir: request.outDir };
  const host = ts.createCompilerHost(options);
  const program = ts.createProgram({ rootNames, options, host, projectReferences });
  const diagnostics = ts.sortAndDeduplicateDiagnostics(diagnosticsLikeTsc(program));
  const declarations: TypecheckResult['declarations'] = [];
  if (request.declarations) {
    program.emit(
      undefined,
      (fileName, text) => {
        if (/\.d\.[cm]?ts(\.map)?$/.test(fileName)) declarations.push({ path: path.resolve(fileName), text });
      },
      undefined,
      true,
    );
  }
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  let output = '';
  const formatHost: ts.FormatDiagnosticsHost = {
    getCurrentDirectory: () => request.cwd,
    getCanonicalFileName: (f) => f,
    getNewLine: () => ts.sys.newLine,
  };
  // As tsc's reporter does: pretty diagnostics one at a time, each followed by a blank line.
  if (!request.pretty) output = ts.formatDiagnostics(diagnostics, formatHost);
  else for (const d of diagnostics) output += ts.formatDiagnosticsWithColorAndContext([d], formatHost) + ts.sys.newLine;
  if (request.pretty && errors.length > 0) output += errorSummary(errors, diagnostics, request.cwd);
  return {
    errorCount: errors.length,
    warningCount: diagnostics.length - errors.length,
    output,
    errorLocations: errors.flatMap((d) => {
      if (!d.file || d.start === undefined) return [];
      const at = d.file.getLineAndCharacterOfPosition(d.start);
      return [`${path.resolve(request.cwd, d.file.fileName)}:${at.line + 1}:${at.character + 1}`];
    }),
    declarations,
    ms: performance.now() - started,
  };
}

/** What tsc reports: syntax errors first, and the semantic ones only when there are none. */
function diagnosticsLikeTsc(program: ts.Program): ts.Diagnostic[] {
  const all: ts.Diagnostic[] = [...program.getConfigFileParsingDiagnostics()];
  const before = all.length;
  all.push(...program.getSyntacticDiagnostics());
  if (all.length === before) {
    all.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
    if (all.length === before) all.push(...program.getSemanticDiagnostics());
    const options = program.getCompilerOptions();
    if ((options.declaration || options.composite) && all.length === before) all.push(...program.getDeclarationDiagnostics());
  }
  return all;
}

interface TscSummaryApi {
  getErrorSummaryText?(errorCount: number, filesInError: unknown[], newLine: string, host: { getCurrentDirectory(): string }): string;
  getFilesInErrorForSummary?(diagnostics: readonly ts.Diagnostic[]): unknown[];
}

/** tsc's closing lines in pretty mode: "Found 2 errors in 2 files." and the table of files. */
function errorSummary(errors: ts.Diagnostic[], diagnostics: readonly ts.Diagnostic[], cwd: string): string {
  const api = ts as unknown as TscSummaryApi;
  if (api.getErrorSummaryText && api.getFilesInErrorForSummary) {
    return api.getErrorSummaryText(errors.length, api.getFilesInErrorForSummary(diagnostics), ts.sys.newLine, { getCurrentDirectory: () => cwd });
  }
  const files = new Map<string, number>();
  for (const d of errors) if (d.file) files.set(d.file.fileName, (files.get(d.file.fileName) ?? 0) + 1);
  const where = (d: ts.Diagnostic): string => {
    if (!d.file || d.start === undefined) return '';
    const line = d.file.getLineAndCharacterOfPosition(d.start).line + 1;
    return `${path.relative(cwd, d.file.fileName)}\u001b[90m:${line}\u001b[0m`;
  };
  let text: string;
  if (errors.length === 1) text = errors[0]!.file ? `Found 1 error in ${where(errors[0]!)}` : 'Found 1 error.';
  else if (files.size === 1) text = `Found ${errors.length} errors in the same file, starting at: ${where(errors[0]!)}`;
  else if (files.size === 0) text = `Found ${errors.length} errors.`;
  else text = `Found ${errors.length} errors in ${files.size} files.`;
  return `\n${text}\n\n`;
}

/** Start the type-check on a worker thread; the promise settles when it is done. */
export function startTypecheck(request: TypecheckRequest): Promise<TypecheckResult> {
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
