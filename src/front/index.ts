// The front phase for one file: pre-filter, parse, list join points, match. Pure (no I/O), so
// `instts inspect` and the build run exactly the same code.

import ts from '../typescript.cjs';
import type { CompiledRule } from '../rules/types.js';
import { selectsFiles } from '../rules/kinds/index.js';
import { matchFile, rulesThatMayMatch, type Match, type NearMiss } from './kinds/index.js';
import { scriptKindFor } from '../script-kind.js';

export { scriptKindFor };

export { describeJoinPoint } from './kinds/index.js';
export type { Match, NearMiss, FunctionJoinPoint, CallJoinPoint, JoinPoint } from './kinds/index.js';

/** Which module a file belongs to, for `where.module`, `where.version` and `where.file`. */
export interface ModuleInfo {
  /** `.` for the project's own sources, else the package name. */
  module: string;
  version: string | undefined;
  /** Path relative to the module root, with `/` separators. */
  relativePath: string;
}

export interface FrontInput {
  path: string;
  text: string;
  moduleInfo: ModuleInfo;
  /** Rules whose module, version and file selectors accept this file. */
  rules: readonly CompiledRule[];
}

export interface FrontResult {
  /** False when the pre-filter ruled the file out before parsing. */
  parsed: boolean;
  sourceFile: ts.SourceFile | undefined;
  matches: Match[];
  nearMisses: NearMiss[];
  /** Syntax errors the parser reported (the file is then left alone). */
  syntaxErrors: ts.DiagnosticWithLocation[];
}

export function parseFile(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindFor(file));
}

export function analyzeFile(input: FrontInput): FrontResult {
  const candidates = rulesThatMayMatch(input.text, input.rules);
  if (candidates.length === 0) {
    return { parsed: false, sourceFile: undefined, matches: [], nearMisses: [], syntaxErrors: [] };
  }
  const sourceFile = parseFile(input.path, input.text);
  const syntaxErrors =
    (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (syntaxErrors.length > 0) {
    return { parsed: true, sourceFile, matches: [], nearMisses: [], syntaxErrors };
  }
  const { matches, nearMisses } = matchFile(sourceFile, candidates);
  return { parsed: true, sourceFile, matches, nearMisses, syntaxErrors };
}

/** Rules whose module / version / file selectors accept a file of this module. */
export function rulesForModule(
  rules: readonly CompiledRule[],
  info: ModuleInfo,
  versionOk: (range: string, version: string | undefined) => boolean,
): CompiledRule[] {
  return rules.filter(
    (rule) =>
      selectsFiles(rule) &&
      (rule.module === info.module || rule.module === '*') &&
      (rule.version === undefined || versionOk(rule.version, info.version)) &&
      rule.fileMatch(info.relativePath),
  );
}
