function shadowedLocal(a) {
  var arguments = [a, a];
  return arguments.length;
}

function shadowedParam(arguments) {
  return arguments;
}

function mapped(a, b) {
  arguments[0] = 'changed';
  return a + b;
}

module.exports = { shadowedLocal, shadowedParam, mapped };
