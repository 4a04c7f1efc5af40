// Identifier collisions with the hook module (case 36): the program declares functions with
// the same names as the hook exports used by the rule (`onEnter`, `onExit`) and as the corpus
// hook module's own top-level names, at the top level, nested in a function and inside a
// CommonJS module. Each name is declared once in the program, so the plain bundle keeps every
// name; their names, lengths and behaviour must not change when the hook module joins the bundle.
import { onExit } from './lib';
import cjs from './helpers.cjs';

function onEnter(a: string, b: string) {
  return `main onEnter(${a},${b})`;
}
let counter = 0;
function report() {
  return `main report ${++counter}`;
}

function nested() {
  function exitCount() {
    return 'nested exitCount';
  }
  return `${exitCount.name} ${exitCount.length} ${exitCount()}`;
}

console.log('onEnter:', onEnter.name, onEnter.length, onEnter('a', 'b'));
console.log('onExit:', onExit.name, onExit.length, onExit('v'));
console.log('report:', report.name, report(), report());
console.log('nested:', nested());
console.log('cjs:', cjs.enterCount.name, cjs.enterCount.length, cjs.enterCount());
