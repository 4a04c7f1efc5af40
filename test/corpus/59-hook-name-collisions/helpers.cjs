// CommonJS module with a function named like a top-level name of the corpus hook module.
function enterCount() {
  return 'cjs enterCount';
}
exports.enterCount = enterCount;
