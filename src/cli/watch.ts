// `instts build --watch`: a first build, then a new one after each change to the project's
// sources, its tsconfig, the instts config, rule files or hook modules, with tsc's screen
// conventions (the time, "Starting compilation in watch mode...", "Found N errors. Watching for
// file changes.", the screen cleared unless --preserveWatchOutput). Config and rules are read
// again for every build: a broken rule file keeps the last good output and says why.

import fs from 'node:fs';
import path from 'node:path';
import { loadBuildConfig } from '../config/load.js';
import type { BuildConfig, CliOptions } from '../config/types.js';
import { formatDiagnostic, InsttsError } from '../diagnostics.js';
import { BuildSession, runBuild, type BuildIO } from '../emit/build.js';
import type { CompiledRule } from '../rules/types.js';
import { buildReferences } from './references.js';

export interface WatchOptions {
  preserveWatchOutput: boolean;
  /** --strict: instts's warnings are errors (that build writes nothing). */
  strict?: boolean;
  loadRules(config: BuildConfig): Promise<CompiledRule[]>;
  /** -b: build tsconfig references (with the project's tsc -b) before each build; their folders are watched too. */
  buildReferences?: boolean;
  /** Resolves when watching should stop (tests; otherwise never: Ctrl+C ends the process). */
  until?: Promise<void>;
}

/** tsc waits this long after a change before building, so an editor's burst of writes is one build. */
const DEBOUNCE_MS = 250;

export async function watchBuild(cli: CliOptions, cwd: string, io: BuildIO, options: WatchOptions): Promise<number> {
  const pretty = cli.pretty ?? !!process.stdout.isTTY;
  const clear = !options.preserveWatchOutput && !!process.stdout.isTTY;
  const status = statusPrinter(io, pretty, clear);
  let watched = new Set<string>();
  const watchers = new Map<string, fs.FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let ignored: string[] = [];
  const session = new BuildSession();
  /** Set when a file other than a source changed: the next build starts a new esbuild context. */
  let settingsChanged = false;

  const build = async (first: boolean): Promise<void> => {
    status(
      first ? 'Starting compilation in watch mode...' : 'File change detected. Starting incremental compilation...',
      true,
    );
    let errors = 0;
    try {
      const config = await loadBuildConfig({ ...cli, pretty }, cwd);
      // What the build itself writes must not start another build.
      ignored = [config.outfile ? path.dirname(config.outfile) : config.outDir, config.report, config.dump].filter(
        (p): p is string => p !== undefined,
      );
      const rules = await options.loadRules(config);
      watched = watchList(config, rules);
      if (settingsChanged) session.generation++;
      settingsChanged = false;
      let referencesFailed = false;
      if (options.buildReferences) {
        for (const ref of config.projectReferences) watched.add(path.dirname(ref));
        referencesFailed = (await buildReferences(config, io)) !== 0;
      }
      if (referencesFailed) errors = 1;
      else {
        const outcome = await runBuild(config, rules, io, { session, watch: true, strict: options.strict === true });
        errors =
          (outcome.report.typecheck?.errors ?? 0) +
          outcome.report.bundleErrors +
          (options.strict ? outcome.warnings.length : 0);
      }
    } catch (error) {
      if (!(error instanceof InsttsError)) throw error;
      for (const d of error.diagnostics) io.err(formatDiagnostic(d) + '\n');
      io.err('instts: the last good output is kept; fix the error above and save to build again\n');
      errors = error.diagnostics.filter((d) => d.category === 'error').length;
      // keep watching what was watched, plus the files the errors are in
      for (const d of error.diagnostics) if (d.file) watched.add(path.resolve(cwd, d.file));
    }
    updateWatchers(watched, watchers, onChange);
    status(`Found ${errors} error${errors === 1 ? '' : 's'}. Watching for file changes.`, false);
  };

  const onChange = (file: string): void => {
    if (ignored.some((p) => isInside(p, file)) || path.basename(file).startsWith('.instts.')) return;
    const parts = file.split(path.sep);
    if ((parts.includes('node_modules') || parts.includes('.git')) && !watched.has(file)) return;
    if (!isSource(file)) settingsChanged = true;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => build(false));
    }, DEBOUNCE_MS);
  };

  /** A file of the program rather than of its settings (tsconfig, instts config, rules, hooks, package.json). */
  const isSource = (file: string): boolean =>
    /\.[cm]?[jt]sx?$/.test(file) &&
    ![...watched].some((w) => w !== [...watched][0] && isInside(w, file)) &&
    !path.basename(file).startsWith('instts.config.');

  running = build(true);
  await running;
  await (options.until ?? new Promise<void>(() => {}));
  clearTimeout(timer);
  await running;
  for (const watcher of watchers.values()) watcher.close();
  await session.dispose();
  return 0;
}

/**
 * As tsc's watch status reporter writes them: a status starting a build clears the screen (a
 * terminal, no --preserveWatchOutput); plain mode puts a blank line before every other status.
 */
function statusPrinter(io: BuildIO, pretty: boolean, clear: boolean): (message: string, starting: boolean) => void {
  return (message, starting) => {
    const time = new Date().toLocaleTimeString().replace('\u202f', ' ');
    let text = '';
    if (starting && clear) text += '\u001bc';
    else if (!pretty) text += '\n';
    text += pretty ? `[\u001b[90m${time}\u001b[0m] ${message}\n\n` : `${time} - ${message}\n${starting ? '\n' : ''}`;
    io.out(text);
  };
}

/** One recursive watcher per folder holding watched files (the project root covers its sources). */
function updateWatchers(
  watched: Set<string>,
  watchers: Map<string, fs.FSWatcher>,
  onChange: (file: string) => void,
): void {
  const dirs = new Set<string>();
  for (const file of watched) {
    const dir = fs.existsSync(file) && fs.statSync(file).isDirectory() ? file : path.dirname(file);
    if (![...dirs].some((d) => isInside(d, dir))) {
      for (const d of [...dirs]) if (isInside(dir, d)) dirs.delete(d);
      dirs.add(dir);
    }
  }
  for (const [dir, watcher] of watchers) {
    if (!dirs.has(dir)) {
      watcher.close();
      watchers.delete(dir);
    }
  }
  for (const dir of dirs) {
    if (watchers.has(dir) || !fs.existsSync(dir)) continue;
    const watcher = fs.watch(dir, { recursive: true }, (_event, name) => {
      if (name) onChange(path.join(dir, name.toString()));
    });
    watcher.on('error', () => {});
    watchers.set(dir, watcher);
  }
}

/** The project's folder, its tsconfig and instts config, rule files and hook modules. */
function watchList(config: BuildConfig, rules: CompiledRule[]): Set<string> {
  const files = new Set<string>([config.projectRoot]);
  if (config.tsconfigPath) files.add(config.tsconfigPath);
  if (config.configFile) files.add(config.configFile);
  for (const source of config.ruleSources) if (!source.startsWith('instts:')) files.add(source);
  for (const rule of rules) {
    if (!rule.location.file.includes(`${path.sep}node_modules${path.sep}`)) files.add(rule.location.file);
    for (const hook of rule.hooks) if (path.isAbsolute(hook.module)) files.add(hook.module);
  }
  return files;
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
