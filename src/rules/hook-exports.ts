// Which names a hook module exports, read from its source (ES modules and CommonJS).

import { readFileSync } from 'node:fs';
import ts from '../typescript.cjs';
import { scriptKindFor } from '../script-kind.js';
import { hasModifier } from '../syntax.js';

export interface ModuleExports {
  /** Runtime value exports (`default` included); type-only exports are left out. */
  names: Set<string>;
  /** True when the module may export more than `names` (`export * from`, `module.exports = f()`, ...). */
  open: boolean;
  /** Exports that are certainly not callable as a hook (a number, an object, a class, ...), with where and what they are. */
  notFunctions: Map<string, { line: number; column: number; what: string }>;
}

/** Lists the exports of the module at `filePath` without running it. Throws if it cannot be read. */
export function listExports(filePath: string): ModuleExports {
  const text = readFileSync(filePath, 'utf8');
  return listExportsOfText(filePath, text);
}

export function listExportsOfText(fileName: string, text: string): ModuleExports {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
  const result: ModuleExports = { names: new Set(), open: false, notFunctions: new Map() };
  for (const stmt of sf.statements) collectEsm(stmt, result);
  collectNotFunctions(sf, result);
  collectCommonJs(sf, result);
  return result;
}

/** `export const x = 5`, `export class X`, `export enum E`: exported values a hook call would throw on. */
function collectNotFunctions(sf: ts.SourceFile, out: ModuleExports): void {
  const note = (name: string, node: ts.Node, what: string): void => {
    const at = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.notFunctions.set(name, { line: at.line + 1, column: at.character + 1, what });
  };
  for (const stmt of sf.statements) {
    if (
      !hasModifier(stmt, ts.SyntaxKind.ExportKeyword) ||
      hasModifier(stmt, ts.SyntaxKind.DefaultKeyword) ||
      hasModifier(stmt, ts.SyntaxKind.DeclareKeyword)
    )
      continue;
    if (ts.isClassDeclaration(stmt) && stmt.name)
      note(stmt.name.text, stmt.name, 'a class (hooks are called without `new`)');
    else if (ts.isEnumDeclaration(stmt)) note(stmt.name.text, stmt.name, 'an enum');
    else if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
        const what = valueKind(skipParens(decl.initializer));
        if (what) note(decl.name.text, decl.name, what);
      }
    }
  }
}

/** What a value certainly is when it is not a function; undefined when it may be one. */
function valueKind(node: ts.Expression): string | undefined {
  if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node))
    return valueKind(skipParens(node.expression));
  if (ts.isNumericLiteral(node) || ts.isBigIntLiteral(node)) return 'a number';
  if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) return 'a string';
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return 'a boolean';
  if (node.kind === ts.SyntaxKind.NullKeyword) return 'null';
  if (ts.isObjectLiteralExpression(node)) return 'an object';
  if (ts.isArrayLiteralExpression(node)) return 'an array';
  if (ts.isClassExpression(node)) return 'a class (hooks are called without `new`)';
  if (ts.isRegularExpressionLiteral(node)) return 'a regular expression';
  return undefined;
}

function collectEsm(stmt: ts.Statement, out: ModuleExports): void {
  if (ts.isExportDeclaration(stmt)) {
    if (stmt.isTypeOnly) return;
    const clause = stmt.exportClause;
    if (!clause) {
      out.open = true; // export * from '...'
    } else if (ts.isNamespaceExport(clause)) {
      out.names.add(moduleExportName(clause.name));
    } else {
      for (const spec of clause.elements) {
        if (!spec.isTypeOnly) out.names.add(moduleExportName(spec.name));
      }
    }
    return;
  }
  if (ts.isExportAssignment(stmt)) {
    if (!stmt.isExportEquals) {
      out.names.add('default');
    } else if (ts.isObjectLiteralExpression(stmt.expression)) {
      collectObjectLiteral(stmt.expression, out); // export = { a, b }
    } else {
      out.open = true; // export = something
    }
    return;
  }
  if (!hasModifier(stmt, ts.SyntaxKind.ExportKeyword) || hasModifier(stmt, ts.SyntaxKind.DeclareKeyword)) return;
  if (ts.isImportEqualsDeclaration(stmt)) {
    if (!stmt.isTypeOnly) out.names.add(stmt.name.text); // export import x = require('...')
    return;
  }
  const isDefault = hasModifier(stmt, ts.SyntaxKind.DefaultKeyword);
  if (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)) {
    if (isDefault) out.names.add('default');
    else if (stmt.name) out.names.add(stmt.name.text);
  } else if (ts.isVariableStatement(stmt)) {
    for (const decl of stmt.declarationList.declarations) addBindingNames(decl.name, out.names);
  } else if (ts.isEnumDeclaration(stmt) || ts.isModuleDeclaration(stmt)) {
    if (ts.isIdentifier(stmt.name)) out.names.add(stmt.name.text);
  }
  // interfaces and type aliases have no runtime value
}

