// CommonJS shapes (case 18 and derived): `module.exports = class Foo`, `exports.m = function`,
// `module.exports.arrow`, a callable export with properties, `this` at module level, and
// functions that call other exports through `exports`.
// Local names differ from the exported ones: the bundle would rename a nested `class Foo` that
// collides with a top-level `Foo` (see README).
const FooClass = require('./foo.cjs');
const util = require('./util.cjs');
const appFactory = require('./callable.cjs');

console.log('Foo:', FooClass.name, new FooClass(1).hello(), FooClass.make(2).hello(), FooClass.make(3) instanceof FooClass);
console.log('util.m:', util.m(1, 2), JSON.stringify(util.m.name), util.m.length);
console.log('util.named:', util.named(), util.named.name);
console.log('util.arrow:', util.arrow(21), JSON.stringify(util.arrow.name), util.arrow.length);
console.log('util.obj.method:', util.obj.method(), util.obj.method.name);
console.log('util.selfRef:', util.selfRef());
console.log('module-level this is module.exports:', util.thisAtTopLevel);
console.log('exports keys:', Object.keys(util).join(','));
console.log('callable export:', JSON.stringify(appFactory('app')), appFactory.version, appFactory.Router(), appFactory.default === appFactory, appFactory.name, appFactory.length);
module.exports = { done: true };
console.log('main exports replaced:', JSON.stringify(module.exports));
