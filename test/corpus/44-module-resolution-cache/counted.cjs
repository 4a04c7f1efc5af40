const shared = require('#shared');
shared.loads.push('counted.cjs');
let calls = 0;
module.exports = {
  instanceId: shared.loads.length,
  next() {
    return ++calls;
  },
};
