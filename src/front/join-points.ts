// Lists the join points of one parsed file: every function-like node with the names a rule can
// select it by, and every call whose callee can be resolved to a module export or a global.

import ts from '../typescript.cjs';
import type { FunctionKind } from '../rules/types.js';

export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export interface FunctionJoinPoint {
  type: 'function';
  node: FunctionNode;
  /** The name rules select by; '' for an anonymous function. */
  name: string;
  /** Other names the function is known by (`const a = function b(){}` is `b`, also `a`). */
  aliases: string[];
  /** Class, or object a function is assigned to / defined in. */
  className: string | undefined;
  kind: FunctionKind;
  /** Callback kind: the position of the callback parameter (the last one, `this` not counted). */
  callbackIndex: number | undefined;
  accessor: 'get' | 'set' | undefined;
  isConstructor: boolean;
  /** Why this function can never be instrumented (no body, ambient, …); undefined = it can. */
  unavailable: string | undefined;
  line: number;
  column: number;
  /** Nesting depth in the AST, so outer edits are applied before inner ones. */
  depth: number;
}

export interface CallJoinPoint {
  type: 'call';
  /** A call, or a `new` expression (`new http.Server(h)`): the same rule names match both. */
  node: ts.CallExpression | ts.NewExpression;
  /** Module the callee comes from (`http`, `undici`); undefined = a global such as `fetch`. */
  module: string | undefined;
  /** The export (or global) called. */
  name: string;
  /** Member call `recv.name(...)` (receiver kept as `this`) or plain call `fn(...)`. */
  form: 'member' | 'plain';
  unavailable: string | undefined;
  line: number;
  column: number;
  depth: number;
}

export type JoinPoint = FunctionJoinPoint | CallJoinPoint;

export interface JoinPointList {
  functions: FunctionJoinPoint[];
  calls: CallJoinPoint[];
}

const CALLBACK_PARAM = /^(cb|callback|done)$/i;

/** Which module a local name refers to: a whole module (namespace/default/require) or one export. */
type ImportBinding = { module: string; export: string | undefined };

export function listJoinPoints(sf: ts.SourceFile, wantCalls: boolean): JoinPointList {
  const functions: FunctionJoinPoint[] = [];
  const calls: CallJoinPoint[] = [];
  const imports = wantCalls ? collectImportBindings(sf) : new Map<string, ImportBinding>();
  const declared = wantCalls ? collectDeclaredNames(sf) : new Set<string>();
  const ambientFile = sf.isDeclarationFile;

  const visit = (node: ts.Node, depth: number, ambient: boolean): void => {
    if (isFunctionNode(node)) functions.push(describeFunction(sf, node, depth, ambient));
    else if (wantCalls && (ts.isCallExpression(node) || ts.isNewExpression(node))) {
      const call = describeCall(sf, node, depth, imports, declared);
      if (call) calls.push(call);
    }
    const nowAmbient =
      ambient ||
      ((ts.isModuleDeclaration(node) || ts.isClassDeclaration(node) || ts.isVariableStatement(node)) &&
        hasModifier(node, ts.SyntaxKind.DeclareKeyword));
    ts.forEachChild(node, (child) => visit(child, depth + 1, nowAmbient));
  };
  visit(sf, 0, ambientFile);
  return { functions, calls };
}

function isFunctionNode(node: ts.Node): node is FunctionNode {
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) ? (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false) : false;
}

/** The text a property name stands for: `m`, `it's`, `#p`, `a-b`, `[Symbol.iterator]`. */
export function propertyNameText(name: ts.PropertyName | ts.BindingName | undefined, sf: ts.SourceFile): string {
  if (!name) return '';
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const expr = name.expression;
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr) || ts.isNumericLiteral(expr)) return expr.text;
    return `[${expr.getText(sf)}]`;
  }
  return name.getText(sf);
}

/** A name for the expression something is assigned to: `Foo`, `app`, `exports`, `module.exports`. */
function targetText(expr: ts.Expression, sf: ts.SourceFile): string {
  const text = expr.getText(sf).replace(/\s+/g, '');
  // `exports.m`, `module.exports.m` and `module.exports = {…}` all name the CommonJS exports object.
  return text === 'module.exports' ? 'exports' : text;
}

function classNameOf(cls: ts.ClassLikeDeclaration, sf: ts.SourceFile): string | undefined {
  if (cls.name) return cls.name.text;
  if (ts.isClassDeclaration(cls) && hasModifier(cls, ts.SyntaxKind.DefaultKeyword)) return 'default';
  return bindingNameOf(cls, sf);
}

