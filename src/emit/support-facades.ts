// The ES module support folder as one module plus facades. Built with one esbuild entry per
// support file (runtime.js, each hooks/*.js), code splitting cuts the shared code into a dozen
// chunks, and a service loads nearly all of them at start-up: Node's ES module loader pays
// resolution, reading, compiling and linking per module, about a third of the start-up that
// load-time instrumentation added to an express service (docs/benchmarks.md, Start-up). Here
// the support code is built from one entry, `support.js`, so the start-up loads that module and
// the chunks it shares with what is imported later (the OTLP exporters, the metrics and logs
// SDKs). `runtime.js` and each `hooks/*.js` stay where instrumented code looks for them, as
// facades re-exporting their names from `support.js`. Every module but the runtime is kept
// behind an initializer in `support.js` (esbuild's lazy wrapper for a `require`d module), which
// its facade calls: a hook module is still evaluated when, and only when, something imports it
// (a framework's hooks mark routing as present when they load, for instance).

import type * as esbuild from 'esbuild';
import path from 'node:path';

const ENTRY = 'instts:support-entry';
const NAMESPACE = 'instts-support-entry';

/** The specifier of the virtual entry that {@link supportEntryPlugin} provides. */
export const SUPPORT_ENTRY_SPECIFIER = ENTRY;

/** One support module: the source it is built from and the file instrumented code imports. */
export interface SupportModule {
  input: string;
  output: string;
  /** Evaluated with support.js itself (the runtime, which every instrumented file imports). */
  eager: boolean;
}

/** The name of module `index`'s namespace (eager) or initializer (lazy) in support.js. */
function exportOf(index: number): string {
  return `__instts_${index}`;
}

/** The export names of each entry output of a build with a metafile, by entry input (absolute). */
export function entryExports(metafile: esbuild.Metafile, workingDir: string): Map<string, string[]> {
  const exports = new Map<string, string[]>();
  for (const output of Object.values(metafile.outputs)) {
    if (output.entryPoint !== undefined) exports.set(path.resolve(workingDir, output.entryPoint), output.exports);
  }
  return exports;
}

/** The virtual `support.js` entry: the runtime's namespace, and an initializer for every other module. */
export function supportEntryPlugin(modules: readonly SupportModule[], resolveDir: string): esbuild.Plugin {
  const contents = modules
    .map((m, i) =>
      m.eager ? `export * as ${exportOf(i)} from ${JSON.stringify(m.input)};` : `export const ${exportOf(i)} = () => require(${JSON.stringify(m.input)});`,
    )
    .join('\n');
  return {
    name: 'instts-support-entry',
    setup(build) {
      build.onResolve({ filter: /^instts:support-entry$/ }, () => ({ path: ENTRY, namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({ contents, loader: 'js', resolveDir }));
    },
  };
}

/**
 * The facade written at `module.output`: the module's exports, taken from `support.js` when the
 * facade is evaluated (hooks are read once, when a site is declared; nothing re-reads them).
 */
export function facadeText(module: SupportModule, index: number, names: readonly string[], supportFile: string): string {
  let specifier = path.relative(path.dirname(module.output), supportFile).split(path.sep).join('/');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  const local = exportOf(index);
  const lines = [`import { ${local} } from ${JSON.stringify(specifier)};`, `const __m = ${module.eager ? local : `${local}()`};`];
  const named = names.filter((n) => n !== 'default');
  const locals = named.map((n, i) => (isIdentifier(n) ? n : `__e${i}`));
  if (named.length > 0) lines.push(`const { ${named.map((n, i) => (locals[i] === n ? n : `${JSON.stringify(n)}: ${locals[i]}`)).join(', ')} } = __m;`);
  const list = named.map((n, i) => (locals[i] === n ? n : `${locals[i]} as ${JSON.stringify(n)}`));
  if (names.includes('default')) {
    lines.push('const __d = __m.default;');
    list.push('__d as default');
  }
  if (list.length > 0) lines.push(`export { ${list.join(', ')} };`);
  return `${lines.join('\n')}\n`;
}

const RESERVED = new Set(['__m', '__d', 'default']);

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(name) && !RESERVED.has(name) && !/^__e\d+$/.test(name) && !/^__instts_\d+$/.test(name);
}
