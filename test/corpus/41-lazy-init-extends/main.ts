// Case 41 (G): delayed module initialisation: modules that are imported dynamically or
// required are initialised lazily by the bundle, and a class in them extends a class from a
// module that is already initialised. Init order, `extends`, `super` and statics must hold.
import { Base, initOrder } from './base';
import { load } from './lazy.cjs';

initOrder.push('main.ts body starts');
console.log('Base before lazy load:', new Base('b').hi());
import('./sub').then((m) => {
  initOrder.push('dynamic import resolved');
  const s = m.makeSub('dyn');
  console.log('dynamic Sub:', s.hi(), s instanceof Base, m.Sub.kind(), Object.getPrototypeOf(m.Sub) === Base);
  console.log('required from CommonJS:', load());
  console.log('init order:', initOrder.join(' -> '));
});
initOrder.push('main.ts body ends');
