const dep = require('#dep');
const first = require('./counted.cjs');
const second = require('./counted.cjs');
module.exports = { dep, same: first === second, first };
