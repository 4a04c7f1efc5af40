// Which module a loaded file belongs to: the project (`.`) or an npm package with its version.

import path from 'node:path';
import type { ModuleInfo } from '../front/index.js';
import { readPackageJson, type PackageJson } from '../package-json.js';

export class ModuleResolver {
  private readonly packages = new Map<string, PackageJson>();

  constructor(private readonly projectRoot: string) {}

  infoFor(file: string): ModuleInfo {
    const normalized = file.split(path.sep).join('/');
    const marker = normalized.lastIndexOf('/node_modules/');
    if (marker === -1) {
      // A workspace package (npm/yarn/pnpm workspaces link it into node_modules; esbuild loads it
      // by its real path, outside node_modules) is named by its package.json like any package.
      const workspace = this.isInsideProject(file) ? undefined : this.workspacePackage(file);
      if (workspace)
        return {
          module: workspace.pkg.name!,
          version: workspace.pkg.version,
          relativePath: toPosix(path.relative(workspace.dir, file)),
        };
      return { module: '.', version: undefined, relativePath: toPosix(path.relative(this.projectRoot, file)) };
    }
    // The package root is the folder right under the last node_modules (two for @scope/name):
    // this also handles pnpm's node_modules/.pnpm/x@1/node_modules/x layout.
    const rest = normalized.slice(marker + '/node_modules/'.length).split('/');
    const depth = rest[0]?.startsWith('@') ? 2 : 1;
    const root = normalized.slice(0, marker + '/node_modules/'.length) + rest.slice(0, depth).join('/');
    const pkg = this.readPackage(root);
    return {
      module: pkg.name ?? rest.slice(0, depth).join('/'),
      version: pkg.version,
      relativePath: rest.slice(depth).join('/'),
    };
  }

  private isInsideProject(file: string): boolean {
    const rel = path.relative(this.projectRoot, file);
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  }

  /** The nearest named package.json above a file outside the project, unless it is one the project lives in. */
  private workspacePackage(file: string): { dir: string; pkg: PackageJson } | undefined {
    for (let dir = path.dirname(file); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      const rel = path.relative(dir, this.projectRoot);
      if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) return undefined; // an ancestor of the project
      const pkg = this.readPackage(dir);
      if (pkg.name) return { dir, pkg };
    }
    return undefined;
  }

  private readPackage(root: string): PackageJson {
    let pkg = this.packages.get(root);
    if (pkg === undefined) {
      pkg = readPackageJson(root) ?? {};
      this.packages.set(root, pkg);
    }
    return pkg;
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
