// Case 42 (G): `export *` keeps every name: from ES modules, from a CommonJS module (resolved at
// run time), `export * as ns`, and ambiguous names from two stars left out.
import * as barrel from './barrel';
import { alpha, fa, beta, Bb, nsB, only1, only2, own } from './barrel';

console.log('named:', alpha, fa(), beta, new Bb().b(), only1, only2, own);
console.log('nsB:', Object.keys(nsB).sort().join(','), nsB.beta);
console.log('namespace keys:', Object.keys(barrel).sort().join(','));
const dyn = barrel as Record<string, any>;
console.log('from CommonJS via export *:', dyn.gamma, typeof dyn.fc === 'function' ? dyn.fc() : 'missing');
console.log('ambiguous dup present:', 'dup' in barrel, 'default present:', 'default' in barrel);
