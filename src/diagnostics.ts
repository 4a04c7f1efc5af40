import path from 'node:path';

// User-facing errors: every failure the user can cause becomes an InsttsError with a code,
// a location when there is one, and the tsc-compatible exit status; never a stack trace.

/** tsc's ExitStatus values, which `instts build` mirrors. */
export const ExitStatus = {
  Success: 0,
  /** Errors; no output was written. */
  DiagnosticsPresentOutputsSkipped: 1,
  /** Errors; output was written anyway (noEmitOnError off). */
  DiagnosticsPresentOutputsGenerated: 2,
  /** The project or the configuration (tsconfig, instts config, rule files, CLI flags) is invalid. */
  InvalidProject: 3,
} as const;
export type ExitStatus = (typeof ExitStatus)[keyof typeof ExitStatus];

export interface InsttsDiagnostic {
  /** `INSTTS1001`-style code, printed like tsc's `TS2322`. */
  code: number;
  category: 'error' | 'warning';
  message: string;
  file?: string;
  line?: number; // 1-based
  column?: number; // 1-based
  /** Printed before the code: `INSTTS` (default), or `TS` for TypeScript's own diagnostics. */
  prefix?: string;
}

/** Codes, grouped by phase. The numbers are part of the interface: tests and users grep them. */
export const Code = {
  // 1xxx rules
  RuleSyntax: 1001,
  RuleSchema: 1002,
  RuleGlob: 1003,
  RuleRegex: 1004,
  RuleSemver: 1005,
  HookModuleMissing: 1006,
  HookExportMissing: 1007,
  RuleFileMissing: 1008,
  RuleDuplicateId: 1009,
  RuleMatchedNothing: 1011,
  RuleAction: 1012,
  HookExportNotFunction: 1013,
  // 2xxx config / project
  ConfigMissing: 2001,
  ConfigInvalid: 2002,
  TsconfigMissing: 2003,
  TsconfigInvalid: 2004,
  EntryMissing: 2005,
  NoEntry: 2006,
  BadOption: 2007,
  CompilerOptionNotHonoured: 2008,
  // 3xxx front / inject / emit
  Bundle: 3002,
  Write: 3003,
  PathAlias: 3004,
} as const;

export class InsttsError extends Error {
  readonly diagnostics: InsttsDiagnostic[];
  readonly exitStatus: ExitStatus;
  constructor(diagnostics: InsttsDiagnostic | InsttsDiagnostic[], exitStatus: ExitStatus = ExitStatus.InvalidProject) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'InsttsError';
    this.diagnostics = list;
    this.exitStatus = exitStatus;
  }
}

export function diag(
  code: number,
  message: string,
  where?: { file?: string; line?: number; column?: number },
  category: 'error' | 'warning' = 'error',
): InsttsDiagnostic {
  return { code, category, message, ...where };
}

/** `file(line,col): error INSTTS1002: message`, the shape tsc uses so problem matchers pick it up. */
export function formatDiagnostic(d: InsttsDiagnostic, cwd: string = process.cwd()): string {
  let where = '';
  if (d.file) {
    const file = path.isAbsolute(d.file) ? path.relative(cwd, d.file) || d.file : d.file;
    where = d.line ? `${file}(${d.line},${d.column ?? 1}): ` : `${file}: `;
  }
  return `${where}${d.category} ${d.prefix ?? 'INSTTS'}${d.code}: ${d.message}`;
}

/** `1 file`, `3 files`: counts in messages read as English. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
