// Case 31 (F): 'use strict' directives keep their effect: a function-level directive inside a
// sloppy file, a directive that is not first in the prologue, a string that is not a directive,
// a file-level directive, arrows and nested functions inheriting strictness. The observable
// effect is a write to a frozen object, which throws only in strict code.
// (In an ES module output every function is strict, so the sloppy lines change with the format;
// the TypeScript module is strict only where the output format makes it so.)
const { frozenWrite, arrowThis } = require('./strict-file.cjs');
const { moduleFrozenWrite } = require('./strict-module');

function attempt(label, fn) {
  try {
    console.log(label + ':', fn());
  } catch (e) {
    console.log(label + ': threw', e.constructor.name, e.message);
  }
}

function sloppyWrite() {
  var o = Object.freeze({ x: 1 });
  o.x = 2;
  return 'no throw, x=' + o.x;
}

function strictWrite() {
  'use strict';
  var o = Object.freeze({ x: 1 });
  o.x = 2;
  return 'no throw, x=' + o.x;
}

function strictSecondDirective() {
  'some other directive';
  'use strict';
  var o = Object.freeze({ x: 1 });
  o.x = 2;
  return 'no throw';
}

function notADirective() {
  var before = 1;
  'use strict';
  var o = Object.freeze({ x: before });
  o.x = 2;
  return 'no throw (string after a statement is not a directive)';
}

function strictOuter() {
  'use strict';
  function innerInherits() {
    var o = Object.freeze({ x: 1 });
    o.x = 2;
    return 'no throw';
  }
  var arrow = () => {
    var o = Object.freeze({ x: 1 });
    o.x = 2;
    return 'no throw';
  };
  return [innerInherits, arrow];
}

function strictThis() {
  'use strict';
  return this === undefined ? 'this is undefined' : 'this is ' + typeof this;
}

function sloppyThis() {
  return this === undefined ? 'this is undefined' : 'this is ' + typeof this;
}

const [innerInherits, arrowInStrict] = strictOuter();
attempt('sloppyWrite', sloppyWrite);
attempt('strictWrite', strictWrite);
attempt('strictSecondDirective', strictSecondDirective);
attempt('notADirective', notADirective);
attempt('inner function of strict function', innerInherits);
attempt('arrow in strict function', arrowInStrict);
attempt('strictThis', strictThis);
attempt('sloppyThis', sloppyThis);
attempt('strict file frozenWrite', frozenWrite);
attempt('strict file arrowThis', arrowThis);
attempt('ES module frozenWrite', moduleFrozenWrite);