/** The name an anonymous class/function/object is bound to by its parent. */
function bindingNameOf(node: ts.Node, sf: ts.SourceFile): string | undefined {
  let current: ts.Node = node;
  let parent = node.parent;
  // `const X = (class {})`, `x = <T>function(){}`, `f as Handler`: look through wrappers
  while (
    parent &&
    (ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isTypeAssertionExpression(parent) ||
      ts.isNonNullExpression(parent))
  ) {
    current = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && parent.initializer === current) return propertyNameText(parent.name, sf);
  if (ts.isPropertyDeclaration(parent) && parent.initializer === current) return propertyNameText(parent.name, sf);
  if (ts.isExportAssignment(parent)) return 'default';
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === current) {
    const left = parent.left;
    if (ts.isIdentifier(left)) return left.text;
    if (ts.isPropertyAccessExpression(left)) return left.name.text;
    if (ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression)) return left.argumentExpression.text;
  }
  return undefined;
}

/** For a function assigned to `A.prototype.m`, `A.m`, `exports.m`, or defined in an object literal: the owner. */
function ownerOfAssignedFunction(node: ts.Node, sf: ts.SourceFile): string | undefined {
  let current: ts.Node = node;
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))) {
    current = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === current) {
    const left = parent.left;
    if (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) {
      let owner = left.expression;
      if (ts.isPropertyAccessExpression(owner) && owner.name.text === 'prototype') owner = owner.expression;
      return targetText(owner, sf);
    }
    return undefined;
  }
  if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) {
    return objectLiteralOwner(parent.parent, sf);
  }
  if (ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent)) return classNameOf(parent.parent, sf);
  return undefined;
}

function objectLiteralOwner(obj: ts.Node, sf: ts.SourceFile): string | undefined {
  if (!ts.isObjectLiteralExpression(obj)) return undefined;
  const bound = bindingNameOf(obj, sf);
  if (bound !== undefined) {
    // `module.exports = { … }` / `exports.api = { … }`: name the owner by the full target
    let current: ts.Node = obj;
    while (current.parent && ts.isParenthesizedExpression(current.parent)) current = current.parent;
    const parent = current.parent;
    if (parent && ts.isBinaryExpression(parent) && parent.right === current && !ts.isIdentifier(parent.left)) {
      return targetText(parent.left, sf);
    }
  }
  return bound;
}

function functionKind(sf: ts.SourceFile, node: FunctionNode): FunctionKind {
  if ('asteriskToken' in node && node.asteriskToken) return 'generator';
  if (hasModifier(node, ts.SyntaxKind.AsyncKeyword)) return 'async';
  const params = node.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
  const last = params[params.length - 1];
  if (last && ts.isIdentifier(last.name) && !last.dotDotDotToken) {
    if (CALLBACK_PARAM.test(last.name.text)) return 'callback';
    const type = last.type;
    if (type && ts.isFunctionTypeNode(type)) {
      const first = type.parameters[0];
      if (first && ts.isIdentifier(first.name) && /^err(or)?$/i.test(first.name.text)) return 'callback';
    }
  }
  void sf;
  return 'sync';
}

function describeFunction(sf: ts.SourceFile, node: FunctionNode, depth: number, ambient: boolean): FunctionJoinPoint {
  let name = '';
  const aliases: string[] = [];
  let className: string | undefined;
  let accessor: 'get' | 'set' | undefined;
  const isConstructor = ts.isConstructorDeclaration(node);

  if (ts.isFunctionDeclaration(node)) {
    name = node.name?.text ?? (hasModifier(node, ts.SyntaxKind.DefaultKeyword) ? 'default' : '');
  } else if (ts.isFunctionExpression(node) || ts.isArrowFunction(node)) {
    const own = ts.isFunctionExpression(node) ? node.name?.text : undefined;
    const bound = bindingNameOf(node, sf);
    name = own ?? bound ?? '';
    if (own && bound && bound !== own) aliases.push(bound);
    className = ownerOfAssignedFunction(node, sf);
  } else if (isConstructor) {
    name = 'constructor';
    className = classNameOf(node.parent, sf);
  } else {
    name = propertyNameText(node.name, sf);
    if (ts.isGetAccessorDeclaration(node)) accessor = 'get';
    if (ts.isSetAccessorDeclaration(node)) accessor = 'set';
    const owner = node.parent;
    if (ts.isClassLike(owner)) className = classNameOf(owner, sf);
    else if (ts.isObjectLiteralExpression(owner)) className = objectLiteralOwner(owner, sf);
  }

  const at = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const kind = functionKind(sf, node);
  return {
    type: 'function',
    node,
    name,
    aliases,
    className,
    kind,
    callbackIndex: kind === 'callback' ? node.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this')).length - 1 : undefined,
    accessor,
    isConstructor,
    unavailable: unavailableReason(sf, node, ambient),
    line: at.line + 1,
    column: at.character + 1,
    depth,
  };
}

