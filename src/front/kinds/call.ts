// Call-site join points: every call (or `new`) whose callee resolves to a module export
// (`http.request`, an imported `request`, `require('http').get`) or a global (`fetch`), and how a
// call-site rule matches it (same module and name; a form that cannot be wrapped is a near-miss).

import ts from '../../typescript.cjs';
import type { CompiledCallRule } from '../../rules/types.js';
import { propertyNameText } from '../../syntax.js';
import type { FrontKind } from './kind.js';

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

/** Which module a local name refers to: a whole module (namespace/default/require) or one export. */
type ImportBinding = { module: string; export: string | undefined };

export const callJoinPoints: FrontKind<CompiledCallRule, CallJoinPoint> = {
  type: 'call',
  mayMatch: (text, rule) => text.includes(rule.calleeName),
  lister(sf) {
    const imports = collectImportBindings(sf);
    const declared = collectDeclaredNames(sf);
    const found: CallJoinPoint[] = [];
    return {
      found,
      visit(node, depth) {
        if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return;
        const call = describeCall(sf, node, depth, imports, declared);
        if (call) found.push(call);
      },
    };
  },
  match(jp, rule) {
    if (jp.name !== rule.calleeName || jp.module !== rule.calleeModule) return false;
    return jp.unavailable ? jp.unavailable : true;
  },
  describe: (jp) => ({ class: undefined, function: `${jp.module ? `${jp.module}.` : ''}${jp.name}()`, kind: 'call' }),
};

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
    if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.importClause &&
      !node.importClause.isTypeOnly
    ) {
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
    else if (
      (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionExpression(node)) &&
      node.name
    )
      names.add(node.name.text);
    else if (ts.isImportClause(node) && node.name) names.add(node.name.text);
    else if (ts.isNamespaceImport(node) || ts.isImportSpecifier(node) || ts.isImportEqualsDeclaration(node))
      names.add(node.name.text);
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
  if (
    (ts.isCallExpression(node) && node.questionDotToken) ||
    (ts.isPropertyAccessExpression(callee) && callee.questionDotToken)
  ) {
    unavailable = 'optional call (?.) is not wrapped';
  } else if (node.expression !== callee) {
    unavailable = 'callee is wrapped in parentheses or a type assertion';
  }
  const at = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { type: 'call', node, module, name, form, unavailable, line: at.line + 1, column: at.character + 1, depth };
}

function skipOuterExpressions(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr) || ts.isAsExpression(expr))
    expr = expr.expression;
  return expr;
}
