// Legacy sloppy-mode syntax TypeScript's parser rejects but engines accept: this file is
// bundled unchanged (with a warning) instead of failing the build.

function octal() {
  return 010 + 1;
}

function octalEscape() {
  return '\101\102';
}

function nonOctalDecimal() {
  return 08 + 09;
}

function blockFunction(flag) {
  if (flag) {
    function declaredInBlock() {
      return 'declared in a block';
    }
  }
  return typeof declaredInBlock === 'function' ? declaredInBlock() : 'not declared (' + typeof declaredInBlock + ')';
}

module.exports = { octal, octalEscape, nonOctalDecimal };
