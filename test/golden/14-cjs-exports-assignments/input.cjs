'use strict';

exports.handler = function (event, context) {
  return { event, context };
};

exports.arrow = (x) => x + 1;

module.exports.viaModule = function viaModule() {
  return 'module';
};

function local() {
  return 'local';
}
