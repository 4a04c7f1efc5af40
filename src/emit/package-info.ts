// Which module a loaded file belongs to: the project (`.`) or an npm package with its version.

import fs from 'node:fs';
import path from 'node:path';
import type { ModuleInfo } from '../front/index.js';

interface PackageJson {
  name?: string;
  version?: string;
}

export class ModuleResolver {
  private readonly packages = new Map<string, PackageJson>();

  constructor(private readonly projectRoot: string) {}

  infoFor(file: string): ModuleInfo {
    const normalized = file.split(path.sep).join('/');
    const marker = normalized.lastIndexOf('/node_modules/');
    if (marker === -1) {
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

  private readPackage(root: string): PackageJson {
    let pkg = this.packages.get(root);
    if (pkg === undefined) {
      try {
        pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
      } catch {
        pkg = {};
      }
      this.packages.set(root, pkg);
    }
    return pkg;
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
