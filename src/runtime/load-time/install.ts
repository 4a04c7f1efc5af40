// Puts the build's instrumented package files in place of the originals as the program loads
// them: a wrapper around CommonJS compilation (every Node 20) and, for ES module package files,
// a module.register() load hook (Node 20.6+). Imported first by the entry points the build wrote.

import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { processEnv } from '../env.js';
import { errorMessage, stderrSink } from '../log.js';
import { LoadTimePatches } from './manifest.js';

const INSTALLED = Symbol.for('instts.loadTime.installed.v1');
const flags = globalThis as unknown as Record<symbol, boolean | undefined>;

type Compile = (this: unknown, content: unknown, filename: string, ...rest: unknown[]) => unknown;

/**
 * `supportDir`: the build's `__instts__` folder (manifest, instrumented copies, hook files);
 * `supportIsModule`: its files are ES modules (ES module output).
 */
export function installLoadTimeInstrumentation(supportDir: string, supportIsModule = false): void {
  if (flags[INSTALLED]) return;
  flags[INSTALLED] = true;
  const patches = LoadTimePatches.read(supportDir);
  if (patches === undefined || patches.size === 0) return;
  if (patches.hasCommonJs) installCommonJsSwap(patches, supportIsModule);
  if (patches.hasModules) {
    registerModuleHook(supportDir);
    // CommonJS output requires its packages after this ran; ES module output linked them before.
    if (supportIsModule && !startedWithLoaderFlag()) {
      stderrSink(
        `instts: this build instruments ES module files of ${patches.modulePackages().join(', ')} as they load, which needs its load hook registered before the program's imports are linked, and the process was started without --import: those the program imports statically run uninstrumented (start with node --import ${startModuleHint(supportDir)} <entry>, as the build said)`,
      );
    }
  }
}

/**
 * Whether the process was started with a module preloaded (`--import`, `--loader`), on the command
 * line or in NODE_OPTIONS. Any such flag counts: a program's own start-up module may import the
 * build's load-time module itself.
 */
function startedWithLoaderFlag(): boolean {
  const options = (processEnv().NODE_OPTIONS ?? '').split(/\s+/);
  return [...process.execArgv, ...options].some((a) => /^--(import|loader|experimental-loader)(=|$)/.test(a));
}

/** The build's load-time module, relative to the working folder when it is below it. */
function startModuleHint(supportDir: string): string {
  const file = path.join(supportDir, 'load-time.js');
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : `./${relative.split(path.sep).join('/')}`;
}

/**
 * Instrumented CommonJS copies load the runtime with require(). From ES module output that is an
 * ES module, which require() loads only on a Node that can (20.19+, 22.12+): elsewhere the
 * copies would throw ERR_REQUIRE_ESM inside the package, so the packages load as they are.
 */
function installCommonJsSwap(patches: LoadTimePatches, supportIsModule: boolean): void {
  if (supportIsModule && (process.features as { require_module?: boolean }).require_module !== true) {
    stderrSink(
      `instts: this Node (${process.versions.node}) cannot require() ES modules (20.19+ and 22.12+ can by default): CommonJS packages outside the output run uninstrumented (run on Node 20.19+ or 22.12+, or build CommonJS output)`,
    );
    return;
  }
  const proto = (Module as unknown as { prototype: { _compile: Compile } }).prototype;
  const compile = proto._compile;
  proto._compile = function instrumentedCompile(
    this: unknown,
    content: unknown,
    filename: string,
    ...rest: unknown[]
  ): unknown {
    let code = content;
    if (typeof content === 'string') {
      try {
        code = patches.patchFor(filename, content, 'commonjs') ?? content;
      } catch {
        code = content; // fail open: the file loads as it is
      }
    }
    return compile.call(this, code, filename, ...rest);
  };
}

/** ES module package files: a module.register() load hook (Node 20.6+). */
function registerModuleHook(supportDir: string): void {
  const register = (Module as unknown as { register?: (specifier: string, options: { data: unknown }) => void })
    .register;
  if (typeof register !== 'function') {
    stderrSink(
      `instts: Node ${process.versions.node} has no module.register() (20.6+): ES module package files run uninstrumented`,
    );
    return;
  }
  try {
    register(pathToFileURL(path.join(supportDir, 'load-time-hooks.mjs')).href, { data: { supportDir } });
  } catch (error) {
    stderrSink(
      `instts: cannot register the load hook (${errorMessage(error)}): ES module package files run uninstrumented`,
    );
  }
}
