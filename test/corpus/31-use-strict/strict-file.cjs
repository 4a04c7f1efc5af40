'use strict';
// A CommonJS file that is strict as a whole.
function frozenWrite() {
  const o = Object.freeze({ x: 1 });
  try {
    o.x = 2;
    return 'no throw';
  } catch (e) {
    return 'threw ' + e.constructor.name;
  }
}
const arrowThis = () => (function () { return this === undefined ? 'undefined' : 'object'; })();
module.exports = { frozenWrite, arrowThis };
