// Which TypeScript type-checks a project: the one the project itself installed, as its `tsc`
// would. A JS-API TypeScript (4.9 to 6.x) is loaded and its checker run in-process; TypeScript 7
// (the native port, whose package has no compiler API) runs as the project's own `tsc`; a project
// without TypeScript is checked with instts's own.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type TypescriptKind = 'js-api' | 'native';

export interface ProjectTypescript {
  /** `js-api`: its checker runs in instts's type-check worker; `native`: its `tsc` runs as a child process. */
  kind: TypescriptKind;
  version: string;
  /** Folder of the `typescript` package. */
  packageDir: string;
  /** The package's main module (JS API), loaded with require(). */
  modulePath: string;
  /** Its `bin/tsc` launcher. */
  tscPath: string;
  /** Whether the project installed it (false: instts's own, because the project has none). */
  fromProject: boolean;
}

const ownPackageJson = createRequire(import.meta.url).resolve('typescript/package.json');

/** The TypeScript a project in `projectRoot` resolves (`require.resolve('typescript')` from there), else instts's own. */
export function resolveProjectTypescript(projectRoot: string): ProjectTypescript {
  let packageJson: string | undefined;
  try {
    packageJson = createRequire(path.join(projectRoot, 'package.json')).resolve('typescript/package.json');
  } catch {
    packageJson = undefined;
  }
  return describe(packageJson ?? ownPackageJson, packageJson !== undefined);
}

function describe(packageJson: string, fromProject: boolean): ProjectTypescript {
  const pkg = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as {
    version?: string;
    main?: string;
    bin?: Record<string, string>;
  };
  const packageDir = fs.realpathSync(path.dirname(packageJson));
  const version = pkg.version ?? '0.0.0';
  const major = Number(version.split('.')[0]);
  // TypeScript 7's package exports only its version from the main entry (the compiler is a native binary).
  const kind: TypescriptKind = major >= 7 ? 'native' : 'js-api';
  return {
    kind,
    version,
    packageDir,
    modulePath: path.join(packageDir, pkg.main ?? 'lib/typescript.js'),
    tscPath: path.join(packageDir, pkg.bin?.tsc ?? 'bin/tsc'),
    fromProject,
  };
}

/** One line for `--log-level verbose` and the report: which TypeScript, whose, and how it runs. */
export function describeTypescript(t: ProjectTypescript, projectRoot: string): string {
  const where = path.relative(projectRoot, t.packageDir) || t.packageDir;
  const whose = t.fromProject ? `the project's (${where})` : "instts's own (the project has no typescript installed)";
  const how =
    t.kind === 'native' ? `its tsc --noEmit, run alongside the build` : 'its compiler API, on a worker thread';
  return `TypeScript ${t.version}, ${whose}, checked by ${how}`;
}
