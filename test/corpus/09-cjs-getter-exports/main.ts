// Case 9 (A): functions exported from an ES module and consumed through CommonJS `require`
// (and re-exported) in a bundle: exports become non-configurable getters, so code that tries to
// redefine them gets "Cannot redefine property". The matched function must still be reachable,
// keep its identity, name and length, and the export objects must keep their shape.
import * as ns from './lib';
import consumer from './consumer.cjs';

const { lib, reexport, tryRedefine, tryAssign } = consumer as any;

function shape(label: string, obj: object, key: string) {
  const d = Object.getOwnPropertyDescriptor(obj, key);
  if (!d) return console.log(`${label}.${key}: no own property`);
  console.log(
    `${label}.${key}: accessor=${'get' in d && typeof d.get === 'function'} enumerable=${d.enumerable} configurable=${d.configurable} typeof=${typeof (obj as any)[key]}`,
  );
}

shape('required lib', lib, 'handler');
shape('required reexport', reexport, 'handler');
shape('required reexport', reexport, 'renamedHandler');
shape('namespace', ns, 'handler');
console.log('required lib keys:', Object.keys(lib).sort().join(','));
console.log('required reexport keys:', Object.keys(reexport).sort().join(','));
console.log('namespace keys:', Object.keys(ns).sort().join(','));
console.log('__esModule:', lib.__esModule, reexport.__esModule);

console.log('same function everywhere:', lib.handler === ns.handler, reexport.handler === ns.handler, reexport.renamedHandler === ns.handler);
console.log('name/length:', lib.handler.name, lib.handler.length, reexport.renamedHandler.name);
console.log('calls:', lib.handler('a'), reexport.renamedHandler('b'));

console.log('redefine lib.handler:', tryRedefine(lib, 'handler'));
console.log('redefine reexport.renamedHandler:', tryRedefine(reexport, 'renamedHandler'));
console.log('assign lib.handler:', tryAssign(lib, 'handler'));
console.log('still the original:', lib.handler === ns.handler, lib.handler('c'));

console.log('live binding through require before:', lib.mutable, reexport.mutable, ns.mutable);
lib.setMutable('after');
console.log('live binding through require after:', lib.mutable, reexport.mutable, ns.mutable);
