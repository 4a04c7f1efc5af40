// TypeScript, loaded through require(): importing its 9 MB CommonJS build from an ES module makes
// Node scan it for export names, which triples the start-up cost of every instts run (and of
// its type-check worker). ES modules import this small CommonJS file instead.
//
// Compiling that file takes about 0.2 s of every run (and of the type-check worker's). Node 20
// has no compile cache for modules, so the file is compiled here with V8's code cache, kept in
// `node_modules/.cache/instts/` (where build tools keep caches: inside the project, owned by its
// user) under a key of the file, its size and time and the Node version: later runs load it in
// about 0.07 s. Anything unusual (a read-only folder, a rejected cache, a failed load) falls
// back to a plain require().

import codeCache = require('./code-cache.cjs');

function preload(): void {
  try {
    const file = require.resolve('typescript');
    if (require.cache[file] === undefined) codeCache.loadWithCodeCache(file);
  } catch {
    // the require() below compiles it the usual way
  }
}

preload();
import ts = require('typescript');
export = ts;
