// CommonJS view of the same module.
const counter = require('./counter.mjs');
module.exports = { read: () => counter.n, bumpFromCjs: () => counter.bump() };