function moduleExportName(name: ts.ModuleExportName): string {
  return name.text;
}

function addBindingNames(name: ts.BindingName, names: Set<string>): void {
  if (ts.isIdentifier(name)) {
    names.add(name.text);
    return;
  }
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) addBindingNames(element.name, names);
  }
}

function collectObjectLiteral(obj: ts.ObjectLiteralExpression, out: ModuleExports): void {
  for (const prop of obj.properties) {
    if (ts.isSpreadAssignment(prop)) {
      out.open = true;
      continue;
    }
    const name = propertyNameText(prop.name);
    if (name === undefined) out.open = true;
    else out.names.add(name);
  }
}

function propertyNameText(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** `exports`, or `module.exports`. */
function isExportsObject(node: ts.Expression): boolean {
  if (ts.isIdentifier(node)) return node.text === 'exports';
  return isModuleExports(node);
}

function isModuleExports(node: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'module' &&
    node.name.text === 'exports'
  );
}

/** `exports.x`, `exports['x']`, `module.exports.x`: the exported name, else undefined. */
function exportsMemberName(node: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(node) && isExportsObject(node.expression)) {
    return ts.isIdentifier(node.name) ? node.name.text : undefined;
  }
  if (ts.isElementAccessExpression(node) && isExportsObject(node.expression)) {
    const arg = node.argumentExpression;
    return ts.isStringLiteralLike(arg) ? arg.text : undefined;
  }
  return undefined;
}

/**
 * CommonJS patterns, anywhere in the file (UMD wrappers and compiler output put them inside
 * functions): `exports.x = ...`, `module.exports.x = ...`, `module.exports = { ... }`,
 * `Object.defineProperty(exports, 'x', ...)`. Anything that can add names we cannot see
 * (`module.exports = factory()`, `__exportStar(require(...), exports)`) makes the list open.
 */
function collectCommonJs(sf: ts.SourceFile, out: ModuleExports): void {
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const member = exportsMemberName(node.left);
      if (member !== undefined) {
        out.names.add(member);
      } else if (isModuleExports(node.left)) {
        const right = skipParens(node.right);
        if (ts.isObjectLiteralExpression(right)) collectObjectLiteral(right, out);
        else out.open = true;
      } else if (
        (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left)) &&
        isExportsObject(node.left.expression)
      ) {
        out.open = true; // exports[computed] = ...
      }
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const args = node.arguments;
      if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'Object' &&
        (callee.name.text === 'defineProperty' ||
          callee.name.text === 'defineProperties' ||
          callee.name.text === 'assign') &&
        args.length >= 2 &&
        isExportsObject(args[0]!)
      ) {
        const name = args[1]!;
        if (callee.name.text === 'defineProperty' && ts.isStringLiteralLike(name)) out.names.add(name.text);
        else if (callee.name.text !== 'defineProperty' && ts.isObjectLiteralExpression(name) && args.length === 2) {
          collectObjectLiteral(name, out);
        } else out.open = true;
      } else if (args.some((a) => isExportsObject(a)) && !isRequireCall(node)) {
        // __exportStar(require('./x'), exports), __export(exports, {...}), tslib helpers, ...
        out.open = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

function isRequireCall(node: ts.CallExpression): boolean {
  return ts.isIdentifier(node.expression) && node.expression.text === 'require';
}

function skipParens(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}
