// Small questions about TypeScript syntax trees that more than one phase asks.

import ts from './typescript.cjs';

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) ? (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false) : false;
}

/** The text a property name stands for: `m`, `it's`, `#p`, `a-b`, `[Symbol.iterator]`. */
export function propertyNameText(name: ts.PropertyName | ts.BindingName | undefined, sf: ts.SourceFile): string {
  if (!name) return '';
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name))
    return name.text;
  if (ts.isComputedPropertyName(name)) {
    const expr = name.expression;
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr) || ts.isNumericLiteral(expr))
      return expr.text;
    return `[${expr.getText(sf)}]`;
  }
  return name.getText(sf);
}
