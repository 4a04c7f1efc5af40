// A CommonJS module loaded only when `load` is called; it requires an ES module, which the
// bundle then initialises lazily.
exports.load = function load() {
  const { Sub } = require('./sub');
  return new Sub('from-cjs').hi();
};
