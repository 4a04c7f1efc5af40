const shared = require('#shared');
shared.loads.push('dep.cjs');
exports.whoami = function whoami() {
  return 'dep.cjs (require condition)';
};
