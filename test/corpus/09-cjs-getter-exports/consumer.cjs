// A CommonJS module that requires ES modules: the bundle gives it an exports object whose
// properties are non-configurable getters.
const lib = require('./lib');
const reexport = require('./reexport');

function tryRedefine(obj, key) {
  try {
    Object.defineProperty(obj, key, { value: function wrapped() {} });
    return 'redefined';
  } catch (e) {
    return e.constructor.name + ': ' + e.message;
  }
}

function tryAssign(obj, key) {
  'use strict';
  try {
    obj[key] = function assigned() {};
    return 'assigned';
  } catch (e) {
    return e.constructor.name + ': ' + e.message;
  }
}

module.exports = { lib, reexport, tryRedefine, tryAssign };
