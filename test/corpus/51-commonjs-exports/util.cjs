exports.m = function (a, b) {
  return 'm(' + a + ',' + b + ')';
};
exports.named = function named() {
  return 'named';
};
module.exports.arrow = (x) => x * 2;
exports.obj = {
  method() {
    return 'obj.method';
  },
};
exports.thisAtTopLevel = this === module.exports;
exports.selfRef = function () {
  return exports.named();
};