function unavailableReason(sf: ts.SourceFile, node: FunctionNode, ambient: boolean): string | undefined {
  if (ambient || sf.isDeclarationFile) return 'ambient declaration (no code)';
  if (hasModifier(node, ts.SyntaxKind.AbstractKeyword)) return 'abstract method';
  if (hasModifier(node, ts.SyntaxKind.DeclareKeyword)) return 'declare (ambient) member';
  if (!node.body) return ts.isConstructorDeclaration(node) ? 'constructor overload signature' : 'overload signature';
  if (ts.isConstructorDeclaration(node) && isDerivedClass(node.parent) && !topLevelSuperCall(node)) {
    return 'super() is not a top-level statement of the constructor';
  }
  if (ts.isBlock(node.body)) return blockScopeConflict(node.body) ?? sloppyBlockConflict(node, node.body);
  return undefined;
}

/**
 * Sloppy mode only: in a block, a function declaration of the body is no longer the function-level
 * binding. A direct `eval` that declares the same name (`eval('function g() {}')`) is then a
 * SyntaxError, and a parameter of the same name is no longer replaced by the function (so
 * `arguments[i]` and `fn.arguments` show the argument). Such bodies are left as they are. Code
 * that may be sloppy: no 'use strict' around it and not in a class (ES module syntax alone does not
 * count: bundled into CommonJS output it can run sloppy).
 */
function sloppyBlockConflict(node: FunctionNode, body: ts.Block): string | undefined {
  const functions = body.statements.filter((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name !== undefined && s.body !== undefined);
  if (functions.length === 0 || isStrictCode(node)) return undefined;
  const paramNames = new Set(node.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  const shadowed = functions.find((f) => paramNames.has(f.name!.text));
  if (shadowed) return `sloppy-mode function '${shadowed.name!.text}' has the name of a parameter (arguments would show the parameter once the body is a block)`;
  if (hasDirectEval(body)) return `sloppy-mode direct eval next to function '${functions[0]!.name!.text}' of the body (eval may declare it again, not allowed once the body is a block)`;
  return undefined;
}

function isStrictCode(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isClassLike(current)) return true;
    const statements = ts.isSourceFile(current) ? current.statements : ts.isFunctionLike(current) && (current as ts.FunctionLikeDeclaration).body && ts.isBlock((current as ts.FunctionLikeDeclaration).body!) ? ((current as ts.FunctionLikeDeclaration).body as ts.Block).statements : undefined;
    for (const statement of statements ?? []) {
      if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
      if (statement.expression.text === 'use strict') return true;
    }
  }
  return false;
}

/** A call `eval(…)` in this body (not in nested functions, which have their own scope for it). */
function hasDirectEval(body: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'eval') found = true;
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/**
 * The rewrite wraps the body in `try { }`, which makes its top-level function declarations
 * block-scoped: a `var` of the same name, or a second declaration, would then be a SyntaxError.
 */
function blockScopeConflict(body: ts.Block): string | undefined {
  const functions = new Set<string>();
  for (const statement of body.statements) {
    if (!ts.isFunctionDeclaration(statement) || !statement.name || !statement.body) continue;
    const name = statement.name.text;
    if (functions.has(name)) return `the body declares function '${name}' twice (not allowed once the body is a block)`;
    functions.add(name);
  }
  if (functions.size === 0) return undefined;
  let clash: string | undefined;
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) {
      if (functions.has(name.text)) clash ??= name.text;
    } else for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name);
  };
  const visit = (node: ts.Node): void => {
    if (clash !== undefined || ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isClassStaticBlockDeclaration(node)) return;
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) {
      for (const declaration of node.declarations) addBinding(declaration.name);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return clash === undefined ? undefined : `function '${clash}' is also declared with var in the body (not allowed once the body is a block)`;
}

export function isDerivedClass(cls: ts.ClassLikeDeclaration): boolean {
  return cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword) ?? false;
}

