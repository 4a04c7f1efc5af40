// Join point kind 2: a call site. `recv.name(a, b)` becomes `rt.cm(site, recv, "name", a, b)` and
// `fn(a, b)` becomes `rt.cf(site, fn, a, b)`: the receiver stays `this`, the arguments are not
// moved (so edits inside them compose), and the callee is looked up at call time as before.
// `new recv.Name(a)` becomes `rt.cn(site, recv, "Name", a)` and `new Fn(a)` `rt.cn(site, Fn, null, a)`.
// The helper and the site are read through `typeof`: where a function's source text runs without
// its module (`new Function`, `vm`, `page.evaluate`), the call is made as written.

import ts from '../typescript.cjs';
import type { CallJoinPoint } from '../front/kinds/call.js';
import type { EditList } from './edits.js';
import type { CompiledCallRule, CompiledRule } from '../rules/types.js';
import type { GeneratedNames } from './names.js';
import type { JoinPointSpec } from './prelude.js';

/** The site declaration's description of a call: the callee as the (first) rule writes it. */
export function callSpec(_jp: CallJoinPoint, rules: readonly CompiledRule[]): JoinPointSpec {
  // The front phase matches call sites against call rules only.
  const first = rules[0] as CompiledCallRule | undefined;
  return { function: first?.call ?? '(call)', kind: 'call' };
}

const FALLBACK: Record<'cm' | 'cf' | 'cn', string> = {
  cm: '(s, o, k, ...a) => o[k](...a)',
  cf: '(s, f, ...a) => f(...a)',
  cn: '(s, t, k, ...a) => new (k === null ? t : t[k])(...a)',
};

/** `(helper or its plain fallback)(site or undefined, ` */
function guardedCall(names: GeneratedNames, helper: 'cm' | 'cf' | 'cn', siteVar: string): string {
  const fn = names.helper(helper);
  return `(typeof ${fn} === "function" ? ${fn} : ${FALLBACK[helper]})(typeof ${siteVar} === "object" ? ${siteVar} : void 0, `;
}

export function rewriteCallSite(
  sf: ts.SourceFile,
  jp: CallJoinPoint,
  siteVar: string,
  names: GeneratedNames,
  edits: EditList,
): void {
  const call = jp.node;
  if (ts.isNewExpression(call)) return rewriteNewSite(sf, jp, call, siteVar, names, edits);
  const callee = call.expression;
  const hasArgs = call.arguments.length > 0;
  const argsStart = call.arguments.pos; // just after '('
  if (jp.form === 'member' && ts.isPropertyAccessExpression(callee)) {
    edits.wrap(call.getStart(sf), call.end, guardedCall(names, 'cm', siteVar), '', 2);
    edits.replace(callee.expression.end, argsStart, `, ${JSON.stringify(callee.name.text)}${hasArgs ? ', ' : ''}`);
  } else {
    edits.wrap(call.getStart(sf), call.end, guardedCall(names, 'cf', siteVar), '', 2);
    edits.replace(callee.end, argsStart, hasArgs ? ', ' : '');
  }
}

function rewriteNewSite(
  sf: ts.SourceFile,
  jp: CallJoinPoint,
  node: ts.NewExpression,
  siteVar: string,
  names: GeneratedNames,
  edits: EditList,
): void {
  const callee = node.expression;
  const args = node.arguments; // undefined for `new X` without parentheses
  const start = node.getStart(sf);
  edits.replace(start, callee.getStart(sf), ''); // the `new` keyword
  // With parentheses the call's own `)` closes the helper call; without, one is added.
  edits.wrap(start, node.end, guardedCall(names, 'cn', siteVar), args ? '' : ')', 2);
  const restStart = args ? args.pos : node.end; // just after '(' (type arguments go too)
  const hasArgs = args !== undefined && args.length > 0;
  if (jp.form === 'member' && ts.isPropertyAccessExpression(callee)) {
    edits.replace(callee.expression.end, restStart, `, ${JSON.stringify(callee.name.text)}${hasArgs ? ', ' : ''}`);
  } else {
    edits.replace(callee.end, restStart, `, null${hasArgs ? ', ' : ''}`);
  }
}
