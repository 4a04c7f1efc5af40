// Splits `instts build`'s arguments into instts's own options (for commander) and tsc's compiler
// options (for TypeScript's command-line parser), keeping the order of each. Where a name is both,
// see CLASHES in the README's CLI reference: instts's option wins, except for the ones tsc parses
// (SET_BY_TSC below), and `--target`, which is tsc's when its value is one of tsc's targets.

import type { Command, Option } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { findCompilerOption, type CompilerArg } from '../config/command-line.js';
import { Code, diag, ExitStatus, InsttsError, type InsttsDiagnostic } from '../diagnostics.js';
import { closest } from '../runtime/validate.js';

/**
 * tsc's options that `instts build` lists in its help but leaves to TypeScript's parser, so they
 * take tsc's values (`--noEmit false`, `-d`, `--sourceMap false`).
 */
export const SET_BY_TSC = new Set([
  'noEmit',
  'declaration',
  'sourceMap',
  'inlineSourceMap',
  'listFiles',
  'listEmittedFiles',
  'extendedDiagnostics',
  'diagnostics',
]);

export interface SplitArgs {
  own: string[];
  compiler: CompilerArg[];
  /** Response files that could not be read (tsc's diagnostics): reported with tsc's other errors for the command line. */
  errors: InsttsDiagnostic[];
}

type Arity = 'none' | 'required' | 'optional';

/** What a command does not take at all (instts inspect: the build's own options and its output options). */
export interface Rejected {
  /** instts's flags of another command (`--report`). */
  flags: ReadonlySet<string>;
  /** tsc's option names (`declaration`). */
  names: ReadonlySet<string>;
}

/**
 * Rejected options are left to commander, which rejects them as unknown options. An argument
 * `@file` is a response file, as for tsc: the arguments written in it (read from `cwd`), in its
 * place, so it may hold instts's options as well as tsc's.
 */
export function splitArgs(
  given: string[],
  command: Command,
  rejected: Rejected = { flags: new Set(), names: new Set() },
  cwd: string = process.cwd(),
): SplitArgs {
  const args = [...given];
  let responseFiles = 0;
  const own = new Map<string, { name: string; arity: Arity }>([
    ['-h', { name: 'help', arity: 'none' }],
    ['--help', { name: 'help', arity: 'none' }],
  ]);
  const ownByName = new Map<string, string>();
  for (const option of command.options as readonly Option[]) {
    const arity: Arity = option.required ? 'required' : option.optional ? 'optional' : 'none';
    const name = option.attributeName();
    if (option.long) own.set(option.long, { name, arity });
    if (option.short) own.set(option.short, { name, arity });
    if (option.long && !option.negate) ownByName.set(option.long.slice(2), option.long);
  }
  const result: SplitArgs = { own: [], compiler: [], errors: [] };
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (token === '--') {
      result.own.push(...args.slice(i));
      break;
    }
    if (token.startsWith('@') && token.length > 1) {
      // Files that name each other would never end: tsc overflows its stack there.
      if (++responseFiles > MAX_RESPONSE_FILES)
        throw new InsttsError(
          diag(
            Code.BadOption,
            `more than ${MAX_RESPONSE_FILES} response files: '${token.slice(1)}' is read again and again (response files that name each other?)`,
          ),
          ExitStatus.DiagnosticsPresentOutputsSkipped,
        );
      args.splice(i, 1, ...readResponseFile(token.slice(1), cwd, result.errors));
      i--;
      continue;
    }
    if (!token.startsWith('-') || token === '-') {
      result.compiler.push({ name: '', tokens: [token] }); // a file name, as tsc reads it
      continue;
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const flag = eq > 0 ? token.slice(0, eq) : token;
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    const mine = own.get(flag);
    const tscOption = findCompilerOption(flag);
    const tscTarget = (mine?.name ?? tscOption?.name) === 'target' && isTscTarget(inline ?? args[i + 1]);
    // tsc's own message for one of its options without its argument (`--outDir` last): TS6044
    const missingArgument = mine?.arity === 'required' && eq < 0 && args[i + 1] === undefined && tscOption;
    if (mine && !SET_BY_TSC.has(mine.name) && !tscTarget && !missingArgument) {
      i = takeOwn(result, args, i, token, eq > 0, mine.arity);
      continue;
    }
    if (
      tscOption &&
      !tscTarget &&
      !missingArgument &&
      !SET_BY_TSC.has(tscOption.name) &&
      ownByName.has(tscOption.name)
    ) {
      // tsc's spelling of one of instts's options (`--outdir`): instts's, by its own name
      const canonical = ownByName.get(tscOption.name)!;
      const arity = own.get(canonical)!.arity;
      i = takeOwn(result, args, i, inline === undefined ? canonical : `${canonical}=${inline}`, eq > 0, arity);
      continue;
    }
    if (!mine && !tscOption && nearOwnFlag(flag, own.keys())) {
      // a misspelt instts option (`--rule`): commander names the one meant, as before
      result.own.push(token);
      continue;
    }
    if (rejected.flags.has(flag) || (tscOption && rejected.names.has(tscOption.name))) {
      result.own.push(token);
      continue;
    }
    if (tscTarget && inline !== undefined) {
      result.compiler.push({ name: 'target', tokens: ['--target', inline] });
      continue;
    }
    const tokens = [token];
    if (tscOption && eq < 0) {
      // as tsc's parser reads values: a boolean takes a following `true` or `false`; others the next argument
      const next = args[i + 1];
      if (tscOption.type === 'boolean' ? next === 'true' || next === 'false' : next !== undefined) {
        tokens.push(next!);
        i++;
      }
    }
    result.compiler.push({ name: tscOption?.name ?? flag, tokens });
  }
  return result;
}

