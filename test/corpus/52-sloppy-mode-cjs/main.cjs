// Sloppy-mode semantics (case 30's `arguments[0] = 2` aliasing, and case 31): mapped
// `arguments` objects alias simple parameters, `arguments.callee`, `fn.caller`, `fn.arguments`,
// `this` boxing, `with`, implicit globals. CommonJS output only: an ES module output is strict.
// (Legacy octal literals: 62-legacy-sloppy-syntax-cjs.)

function alias(a) {
  arguments[0] = 2;
  return a;
}
function aliasBack(a) {
  a = 3;
  return arguments[0];
}
function aliasMissing(a) {
  arguments[0] = 2;
  return a;
}
function aliasDefault(a = 0) {
  arguments[0] = 2;
  return a;
}
function aliasStrict(a) {
  'use strict';
  arguments[0] = 2;
  return a;
}
function aliasAfterLengthChange(a, b) {
  arguments.length = 1;
  arguments[1] = 'changed';
  return [a, b, arguments.length].join('/');
}
function callee() {
  return arguments.callee === callee;
}
function recursiveViaCallee(n) {
  return n <= 1 ? 1 : n * arguments.callee(n - 1);
}
function whoCalledMe() {
  return whoCalledMe.caller === theCaller ? 'theCaller' : String(whoCalledMe.caller && whoCalledMe.caller.name);
}
function theCaller() {
  return whoCalledMe();
}
function argumentsProperty() {
  return argumentsProperty.arguments.length;
}
function boxedThis() {
  return typeof this + ':' + (this instanceof Number) + ':' + (this === globalThis);
}
function withStatement() {
  var scope = { w: 'from with scope' };
  with (scope) {
    return w;
  }
}
function implicitGlobal() {
  corpusImplicitGlobal = 'created implicitly';
  return typeof globalThis.corpusImplicitGlobal;
}
function deleteUnqualified() {
  var local = 1;
  return delete local;
}

console.log('alias arguments[0]=2 -> a:', alias(1));
console.log('a=3 -> arguments[0]:', aliasBack(1));
console.log('missing argument is not mapped:', aliasMissing());
console.log('default parameter -> unmapped:', aliasDefault(1));
console.log('strict function -> unmapped:', aliasStrict(1));
console.log('mapping after length change:', aliasAfterLengthChange(1, 2));
console.log('arguments.callee:', callee(), recursiveViaCallee(5));
console.log('fn.caller:', theCaller());
console.log('fn.arguments:', argumentsProperty(1, 2, 3));
console.log('boxed this:', boxedThis.call(5), boxedThis());
console.log('with:', withStatement());
console.log('implicit global:', implicitGlobal());
console.log('delete unqualified:', deleteUnqualified());
