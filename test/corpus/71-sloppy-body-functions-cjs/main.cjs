// Issue 17.7 (cases 29, 32, derived): sloppy-mode function declarations of a body. In a block
// they stop being the function-level binding, so a body with a direct eval that declares the same
// name would throw `SyntaxError: Identifier 'g' has already been declared`, and a parameter of the
// same name would stay the argument in `arguments` and `fn.arguments`. Such bodies are left
// uninstrumented (a near miss with its reason); the other functions here are instrumented.

function redeclaredByEval() {
  function g() {
    return 'declared';
  }
  eval('function g() { return "redeclared by eval"; }');
  return g();
}

function varByEval() {
  function h() {
    return 'declared';
  }
  eval('var h = function () { return "replaced by an eval var"; }');
  return h();
}

function parameterShadowed(g) {
  function g() {
    return 'body function';
  }
  return [typeof g, typeof arguments[0], typeof parameterShadowed.arguments[0]].join(' ');
}

function plainHelper(x) {
  return x * 2;
}

console.log('eval redeclares:', redeclaredByEval());
console.log('eval var:', varByEval());
console.log('parameter shadowed by a body function:', parameterShadowed(42));
console.log('plain helper:', plainHelper(21));
