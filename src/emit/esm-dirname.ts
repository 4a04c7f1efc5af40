// ES module output has no `__dirname` or `__filename`. A CommonJS file bundled into it that reads
// them as it loads (TypeORM's `app-root-path` does) throws a ReferenceError when the program starts,
// though the build succeeded: esbuild says nothing. The build names the files and the ways out.

import type esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import ts from '../typescript.cjs';
import { diag, Code, type InsttsDiagnostic } from '../diagnostics.js';

const NAMES = /\b__(?:dirname|filename)\b/;

/**
 * Whether CommonJS `text` reads `__dirname` or `__filename` as it loads: a read outside every
 * function (code inside one fails only if it is called, which the build cannot know), in a file
 * that neither declares its own nor checks `typeof __dirname` first.
 */
export function readsDirnameAtLoad(file: string, text: string): boolean {
  if (!NAMES.test(text) || /\btypeof\s*\(?\s*__(?:dirname|filename)\b/.test(text)) return false;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  let declares = false;
  let reads = false;
  const visit = (node: ts.Node): void => {
    if (declares || ts.isFunctionLike(node)) return;
    if (ts.isIdentifier(node) && (node.text === '__dirname' || node.text === '__filename')) {
      const parent = node.parent;
      if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent)) && parent.name === node) declares = true;
      else if (
        !(ts.isPropertyAccessExpression(parent) && parent.name === node) &&
        !(ts.isPropertyAssignment(parent) && parent.name === node)
      )
        reads = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return reads && !declares;
}

/**
 * For an ES module bundle for Node: one warning naming the bundled CommonJS files that read
 * `__dirname`/`__filename` (by package), with the way out; undefined when there are none.
 */
export function dirnameWarning(
  metafile: esbuild.Metafile | undefined,
  projectRoot: string,
): InsttsDiagnostic | undefined {
  const byPackage = new Map<string, string>();
  for (const [input, info] of Object.entries(metafile?.inputs ?? {})) {
    if (info.format !== 'cjs' || input.includes(':')) continue;
    const file = path.resolve(projectRoot, input);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!readsDirnameAtLoad(file, text)) continue;
    const at = input.lastIndexOf('node_modules/');
    const name = at >= 0 ? packageOf(input.slice(at + 'node_modules/'.length)) : input;
    if (!byPackage.has(name)) byPackage.set(name, input);
  }
  if (byPackage.size === 0) return undefined;
  const packages = [...byPackage.keys()].filter((n) => byPackage.get(n) !== n);
  const list = [...byPackage].map(([name, input]) => (name === input ? input : `${name} (${input})`)).join(', ');
  const ways =
    packages.length > 0
      ? `Leave ${packages.length === 1 ? 'the package' : 'the packages'} out of the bundle (${packages.map((p) => `--external ${p}`).join(' ')}), build with --format cjs, or use --no-bundle`
      : 'Build with --format cjs, or use --no-bundle';
  return diag(
    Code.Bundle,
    `bundled CommonJS code reads __dirname or __filename as it loads, which ES module output does not define: ${list}; ` +
      `the program throws a ReferenceError when it loads that code. ${ways}`,
    undefined,
    'warning',
  );
}

function packageOf(rest: string): string {
  const parts = rest.split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}
