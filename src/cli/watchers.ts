// What watch mode watches, and how: with TypeScript's own watch functions (`ts.sys.watchFile`,
// `ts.sys.watchDirectory`), as `tsc -w` does.
//
// - Every file a build reads is watched for its content: the sources under the project's folder
//   (and, with -b, under each referenced project's), the tsconfig, the instts config, rule files,
//   hook modules, package.json. TypeScript's file watcher is an fs.watch on the file that it arms
//   again when the file is replaced (editors and `sed -i` write a new file and rename it over the
//   old one: a watch on the old file would see nothing more), that polls while the file is
//   missing, and that falls back to polling when the system refuses a watch.
// - The project's folders are watched for files added or removed, one folder at a time (on Linux
//   Node's recursive fs.watch watches every file below, node_modules included), leaving out
//   node_modules, dot folders and what the build writes.

import fs from 'node:fs';
import path from 'node:path';
import type TS from 'typescript';
import ts from '../typescript.cjs';
import type { BuildConfig } from '../config/types.js';
import type { BuildIO } from '../emit/build.js';
import type { CompiledRule } from '../rules/types.js';
import { SOURCE_EXTENSIONS } from '../script-kind.js';

/** What one build asks to watch until the next one. */
export interface WatchTargets {
  /** Watched for their content. */
  files: Set<string>;
  /** Settings rather than sources, files or folders (a change to them starts a new esbuild context). */
  settings: Set<string>;
  /** Watched, with the folders below them, for files added or removed. */
  directories: Set<string>;
  /** What the build writes (folders or files), never watched. */
  outputs: string[];
}

/** Files whose content a build may read: sources, and JSON (tsconfig, package.json, imported data). */
const WATCHED_EXTENSIONS = new Set([...SOURCE_EXTENSIONS, '.json']);
/** tsc's polling interval for source files, used when a file is missing or cannot be watched by events. */
const POLLING_MS = 250;

export function isWatchedExtension(file: string): boolean {
  return WATCHED_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** Folders never watched nor searched for sources: packages, dot folders (.git, caches). */
function isSkippedFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/**
 * What the build writes: the output folder and tsconfig's declarationDir (unless the project's
 * folder is inside them), the output file, the report, the dump.
 */
export function buildOutputs(config: BuildConfig): string[] {
  const outputs = [config.report, config.dump].filter((p): p is string => p !== undefined);
  const { declarationDir } = config.compilerOptions;
  for (const dir of [config.outDir, declarationDir && path.resolve(declarationDir)])
    if (dir && !isInside(dir, config.projectRoot)) outputs.push(dir);
  if (config.outfile) outputs.push(config.outfile, `${config.outfile}.map`);
  return outputs;
}

/** The project's folder (and with -b the referenced projects'), its sources, and its settings. */
export function watchTargets(config: BuildConfig, rules: CompiledRule[], withReferences: boolean): WatchTargets {
  const outputs = buildOutputs(config);
  const directories = new Set([config.projectRoot]);
  if (withReferences) {
    for (const ref of config.projectReferences) {
      directories.add(path.dirname(ref));
      // what tsc -b writes there before each build is not a change to build again for
      outputs.push(...referenceOutputs(ref));
    }
  }
  const settings = new Set<string>([path.join(config.projectRoot, 'package.json')]);
  if (config.tsconfigPath) {
    settings.add(config.tsconfigPath);
    for (const extended of extendedConfigFiles(config)) settings.add(extended);
  }
  if (config.configFile) settings.add(config.configFile);
  for (const source of config.ruleSources) if (!source.startsWith('instts:')) settings.add(source);
  for (const rule of rules) {
    if (!rule.location.file.includes(`${path.sep}node_modules${path.sep}`)) settings.add(rule.location.file);
    for (const hook of rule.hooks) if (path.isAbsolute(hook.module)) settings.add(hook.module);
  }
  const files = new Set<string>();
  for (const setting of settings) {
    // a folder of rule files is watched as a folder: for its files, and for rule files added
    if (isDirectory(setting)) directories.add(setting);
    else files.add(setting);
  }
  for (const dir of directories) for (const file of filesUnder(dir, outputs)) files.add(file);
  for (const file of [...config.fileNames, ...config.entries]) files.add(file);
  return { files, settings, directories, outputs };
}

/** When no build got as far as reading its configuration: the current folder and what is in it. */
export function fallbackTargets(cwd: string): WatchTargets {
  const files = new Set(filesUnder(cwd, []));
  return { files, settings: new Set(files), directories: new Set([cwd]), outputs: [] };
}

/** A referenced project's outDir and declarationDir (those its own sources are not inside). */
function referenceOutputs(tsconfig: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  const dirs = [parsed?.options.outDir, parsed?.options.declarationDir].filter((d): d is string => d !== undefined);
  return dirs.map((d) => path.resolve(d)).filter((d) => !isInside(d, path.dirname(tsconfig)));
}

/** The files tsconfig `extends` (outside node_modules: a package's tsconfig changes with the package). */
function extendedConfigFiles(config: BuildConfig): string[] {
  const source = (config.compilerOptions as { configFile?: TS.TsConfigSourceFile }).configFile;
  return (source?.extendedSourceFiles ?? [])
    .map((f) => path.resolve(f))
    .filter((f) => !f.split(path.sep).includes('node_modules'));
}

/** Files with a watched extension under `dir`, leaving out skipped folders, symbolic links to folders and `outputs`. */
function filesUnder(dir: string, outputs: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (folder: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // gone, or not readable: its parent's watcher reports it coming back
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (outputs.some((o) => isInside(o, full))) continue;
      if (entry.isDirectory()) {
        if (!isSkippedFolder(entry.name)) visit(full);
      } else if (!entry.name.startsWith('.') && isWatchedExtension(entry.name)) found.push(full);
    }
  };
  visit(dir);
  return found;
}

