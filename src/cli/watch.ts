// `instts build --watch`: a first build, then a new one after each change to the project's
// sources, its tsconfig, the instts config, rule files or hook modules, with tsc's screen
// conventions (the time, "Starting compilation in watch mode...", "Found N errors. Watching for
// file changes.", the screen cleared unless --preserveWatchOutput). Config and rules are read
// again for every build: a broken rule file keeps the last good output and says why. What is
// watched, and how, is in watchers.ts.

import path from 'node:path';
import { loadBuildConfig } from '../config/load.js';
import type { BuildConfig, CliOptions } from '../config/types.js';
import { formatDiagnostic, InsttsError } from '../diagnostics.js';
import { BuildSession, runBuild, type BuildIO } from '../emit/build.js';
import type { CompiledRule } from '../rules/types.js';
import { buildReferences } from './references.js';
import { SOURCE_EXTENSIONS } from '../script-kind.js';
import {
  fallbackTargets,
  isDirectory,
  isInside,
  isWatchedExtension,
  ProjectWatchers,
  watchTargets,
  type WatchTargets,
} from './watchers.js';

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
  let targets: WatchTargets | undefined;
  let verbose = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
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
      verbose = config.logLevel === 'verbose';
      const withReferences = options.buildReferences === true;
      // what the first build watches should its rules fail to load
      targets ??= watchTargets(config, [], withReferences);
      const rules = await options.loadRules(config);
      targets = watchTargets(config, rules, withReferences);
      if (settingsChanged) session.generation++;
      settingsChanged = false;
      let referencesFailed = false;
      if (options.buildReferences) referencesFailed = (await buildReferences(config, io)) !== 0;
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
      targets ??= fallbackTargets(cwd);
      for (const d of error.diagnostics) {
        if (!d.file) continue;
        targets.files.add(path.resolve(cwd, d.file));
        targets.settings.add(path.resolve(cwd, d.file));
      }
    }
    watchers.update(targets);
    status(`Found ${errors} error${errors === 1 ? '' : 's'}. Watching for file changes.`, false);
  };

  const onChange = (file: string): void => {
    if (!targets || targets.outputs.some((p) => isInside(p, file))) return;
    if (!isSource(file, targets)) settingsChanged = true;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => build(false));
    }, DEBOUNCE_MS);
  };

  /**
   * An entry added to or removed from a watched folder. A watched file's own watcher reports what
   * happens to it; other entries count when they are files a build may read (not an editor's or
   * sed's temporary file), folders, or a folder that held watched files.
   */
  const onEntry = (entry: string): void => {
    if (!targets || watchers.watchesFile(entry) || path.basename(entry).startsWith('.')) return;
    const relevant =
      isWatchedExtension(entry) || isDirectory(entry) || [...targets.files].some((f) => isInside(entry, f));
    if (relevant) onChange(entry);
  };

  const watchers = new ProjectWatchers(onChange, onEntry, io, () => verbose);
  running = build(true);
  await running;
  await (options.until ?? new Promise<void>(() => {}));
  clearTimeout(timer);
  await running;
  watchers.close();
  await session.dispose();
  return 0;
}

/** A file of the program rather than of its settings (tsconfig, instts config, rules, hooks, package.json). */
function isSource(file: string, targets: WatchTargets): boolean {
  return (
    SOURCE_EXTENSIONS.includes(path.extname(file).toLowerCase()) &&
    ![...targets.settings].some((s) => isInside(s, file)) &&
    !path.basename(file).startsWith('instts.config.')
  );
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
