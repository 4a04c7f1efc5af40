// Direct eval and the Function constructor (derived, cases 29, 36): direct `eval` sees the
// calling function's locals, parameters, `arguments` and `this`; indirect eval and
// `new Function` see only globals. CommonJS source so that sloppy direct eval can declare vars.

var globalMarker = 'module-level marker';

function direct(a, b) {
  var local = 'local value';
  return eval('[a, b, local, arguments.length, typeof this].join(" / ")');
}

function declares() {
  eval('var declaredByEval = "declared by eval"');
  return typeof declaredByEval === 'string' ? declaredByEval : 'not visible';
}

function indirect() {
  var local = 'hidden';
  var indirectEval = eval;
  return indirectEval('typeof local');
}

function fromFunctionCtor() {
  var local = 'hidden';
  var f = new Function('x', 'return [typeof local, x * 2].join(" / ")');
  return f(21);
}

function evalThis() {
  return eval('this.tag');
}

const obj = { tag: 'tagged this', evalThis: evalThis };
console.log('direct:', direct.call({}, 1, 2, 3));
console.log('declares:', declares());
console.log('indirect:', indirect());
console.log('Function constructor:', fromFunctionCtor());
console.log('eval this:', obj.evalThis());
console.log('eval of a function declaration:', eval('(function evaluated(p, q) { return p + q; })').length);
console.log('marker:', typeof globalMarker);
