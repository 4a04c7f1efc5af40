// V8 code cache for a large CommonJS file (TypeScript's compiler): see typescript.cts.

import crypto = require('node:crypto');
import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import vm = require('node:vm');
import workerThreads = require('node:worker_threads');

type Wrapper = (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;

export function cacheFileFor(file: string): string {
  const stat = fs.statSync(file);
  const key = crypto
    .createHash('sha1')
    .update([file, stat.size, stat.mtimeMs, process.version, process.arch].join('\0'))
    .digest('hex')
    .slice(0, 16);
  // <…>/node_modules/typescript/lib/typescript.js → <…>/node_modules/.cache/instts/
  const nodeModules = path.resolve(path.dirname(file), '..', '..');
  return path.join(nodeModules, '.cache', 'instts', `${path.basename(file, path.extname(file))}-${key}.v8cache`);
}

/**
 * Load the CommonJS file `file` into require's cache, compiled with the V8 code cache in
 * `cacheFile` when it is there and valid; at exit the cache is (re)written if it was not.
 * Returns whether the cache was used.
 */
export function loadWithCodeCache(file: string, cacheFile = cacheFileFor(file)): boolean {
  let cached: Buffer | undefined;
  try {
    cached = fs.readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  const dynamicImport = (vm.constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: unknown } | undefined)
    ?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const script = new vm.Script(nodeModule.wrap(fs.readFileSync(file, 'utf8')), {
    filename: file,
    ...(cached ? { cachedData: cached } : {}),
    ...(dynamicImport ? { importModuleDynamically: dynamicImport as never } : {}),
  });
  const wrapper = script.runInThisContext() as Wrapper;
  // A real module in require's cache, so the require() below (and any other) returns this one.
  const mod = new nodeModule(file, module);
  mod.filename = file;
  wrapper.call(mod.exports, mod.exports, nodeModule.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  require.cache[file] = mod;
  if ((cached === undefined || script.cachedDataRejected) && workerThreads.isMainThread) {
    // Written at exit, so the cache holds every function this run compiled (the parser's too).
    process.once('exit', () => writeCache(cacheFile, script));
  }
  return cached !== undefined && !script.cachedDataRejected;
}

function writeCache(cacheFile: string, script: vm.Script): void {
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, script.createCachedData());
    fs.renameSync(temporary, cacheFile); // readers never see half a file
  } catch {
    // a read-only or full temporary folder: the next run compiles again
  }
}
