// Packages left out of the bundle: the user's `--external` list (names or globs), and imports of
// optional packages that are not installed. Frameworks load optional integrations at run time
// (NestJS: `@nestjs/microservices`, `class-validator`), declared as optional peer or optional
// dependencies of the package that imports them; bundling such an import fails although the
// program runs fine without the package, so it is left to run time with one note.

import type esbuild from 'esbuild';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { readPackageJson, type PackageJson } from '../package-json.js';

/** esbuild understands names and one `*`; anything richer is matched here with minimatch. */
export function splitExternalPatterns(patterns: readonly string[]): { esbuild: string[]; globs: string[] } {
  const simple = (p: string): boolean =>
    !/[?[\]{}!()+@]/.test(p.replace(/^@/, '')) && (p.match(/\*/g) ?? []).length <= 1;
  return { esbuild: patterns.filter(simple), globs: patterns.filter((p) => !simple(p)) };
}

/** Marks bare imports matching one of `globs` (by specifier or by package name) external. */
export function externalGlobsPlugin(globs: readonly string[]): esbuild.Plugin {
  return {
    name: 'instts-externals',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = packageName(args.path);
        if (globs.some((g) => minimatch(args.path, g) || minimatch(name, g)))
          return { path: args.path, external: true };
        return undefined;
      });
    },
  };
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export interface OptionalImport {
  /** The package left out. */
  name: string;
  /** The package that declares it optional, or the file whose guarded import it is. */
  declaredBy: string;
  how: 'optional peer dependency' | 'optional dependency' | 'import guarded by try/catch';
}

/**
 * Imports esbuild left out without a word: a `require()` or `import()` inside try/catch (or with
 * a .catch) whose package is not installed. The metafile lists them as external; the user's own
 * externals, the optional packages already found and Node's built-ins are not news.
 */
export function guardedUnresolved(
  metafile: esbuild.Metafile | undefined,
  known: (specifier: string) => boolean,
): OptionalImport[] {
  const found = new Map<string, OptionalImport>();
  for (const [input, info] of Object.entries(metafile?.inputs ?? {})) {
    for (const imp of info.imports) {
      if (
        !imp.external ||
        imp.path.startsWith('.') ||
        path.isAbsolute(imp.path) ||
        isBuiltin(imp.path) ||
        /^[a-z]+:/.test(imp.path)
      )
        continue;
      if (imp.kind !== 'require-call' && imp.kind !== 'dynamic-import') continue;
      const name = packageName(imp.path);
      if (known(imp.path) || known(name) || found.has(name)) continue;
      const owner = input.includes('node_modules/')
        ? packageName(input.slice(input.lastIndexOf('node_modules/') + 'node_modules/'.length))
        : input;
      found.set(name, { name, declaredBy: owner, how: 'import guarded by try/catch' });
    }
  }
  return [...found.values()];
}

const COULD_NOT_RESOLVE = /^Could not resolve "([^"]+)"/;

/** The specifier of a "Could not resolve" error, if it is one. */
export function unresolvedSpecifier(message: esbuild.Message): string | undefined {
  const m = COULD_NOT_RESOLVE.exec(message.text);
  return m && !m[1]!.startsWith('.') && !path.isAbsolute(m[1]!) ? m[1] : undefined;
}

/**
 * Of esbuild's "Could not resolve" errors, those naming a package the importing package declares
 * optional (`peerDependenciesMeta.<name>.optional`, or `optionalDependencies`).
 */
export function optionalUnresolved(errors: readonly esbuild.Message[], root: string): OptionalImport[] {
  const found = new Map<string, OptionalImport>();
  for (const e of errors) {
    const specifier = unresolvedSpecifier(e);
    if (!specifier || !e.location) return [];
    const name = packageName(specifier);
    const owner = owningPackage(path.resolve(root, e.location.file));
    const optionalPeer = owner?.json.peerDependenciesMeta?.[name]?.optional === true;
    const optionalDep = owner?.json.optionalDependencies?.[name] !== undefined;
    if (!owner || !(optionalPeer || optionalDep)) continue;
    found.set(name, {
      name,
      declaredBy: owner.json.name ?? path.basename(owner.dir),
      how: optionalPeer ? 'optional peer dependency' : 'optional dependency',
    });
  }
  return [...found.values()];
}

/** The nearest package.json with a name above `file` (nested ones like `{"type":"module"}` are skipped). */
function owningPackage(file: string): { dir: string; json: PackageJson } | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const json = readPackageJson(dir);
    if (json?.name) return { dir, json };
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** One note for all of them. */
export function optionalNote(imports: readonly OptionalImport[]): string {
  const groups = new Map<string, { names: string[]; how: string; declaredBy: string }>();
  for (const i of imports) {
    const key = `${i.how}\0${i.declaredBy}`;
    const group = groups.get(key) ?? { names: [], how: i.how, declaredBy: i.declaredBy };
    group.names.push(i.name);
    groups.set(key, group);
  }
  const parts = [...groups.values()].map((g) => {
    const how =
      g.names.length > 1
        ? g.how.replace(/dependency$/, 'dependencies').replace(/^import guarded/, 'imports guarded')
        : g.how;
    return `${g.names.join(', ')} (${how} ${g.how.startsWith('import') ? 'in' : 'of'} ${g.declaredBy})`;
  });
  return `instts: not installed and optional, so left out of the bundle (loaded at run time if present): ${parts.join('; ')}`;
}
