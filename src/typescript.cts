// TypeScript, loaded through require(): importing its 9 MB CommonJS build from an ES module makes
// Node scan it for export names, which triples the start-up cost of every instts run (and of
// its type-check worker). ES modules import this small CommonJS file instead.

import ts = require('typescript');
export = ts;
