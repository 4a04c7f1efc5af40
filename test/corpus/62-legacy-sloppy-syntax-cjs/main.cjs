// Legacy sloppy-mode syntax (derived from case 43: a parser must accept every valid program, or
// leave the file unchanged): legacy octal literals, octal escapes, `08`-style decimals and
// functions declared in blocks. The legacy literals live in legacy.cjs, which is passed through
// unchanged; this file is instrumented. CommonJS output only: an ES module output is strict.

const { octal, octalEscape, nonOctalDecimal } = require('./legacy.cjs');

// Functions declared in blocks are valid everywhere and stay instrumented.
function blockFunction(flag) {
  if (flag) {
    function declaredInBlock() {
      return 'declared in a block';
    }
  }
  return typeof declaredInBlock === 'function' ? declaredInBlock() : 'not declared (' + typeof declaredInBlock + ')';
}

console.log('octal 010 + 1:', octal());
console.log('octal escape:', octalEscape());
console.log('08 + 09:', nonOctalDecimal());
console.log('block function:', blockFunction(true), '|', blockFunction(false));
