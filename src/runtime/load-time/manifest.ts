// Package files instrumented at build time and substituted when the program loads them: the
// manifest the build writes next to its output (see docs/adr/0006-load-time-instrumentation.md).
// Run-time side only: nothing here parses or rewrites code.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stderrSink } from '../log.js';

/** Written by the build as `__instts__/load-time.json`. */
export interface LoadTimeManifest {
  version: 1;
  /** `<package folder>/<path in the package>` (see packageFileKey) → the copies instrumented. */
  files: Record<string, LoadTimeEntry[]>;
}

export interface LoadTimeEntry {
  /** sha256 (hex) of the original file the build instrumented. */
  sha256: string;
  /** The instrumented text, relative to the support folder. */
  patched: string;
  format: 'commonjs' | 'module';
}

export const MANIFEST_FILE = 'load-time.json';
/** Stands for the support folder's location in instrumented package files; replaced when loaded. */
export const SUPPORT_PLACEHOLDER = '__INSTTS_LOAD_TIME_SUPPORT__';

/**
 * Key of a file inside node_modules: the folder under the last `node_modules` (two for a scope)
 * and the path below it. Built from the path alone, so build and run agree without reading any
 * package.json; an aliased install (`express5` → express@5) keeps its folder name.
 */
export function packageFileKey(file: string): string | undefined {
  const normalized = file.split(path.sep).join('/');
  const marker = normalized.lastIndexOf('/node_modules/');
  if (marker === -1) return undefined;
  const rest = normalized.slice(marker + '/node_modules/'.length);
  if (rest.startsWith('.')) return undefined; // .bin, .cache, .pnpm/… are not package folders
  return rest;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Looks loaded files up in the manifest; says once per file on stderr why one was left alone. */
export class LoadTimePatches {
  private readonly told = new Set<string>();
  readonly hasModules: boolean;
  readonly hasCommonJs: boolean;

  constructor(
    private readonly supportDir: string,
    private readonly manifest: LoadTimeManifest,
  ) {
    this.hasModules = Object.values(manifest.files).some((entries) => entries.some((e) => e.format === 'module'));
    this.hasCommonJs = Object.values(manifest.files).some((entries) => entries.some((e) => e.format === 'commonjs'));
  }

  static read(supportDir: string): LoadTimePatches | undefined {
    let text: string;
    try {
      text = fs.readFileSync(path.join(supportDir, MANIFEST_FILE), 'utf8');
    } catch (error) {
      warn(
        `cannot read ${path.join(supportDir, MANIFEST_FILE)} (${(error as Error).message}): packages outside the build run uninstrumented`,
      );
      return undefined;
    }
    try {
      const manifest = JSON.parse(text) as LoadTimeManifest;
      if (manifest.version !== 1 || typeof manifest.files !== 'object' || manifest.files === null)
        throw new Error('unknown manifest version');
      return new LoadTimePatches(supportDir, manifest);
    } catch (error) {
      warn(
        `${path.join(supportDir, MANIFEST_FILE)} is not a load-time manifest (${(error as Error).message}): packages outside the build run uninstrumented`,
      );
      return undefined;
    }
  }

  get size(): number {
    return Object.keys(this.manifest.files).length;
  }

  /** The packages (folder names under node_modules) whose ES module files are instrumented. */
  modulePackages(): string[] {
    const names = new Set<string>();
    for (const [key, entries] of Object.entries(this.manifest.files)) {
      if (!entries.some((e) => e.format === 'module')) continue;
      const parts = key.split('/');
      names.add(parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
    return [...names].sort();
  }

  /** The instrumented text for a file being loaded, or undefined to load it as it is. */
  patchFor(file: string, content: string, format: 'commonjs' | 'module'): string | undefined {
    const key = packageFileKey(file);
    if (key === undefined) return undefined;
    const entries = this.manifest.files[key];
    if (entries === undefined) return undefined;
    const digest = sha256(content);
    const entry = entries.find((e) => e.sha256 === digest && e.format === format);
    if (entry === undefined) {
      this.once(
        key,
        `${key} is not the file this build instrumented (its content differs): loaded uninstrumented; rebuild against the installed packages`,
      );
      return undefined;
    }
    let patched: string;
    try {
      patched = fs.readFileSync(path.join(this.supportDir, entry.patched), 'utf8');
    } catch (error) {
      this.once(
        key,
        `cannot read the instrumented copy of ${key} (${(error as Error).message}): loaded uninstrumented`,
      );
      return undefined;
    }
    const location =
      format === 'module' ? pathToFileURL(this.supportDir).href : JSON.stringify(this.supportDir).slice(1, -1);
    return patched.split(SUPPORT_PLACEHOLDER).join(location);
  }

  private once(key: string, message: string): void {
    if (this.told.has(key)) return;
    this.told.add(key);
    warn(message);
  }
}

function warn(message: string): void {
  stderrSink(`instts: ${message}`);
}