/**
 * The armed watchers, kept from one build to the next: `update` closes those no longer wanted and
 * arms the new ones. `onFile` hears of a watched file changed, replaced, deleted or created;
 * `onEntry` of an entry added to or removed from a watched folder (a path, maybe a folder's).
 */
export class ProjectWatchers {
  private readonly files = new Map<string, TS.FileWatcher>();
  private readonly directories = new Map<string, TS.FileWatcher>();
  private readonly restoreLog: () => void;

  constructor(
    private readonly onFile: (file: string) => void,
    private readonly onEntry: (entry: string) => void,
    io: BuildIO,
    verbose: () => boolean,
  ) {
    this.restoreLog = reportWatcherFallbacks(io, verbose);
  }

  watchesFile(file: string): boolean {
    return this.files.has(file);
  }

  update(targets: WatchTargets): void {
    const sys = ts.sys;
    if (!sys.watchFile || !sys.watchDirectory) throw new Error("TypeScript's sys offers no file watching here");
    const watchFile = sys.watchFile.bind(sys);
    const watchDirectory = sys.watchDirectory.bind(sys);
    sync(this.files, targets.files, (file) => watchFile(file, (name) => this.onFile(path.resolve(name)), POLLING_MS));
    // TypeScript matches these patterns against the paths it meets: node_modules and dot folders are
    // never entered, nor the build's output folders. Synchronous: an entry is reported when the
    // system reports it (not a second later), so a file removed or renamed over is one build.
    const excludeDirectories = ['**/node_modules', '**/.*', ...targets.outputs].map(toSlashes);
    const watchOptions: TS.WatchOptions = { excludeDirectories, synchronousWatchDirectory: true };
    const key = (dir: string): string => JSON.stringify([dir, excludeDirectories]);
    const wanted = new Map([...targets.directories].map((dir) => [key(dir), dir]));
    sync(this.directories, new Set(wanted.keys()), (k) =>
      watchDirectory(wanted.get(k)!, (name) => this.onEntry(path.resolve(name)), true, watchOptions),
    );
  }

  close(): void {
    for (const watcher of [...this.files.values(), ...this.directories.values()]) watcher.close();
    this.files.clear();
    this.directories.clear();
    this.restoreLog();
  }
}

/** Closes the watchers of keys no longer wanted, arms those of new keys. */
function sync(current: Map<string, TS.FileWatcher>, wanted: Set<string>, arm: (key: string) => TS.FileWatcher): void {
  for (const [key, watcher] of current) {
    if (!wanted.has(key)) {
      watcher.close();
      current.delete(key);
    }
  }
  for (const key of wanted) if (!current.has(key)) current.set(key, arm(key));
}

/**
 * TypeScript's watchers do not give up: a watcher whose fs.watch reports an error is armed again (and
 * its callback called), and a file the system refuses to watch by events (on Linux, past the
 * inotify limit, fs.inotify.max_user_watches) is polled instead. They say so only in TypeScript's
 * watch log (what tsc -w prints with --extendedDiagnostics): with --log-level verbose its lines
 * about watched paths are printed; otherwise the first fall-back to polling is said once.
 */
function reportWatcherFallbacks(io: BuildIO, verbose: () => boolean): () => void {
  // Not in TypeScript's declarations, but exported by the typescript package (tsc -w sets it).
  const setSysLog = (ts as unknown as { setSysLog?: (log: (line: string) => void) => void }).setSysLog;
  if (typeof setSysLog !== 'function') return () => {};
  let notedPolling = false;
  setSysLog((line) => {
    const m = /^sysLog:: (.+?):: (.+)$/.exec(line);
    if (!m || !path.isAbsolute(m[1]!)) return;
    if (verbose()) io.err(`instts: watch: ${path.resolve(m[1]!)}: ${m[2]}\n`);
    else if (!notedPolling && /to watchFile$/.test(m[2]!)) {
      notedPolling = true;
      io.err(
        `instts: watch: cannot watch ${path.resolve(m[1]!)} by file system events (on Linux, the inotify ` +
          'limit fs.inotify.max_user_watches may be reached): it is polled instead\n',
      );
    }
  });
  return () => setSysLog(() => {});
}

function toSlashes(p: string): string {
  return p.split(path.sep).join('/');
}

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
