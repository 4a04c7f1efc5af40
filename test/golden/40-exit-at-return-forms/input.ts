// Sync bodies exit at their return statements (no `finally`), except when the body has its own
// try…finally. A last statement without a semicolon must still end before the fall-through exit.
let x = 0;
function noSemicolon() { x = 1 }
function withFinally(): number { try { return 1 } finally { x++ } }
function nestedFinally() { const f = () => { try { return 2 } finally { x-- } }; return f() }
async function asyncKeepsFinally() { return x }
function* generatorKeepsFinally() { yield x; return 3 }
