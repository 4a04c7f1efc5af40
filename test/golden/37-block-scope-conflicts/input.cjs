function varAndFunction(x) {
  var helper = x;
  function helper() {}
  return typeof helper;
}

function declaredTwice() {
  function pick() {
    return 1;
  }
  function pick() {
    return 2;
  }
  return pick();
}

function noConflict() {
  for (var i = 0; i < 1; i++);
  function helper() {
    var pick = 2;
    return pick;
  }
  return helper() + i;
}

module.exports = { varAndFunction, declaredTwice, noConflict };