/** The `super(...)` statement of a derived constructor, when it is a direct statement of the body. */
export function topLevelSuperCall(ctor: ts.ConstructorDeclaration): ts.ExpressionStatement | undefined {
  for (const statement of ctor.body?.statements ?? []) {
    if (
      ts.isExpressionStatement(statement) &&
      ts.isCallExpression(statement.expression) &&
      statement.expression.expression.kind === ts.SyntaxKind.SuperKeyword
    ) {
      return statement;
    }
  }
  return undefined;
}

// ---- call sites ----

function moduleName(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

function requiredModule(expr: ts.Expression | undefined): string | undefined {
  if (
    expr &&
    ts.isCallExpression(expr) &&
    ts.isIdentifier(expr.expression) &&
    expr.expression.text === 'require' &&
    expr.arguments.length === 1 &&
    ts.isStringLiteralLike(expr.arguments[0]!)
  ) {
    return moduleName((expr.arguments[0] as ts.StringLiteralLike).text);
  }
  return undefined;
}

function collectImportBindings(sf: ts.SourceFile): Map<string, ImportBinding> {
  const bindings = new Map<string, ImportBinding>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.importClause && !node.importClause.isTypeOnly) {
      const module = moduleName(node.moduleSpecifier.text);
      const clause = node.importClause;
      if (clause.name) bindings.set(clause.name.text, { module, export: undefined });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, { module, export: undefined });
      if (named && ts.isNamedImports(named)) {
        for (const el of named.elements) {
          if (el.isTypeOnly) continue;
          const exported = el.propertyName ? el.propertyName.getText(sf).replace(/^['"]|['"]$/g, '') : el.name.text;
          bindings.set(el.name.text, { module, export: exported === 'default' ? undefined : exported });
        }
      }
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const ref = node.moduleReference.expression;
      if (ts.isStringLiteral(ref)) bindings.set(node.name.text, { module: moduleName(ref.text), export: undefined });
    } else if (ts.isVariableDeclaration(node)) {
      const module = requiredModule(node.initializer);
      if (module !== undefined) {
        if (ts.isIdentifier(node.name)) bindings.set(node.name.text, { module, export: undefined });
        else if (ts.isObjectBindingPattern(node.name)) {
          for (const el of node.name.elements) {
            if (!ts.isIdentifier(el.name) || el.dotDotDotToken) continue;
            const exported = el.propertyName ? propertyNameText(el.propertyName, sf) : el.name.text;
            bindings.set(el.name.text, { module, export: exported });
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return bindings;
}

/** Every name the file declares anywhere: a global of that name may be shadowed. */
function collectDeclaredNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) addBinding(node.name);
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionExpression(node)) && node.name) names.add(node.name.text);
    else if (ts.isImportClause(node) && node.name) names.add(node.name.text);
    else if (ts.isNamespaceImport(node) || ts.isImportSpecifier(node) || ts.isImportEqualsDeclaration(node)) names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

function describeCall(
  sf: ts.SourceFile,
  node: ts.CallExpression | ts.NewExpression,
  depth: number,
  imports: Map<string, ImportBinding>,
  declared: Set<string>,
): CallJoinPoint | undefined {
  const callee = skipOuterExpressions(node.expression);
  let module: string | undefined;
  let name: string;
  let form: 'member' | 'plain';
  if (ts.isIdentifier(callee)) {
    const binding = imports.get(callee.text);
    form = 'plain';
    if (binding) {
      if (binding.export === undefined) return undefined; // calling a default import itself
      module = binding.module;
      name = binding.export;
    } else {
      name = callee.text;
      if (declared.has(name)) return undefined; // a local of that name, not the global
    }
  } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
    const recv = skipOuterExpressions(callee.expression);
    name = callee.name.text;
    form = 'member';
    const required = requiredModule(recv);
    if (required !== undefined) module = required;
    else if (ts.isIdentifier(recv) && imports.has(recv.text) && imports.get(recv.text)!.export === undefined) {
      module = imports.get(recv.text)!.module;
    } else if (ts.isIdentifier(recv) && recv.text === 'globalThis' && !declared.has('globalThis')) {
      module = undefined;
    } else return undefined;
  } else return undefined;

  let unavailable: string | undefined;
  if ((ts.isCallExpression(node) && node.questionDotToken) || (ts.isPropertyAccessExpression(callee) && callee.questionDotToken)) {
    unavailable = 'optional call (?.) is not wrapped';
  } else if (node.expression !== callee) {
    unavailable = 'callee is wrapped in parentheses or a type assertion';
  }
  const at = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { type: 'call', node, module, name, form, unavailable, line: at.line + 1, column: at.character + 1, depth };
}

function skipOuterExpressions(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr) || ts.isAsExpression(expr)) expr = expr.expression;
  return expr;
}
