// The one reader of package.json files, for the fields the compiler looks at.

import fs from 'node:fs';
import path from 'node:path';

export interface PackageJson {
  name?: string;
  version?: string;
  type?: string;
  main?: string;
  /** The package's ES module build (bundlers' `module` field). */
  module?: string;
  exports?: unknown;
  /** Subpath imports (`#alias`). */
  imports?: unknown;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** The package.json in `dir`, parsed; undefined when there is none or it does not hold an object. */
export function readPackageJson(dir: string): PackageJson | undefined {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return typeof value === 'object' && value !== null ? (value as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}
