// TypeScript's option declarations, as its own command-line parser uses them. They are not in
// its public typings, but every version instts supports (4.9 to 6.x) has them at run time.

import type TS from 'typescript';

/** One entry of TypeScript's `optionDeclarations`, as far as instts reads it. */
export interface OptionDeclaration {
  name: string;
  shortName?: string;
  type: string | Map<string, unknown>;
  isFilePath?: boolean;
  element?: OptionDeclaration;
  affectsEmit?: boolean;
  affectsJsEmit?: boolean;
  affectsDeclarationPath?: boolean;
}

/** The compiler options a TypeScript version knows ([] if it does not expose them). */
export function optionDeclarations(ts: typeof TS): readonly OptionDeclaration[] {
  const list = (ts as unknown as { optionDeclarations?: readonly OptionDeclaration[] }).optionDeclarations;
  return Array.isArray(list) ? list : [];
}

/**
 * Paths given on the command line are relative to the current folder (tsconfig's are relative to
 * the tsconfig, and TypeScript makes those absolute itself): made absolute here, so they mean the
 * same to the build, to the type-check worker and to TypeScript 7's tsc.
 */
export function absoluteOptionPaths(
  ts: typeof TS,
  options: TS.CompilerOptions,
  cwd: string,
  resolve: (cwd: string, p: string) => string,
): TS.CompilerOptions {
  const result: TS.CompilerOptions = { ...options };
  for (const decl of optionDeclarations(ts)) {
    const value = result[decl.name];
    if (value === undefined || value === null) continue;
    if (decl.isFilePath && typeof value === 'string') result[decl.name] = resolve(cwd, value);
    else if (decl.type === 'list' && decl.element?.isFilePath && Array.isArray(value))
      result[decl.name] = (value as unknown[]).map((v) => (typeof v === 'string' ? resolve(cwd, v) : v)) as string[];
  }
  return result;
}
