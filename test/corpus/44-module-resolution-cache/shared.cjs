// Evaluated once per process however many times and ways it is loaded.
const state = { evaluations: 0, loads: [] };
state.evaluations++;
module.exports = state;
