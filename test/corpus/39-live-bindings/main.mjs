// Case 39 (G): ES module live bindings (plain JavaScript, .mjs): importers see the exporter's
// current value after it changes (`export let n = 0; export const bump = () => n++`), through
// named imports, a namespace import and a CommonJS require of the same module.
import defaultN, { n, bump, reset, config, replaceConfig, legacy, setLegacy } from './counter.mjs';
import * as ns from './counter.mjs';
import consumer from './consumer.cjs';

console.log('initial:', n, ns.n, consumer.read());
bump();
console.log('after bump():', n, ns.n, consumer.read(), 'default stays', defaultN);
consumer.bumpFromCjs();
console.log('after bump via CommonJS:', n, ns.n);
reset();
console.log('after reset():', n, ns.n, consumer.read());
console.log('config before:', config.version);
replaceConfig();
console.log('config after replace:', config.version, ns.config.version);
setLegacy('var-after');
console.log('var binding:', legacy, ns.legacy);
// Imported bindings are read-only for the importer.
console.log('namespace write refused:', Reflect.set(ns, 'n', 5) === false, ns.n);
