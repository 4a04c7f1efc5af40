// Issue 17.8: ES module output. `instts build --format esm` used to put a module-level `require`
// (createRequire) in front of every bundle; code that looks for it at run time (a direct `eval`,
// which sees module scope) found "function" where the plain build has none. The line is now added
// only when bundled CommonJS needs it: where esbuild's `__require` helper is in the bundle (it
// rewrites `typeof require` into `typeof __require`). This program never names `require` itself,
// so its plain ESM bundle has no helper. (Under CommonJS both builds have Node's `require`.)

function lookUp(name: string): string {
  // eslint-disable-next-line no-eval -- direct eval resolves the name in this module's scope
  return eval(`typeof ${name}`);
}

console.log('typeof require seen by direct eval:', lookUp('require'));
console.log('typeof module seen by direct eval:', lookUp('module'));