const MAX_RESPONSE_FILES = 100;

/**
 * The arguments of a response file, split as tsc splits them: at white space, a double-quoted one
 * kept whole. What cannot be read is an error in `errors`, and parsing goes on without it, as tsc's.
 */
function readResponseFile(file: string, cwd: string, errors: InsttsDiagnostic[]): string[] {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    errors.push(
      tscDiagnostic(
        missing ? 5083 : 5012,
        missing ? `Cannot read file '${file}'.` : `Cannot read file '${file}': ${(error as Error).message}.`,
      ),
    );
    return [];
  }
  const args: string[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && text.charCodeAt(pos) <= 32) pos++;
    if (pos >= text.length) return args;
    const start = pos;
    if (text[pos] === '"') {
      const end = text.indexOf('"', pos + 1);
      if (end < 0) {
        errors.push(tscDiagnostic(6045, `Unterminated quoted string in response file '${file}'.`));
        return args;
      }
      args.push(text.slice(start + 1, end));
      pos = end + 1;
    } else {
      while (pos < text.length && text.charCodeAt(pos) > 32) pos++;
      args.push(text.slice(start, pos));
    }
  }
}

function tscDiagnostic(code: number, message: string): InsttsDiagnostic {
  return { ...diag(code, message), prefix: 'TS' };
}

function takeOwn(result: SplitArgs, args: string[], i: number, token: string, inline: boolean, arity: Arity): number {
  result.own.push(token);
  const next = args[i + 1];
  if (inline || next === undefined) return i;
  if (arity === 'required' || (arity === 'optional' && !next.startsWith('-'))) {
    result.own.push(next);
    return i + 1;
  }
  return i;
}

/** `flag` is a likely typo of one of instts's long options (it is none of tsc's: checked before). */
function nearOwnFlag(flag: string, flags: Iterable<string>): boolean {
  if (!flag.startsWith('--')) return false;
  return (
    closest(
      flag,
      [...flags].filter((f) => f.startsWith('--')),
    ) !== undefined
  );
}

/** tsc's `--target` values are ES versions (`es2022`, `ESNext`); esbuild's lists and engines (`node20,es2022`) are instts's. */
function isTscTarget(value: string | undefined): boolean {
  return value !== undefined && /^es[^,]*$/i.test(value);
}
