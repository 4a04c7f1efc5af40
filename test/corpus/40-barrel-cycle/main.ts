// Case 40 (G): an import cycle through a barrel: the barrel re-exports modules that import
// back from the barrel (one of them with `import * as barrel`). Nothing may be read before it
// is initialised ("Cannot access 'X' before initialization").
import { fromA, helperB, Service, bModule, A_CONST } from './barrel';
import { registeredAtInit } from './c';

const s = new Service();
console.log('fromA:', fromA());
console.log('helperB:', helperB(), 'A_CONST:', A_CONST);
console.log('service:', s.run());
console.log('barrel keys:', s.keys());
console.log('bModule:', Object.keys(bModule).sort().join(','), bModule.readA());
console.log('hoisted function seen during cycle init:', registeredAtInit);
