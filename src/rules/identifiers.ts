// What names in a rule file may look like: export and function names, npm package names.

/** A JavaScript identifier as rule files use them (hook exports, callee names, JSON path keys). */
export const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An npm package name, scoped or not. */
export const NPM_NAME = /^(?:@[A-Za-z0-9~*-][A-Za-z0-9~*._-]*\/)?[A-Za-z0-9~-][A-Za-z0-9~._-]*$/;
