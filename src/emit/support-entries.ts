// The ES module support folder with few modules to load at start-up. Built with one esbuild entry
// per support file (runtime.js, each hooks/*.js), code splitting cuts the code they share into
// one chunk per set of entries that reach it: a dozen chunks, nearly all loaded at start-up, and
// Node's ES module loader pays resolution, reading, compiling and linking per module (a large
// part of what load-time instrumentation added to an express service's start-up; see
// docs/benchmarks.md, Start-up). Here every entry first imports one common module that imports
// every module that two or more support files import statically, so all of those are reached by
// every entry and land in one chunk (plus the parts that what is imported later, such as the
// OTLP exporters or the metrics SDK, shares). Each entry keeps its own code, the modules only it
// imports and its exports, so a hook module is still evaluated when, and only when, something
// imports it.

import type * as esbuild from 'esbuild';
import path from 'node:path';

const COMMON = 'instts:support-common';
const ENTRY_PREFIX = 'instts:support-entry:';
const NAMESPACE = 'instts-support';

/** Each entry input's export names, and every module the entries reach through static imports. */
export interface SupportSurvey {
  exports: Map<string, string[]>;
  /** Absolute paths of the modules two or more entries reach, entries themselves excluded. */
  shared: string[];
}

/** Reads a build's metafile (entries as inputs, one output each). */
export function surveySupport(
  metafile: esbuild.Metafile,
  workingDir: string,
  entries: readonly string[],
): SupportSurvey {
  const exports = new Map<string, string[]>();
  for (const output of Object.values(metafile.outputs)) {
    if (output.entryPoint !== undefined) exports.set(path.resolve(workingDir, output.entryPoint), output.exports);
  }
  const key = (input: string): string =>
    input.includes(':') && !path.isAbsolute(input) ? input : path.resolve(workingDir, input);
  const byKey = new Map(Object.entries(metafile.inputs).map(([input, info]) => [key(input), info]));
  const entrySet = new Set(entries);
  // How many entries reach each module through static imports (dynamic imports stay where they
  // are: loaded later, on demand).
  const reachedBy = new Map<string, number>();
  for (const entry of entries) {
    const seen = new Set<string>();
    const stack = [entry];
    while (stack.length > 0) {
      for (const imported of byKey.get(stack.pop()!)?.imports ?? []) {
        if (imported.external || imported.kind === 'dynamic-import') continue;
        const next = key(imported.path);
        if (seen.has(next) || entrySet.has(next)) continue;
        seen.add(next);
        stack.push(next);
      }
    }
    for (const m of seen) reachedBy.set(m, (reachedBy.get(m) ?? 0) + 1);
  }
  // A module only one support file reaches stays in that file, evaluated when it is imported.
  const shared = [...reachedBy].filter(([, n]) => n > 1).map(([m]) => m);
  return { exports, shared: shared.filter((p) => path.isAbsolute(p)) };
}

/**
 * esbuild's note that a bare import in the common module was dropped because its package declares
 * `sideEffects: false` (the OpenTelemetry packages' ES module builds do). Nothing is lost: such a
 * module is tree-shaken and lands in the chunks of the entries that use it, not in the common one.
 */
export function isDroppedCommonImport(message: esbuild.Message): boolean {
  return message.id === 'ignored-bare-import' && message.location?.file === `${NAMESPACE}:${COMMON}`;
}

/** The entry point of the build for support file `input`. */
export function supportEntry(input: string): string {
  return `${ENTRY_PREFIX}${input}`;
}

/**
 * Virtual modules: the common one (importing every shared module) and, for each entry, one that
 * imports the common module first and then re-exports the support file.
 */
export function supportEntriesPlugin(survey: SupportSurvey, resolveDir: string): esbuild.Plugin {
  const common = survey.shared.map((p) => `import ${JSON.stringify(p)};`).join('\n');
  return {
    name: 'instts-support-entries',
    setup(build) {
      build.onResolve({ filter: /^instts:support-(common|entry:)/ }, (args) => ({
        path: args.path,
        namespace: NAMESPACE,
      }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        if (args.path === COMMON) return { contents: common, loader: 'js', resolveDir };
        const input = args.path.slice(ENTRY_PREFIX.length);
        const names = survey.exports.get(input) ?? [];
        const lines = [`import ${JSON.stringify(COMMON)};`, `export * from ${JSON.stringify(input)};`];
        // `export *` leaves the default export out.
        if (names.includes('default')) lines.push(`export { default } from ${JSON.stringify(input)};`);
        if (names.length === 0) lines.push(`import ${JSON.stringify(input)};`);
        return { contents: lines.join('\n'), loader: 'js', resolveDir };
      });
    },
  };
}

/** A runtime module loaded on demand in split support output: its `load.js` and what replaces it. */
export interface OnDemandModule {
  /** The module (absolute path): a support entry of its own, `<file>` in the support folder. */
  module: string;
  file: string;
  /** The runtime's `load.js` for it (absolute path) and the names of its loader and of the export it returns. */
  load: string;
  loader: string;
  exportName: string;
}

/**
 * Code a process needs only under a policy, on demand. In split support output the governance
 * engine and the lanes are support files of their own (`governance.js`, `lanes.js`), imported by
 * no other: the runtime's `load.js` next to each is replaced by a module that `require()`s the
 * file on the first call (a synchronous load of an ES module, which the hooks need; Node
 * 20.19+/22.12+). A process without a policy or admin port never reads, compiles or runs the
 * engine, the policy parser, the admin endpoint or the lane matching (minimatch).
 */
export function onDemandPlugin(modules: readonly OnDemandModule[], supportDirName: string): esbuild.Plugin {
  const marker = `/${supportDirName}/`;
  const byLoad = new Map(modules.map((m) => [m.load, m]));
  const contents = (m: OnDemandModule): string =>
    [
      `import { createRequire } from 'node:module';`,
      `import { fileURLToPath } from 'node:url';`,
      `export function ${m.loader}() {`,
      `  const url = import.meta.url;`,
      `  const root = url.slice(0, url.lastIndexOf(${JSON.stringify(marker)}) + ${marker.length});`,
      `  return createRequire(url)(fileURLToPath(new URL(${JSON.stringify(m.file)}, root))).${m.exportName};`,
      `}`,
    ].join('\n');
  return {
    name: 'instts-on-demand',
    setup(build) {
      build.onLoad({ filter: /[\\/]load\.js$/ }, (args) => {
        const m = byLoad.get(path.resolve(args.path));
        return m === undefined ? undefined : { contents: contents(m), loader: 'js' };
      });
    },
  };
}
