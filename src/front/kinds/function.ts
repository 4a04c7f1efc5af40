// Function join points: every function-like node (declarations, expressions, arrows, methods,
// constructors, accessors) with the names a rule selects it by, the reason it cannot be
// instrumented if there is one, and how a function rule matches it (or names it and skips it).

import ts from '../../typescript.cjs';
import type { CompiledFunctionRule, FunctionKind, NameMatcher } from '../../rules/types.js';
import { hasModifier, propertyNameText } from '../../syntax.js';
import type { FrontKind } from './kind.js';

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

const CALLBACK_PARAM = /^(cb|callback|done)$/i;

export const functionJoinPoints: FrontKind<CompiledFunctionRule, FunctionJoinPoint> = {
  type: 'function',
  mayMatch: (text, rule) => mayContain(text, rule.functionName.literal) && mayContain(text, rule.className?.literal),
  lister(sf) {
    const found: FunctionJoinPoint[] = [];
    return {
      found,
      visit(node, depth, ambient) {
        if (isFunctionNode(node)) found.push(describeFunction(sf, node, depth, ambient));
      },
    };
  },
  match: matchFunction,
  describe: (jp) => ({
    class: jp.className,
    function: jp.name || '(anonymous)',
    kind: jp.accessor ? `${jp.accessor}ter` : jp.isConstructor ? 'constructor' : jp.kind,
  }),
};

function mayContain(text: string, literal: string | undefined): boolean {
  return literal === undefined || literal === '' || text.includes(literal);
}

function nameMatches(matcher: NameMatcher, jp: FunctionJoinPoint): boolean {
  if (matcher.any) return true;
  if (jp.name !== '' && matcher.test(jp.name)) return true;
  return jp.aliases.some((alias) => matcher.test(alias));
}

/** true = match; false = not this rule's business; a string = named by the rule but skipped, why. */
function matchFunction(jp: FunctionJoinPoint, rule: CompiledFunctionRule): boolean | string {
  if (rule.className) {
    if (jp.className === undefined || !rule.className.test(jp.className)) return false;
  }
  if (!nameMatches(rule.functionName, jp)) return false;
  if (jp.accessor) {
    // Accessors are never hooked by a pattern: evaluating a getter has effects users don't expect.
    const named = rule.functionName.exact && rule.functionName.test(jp.name);
    if (!named) return `${jp.accessor}ter: name it exactly in "function" to instrument it`;
  }
  if (jp.unavailable) return jp.unavailable;
  if (rule.kind !== 'any' && rule.kind !== jp.kind) {
    // With a `*` name every other-kind function would be listed: only report when the name was chosen.
    return rule.functionName.any ? false : `kind is ${jp.kind}, the rule wants ${rule.kind}`;
  }
  return true;
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

/** A name for the expression something is assigned to: `Foo`, `app`, `exports`, `module.exports`. */
function targetText(expr: ts.Expression, sf: ts.SourceFile): string {
  const text = accessText(expr, sf);
  // `exports.m`, `module.exports.m` and `module.exports = {…}` all name the CommonJS exports object.
  return text === 'module.exports' ? 'exports' : text;
}

/** `a.b.c` as written, without the type-only wrappers around its parts: `(a as any).b!.c` is `a.b.c`. */
function accessText(expr: ts.Expression, sf: ts.SourceFile): string {
  const inner = skipOuterExpressions(expr);
  if (ts.isPropertyAccessExpression(inner)) return `${accessText(inner.expression, sf)}.${inner.name.text}`;
  return inner.getText(sf).replace(/\s+/g, '');
}

type OuterExpression =
  ts.ParenthesizedExpression | ts.AsExpression | ts.TypeAssertion | ts.NonNullExpression | ts.SatisfiesExpression;

/** Parentheses, `as`, `<T>x`, `x!` and `satisfies`: none of them changes which value an expression is. */
function isOuterExpression(node: ts.Node): node is OuterExpression {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isSatisfiesExpression(node)
  );
}

function skipOuterExpressions(expr: ts.Expression): ts.Expression {
  while (isOuterExpression(expr)) expr = expr.expression;
  return expr;
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
  while (parent && isOuterExpression(parent)) {
    current = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name))
    return parent.name.text;
  if (ts.isPropertyAssignment(parent) && parent.initializer === current) return propertyNameText(parent.name, sf);
  if (ts.isPropertyDeclaration(parent) && parent.initializer === current) return propertyNameText(parent.name, sf);
  if (ts.isExportAssignment(parent)) return 'default';
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    parent.right === current
  ) {
    const left = skipOuterExpressions(parent.left);
    if (ts.isIdentifier(left)) return left.text;
    if (ts.isPropertyAccessExpression(left)) return left.name.text;
    if (ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression))
      return left.argumentExpression.text;
  }
  return undefined;
}

/** For a function assigned to `A.prototype.m`, `A.m`, `exports.m`, or defined in an object literal: the owner. */
function ownerOfAssignedFunction(node: ts.Node, sf: ts.SourceFile): string | undefined {
  let current: ts.Node = node;
  let parent = node.parent;
  while (parent && isOuterExpression(parent)) {
    current = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    parent.right === current
  ) {
    // `(C.prototype as any).m = …`, `(C as any).prototype.m = …`: the owner is C
    const left = skipOuterExpressions(parent.left);
    if (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) {
      let owner = skipOuterExpressions(left.expression);
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
    callbackIndex:
      kind === 'callback'
        ? node.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this')).length - 1
        : undefined,
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
  const functions = body.statements.filter(
    (s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name !== undefined && s.body !== undefined,
  );
  if (functions.length === 0 || isStrictCode(node)) return undefined;
  const paramNames = new Set(node.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  const shadowed = functions.find((f) => paramNames.has(f.name!.text));
  if (shadowed)
    return `sloppy-mode function '${shadowed.name!.text}' has the name of a parameter (arguments would show the parameter once the body is a block)`;
  if (hasDirectEval(body))
    return `sloppy-mode direct eval next to function '${functions[0]!.name!.text}' of the body (eval may declare it again, not allowed once the body is a block)`;
  return undefined;
}

function isStrictCode(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isClassLike(current)) return true;
    const statements = ts.isSourceFile(current)
      ? current.statements
      : ts.isFunctionLike(current) &&
          (current as ts.FunctionLikeDeclaration).body &&
          ts.isBlock((current as ts.FunctionLikeDeclaration).body!)
        ? ((current as ts.FunctionLikeDeclaration).body as ts.Block).statements
        : undefined;
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
    if (
      clash !== undefined ||
      ts.isFunctionLike(node) ||
      ts.isClassLike(node) ||
      ts.isClassStaticBlockDeclaration(node)
    )
      return;
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) {
      for (const declaration of node.declarations) addBinding(declaration.name);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return clash === undefined
    ? undefined
    : `function '${clash}' is also declared with var in the body (not allowed once the body is a block)`;
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
