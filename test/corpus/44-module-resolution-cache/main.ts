// Case 44 (G): module resolution and the module cache: package.json `imports` with
// import/require conditions pick .mjs vs .cjs files; a module required twice is evaluated once
// and both requirers share one instance; ES and CommonJS importers share module state.
import { whoami } from '#dep';
import shared from '#shared';
import requirer from './requirer.cjs';
import counted from './counted.cjs';

console.log('import condition:', whoami());
console.log('require condition:', requirer.dep.whoami());
console.log('required twice is the same object:', requirer.same, 'same as ES import:', requirer.first === counted);
console.log('shared counter across requirers:', counted.next(), requirer.first.next(), counted.next());
console.log('shared evaluated:', shared.evaluations, 'time(s); load order:', shared.loads.join(', '));
