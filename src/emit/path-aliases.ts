// Per-file output keeps import specifiers as written, as tsc does: an import that resolves only
// through tsconfig `paths` (`@app/lib/db.js` → `src/lib/db.ts`) is still `@app/lib/db.js` in the
// output, where Node looks for a package of that name. When Node cannot find one from the output
// file (no `node_modules` entry up the tree, no package.json `imports` for a `#` specifier), the
// program stops at start with ERR_MODULE_NOT_FOUND although the build succeeded: this finds those
// imports in the output, once per `paths` pattern, so the build can say so.

import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import ts from '../typescript.cjs';
import { Code, diag, type InsttsDiagnostic } from '../diagnostics.js';
import { readPackageJson } from '../package-json.js';

interface Output {
  path: string;
  contents: string | Uint8Array;
}

/**
 * Warnings for imports of `outputs` (per-file output of `sources`) that only tsconfig `paths`
 * resolves and that Node will not find where the output is: one per `paths` pattern.
 */
export function unresolvedPathAliases(
  sources: readonly string[],
  outputPathOf: (source: string) => string,
  outputs: readonly Output[],
  compilerOptions: { paths?: Record<string, unknown> },
  cwd: string,
): InsttsDiagnostic[] {
  const patterns = Object.keys(compilerOptions.paths ?? {}).map((key) => ({ key, matches: patternMatcher(key) }));
  if (patterns.length === 0) return [];
  const byPath = new Map(outputs.map((o) => [o.path, o.contents]));
  const warned = new Set<string>();
  const warnings: InsttsDiagnostic[] = [];
  for (const source of sources) {
    const output = outputPathOf(source);
    const contents = byPath.get(output);
    if (contents === undefined) continue;
    for (const ref of ts.preProcessFile(
      typeof contents === 'string' ? contents : Buffer.from(contents).toString('utf8'),
      true,
      true,
    ).importedFiles) {
      const specifier = ref.fileName;
      if (specifier.startsWith('.') || path.isAbsolute(specifier) || isBuiltin(specifier)) continue;
      const pattern = patterns.find((p) => !warned.has(p.key) && p.matches(specifier));
      if (pattern === undefined || nodeFinds(specifier, output)) continue;
      warned.add(pattern.key);
      const at = path.relative(cwd, output).split(path.sep).join('/');
      const looked = specifier.startsWith('#')
        ? 'no package.json "imports" maps it there'
        : `there is no package "${packageName(specifier)}" in node_modules`;
      warnings.push(
        diag(
          Code.PathAlias,
          `"${specifier}" resolves through tsconfig "paths" ("${pattern.key}"), and per-file output keeps it as written, ` +
            `as tsc does: Node will not find it from ${at} (${looked}), so the program stops at start with ` +
            `ERR_MODULE_NOT_FOUND. Map it where the program runs (package.json "imports" and a "#" alias, or a package of ` +
            `that name), or build without --no-bundle, which resolves the aliases`,
          { file: source },
          'warning',
        ),
      );
    }
  }
  return warnings;
}

/** A `paths` key as TypeScript reads it: exact, or one `*` standing for any text. */
function patternMatcher(key: string): (specifier: string) => boolean {
  const star = key.indexOf('*');
  if (star < 0) return (s) => s === key;
  const prefix = key.slice(0, star);
  const suffix = key.slice(star + 1);
  return (s) => s.length >= prefix.length + suffix.length && s.startsWith(prefix) && s.endsWith(suffix);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Whether Node can resolve `specifier` from `file`, as far as the file system says without running
 * it: a `#` specifier needs the nearest package.json's `imports`; a bare one a `node_modules`
 * folder of its package up the tree, or the enclosing package's own name (a self-reference).
 */
function nodeFinds(specifier: string, file: string): boolean {
  const name = packageName(specifier);
  let dir = path.dirname(file);
  let nearest = true;
  for (;;) {
    const pkg = readPackageJson(dir);
    if (pkg !== undefined && nearest) {
      nearest = false;
      if (specifier.startsWith('#')) return typeof pkg.imports === 'object' && pkg.imports !== null;
      if (pkg.name === name && pkg.exports !== undefined) return true;
    }
    if (!specifier.startsWith('#') && fs.existsSync(path.join(dir, 'node_modules', name))) return true;
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}
