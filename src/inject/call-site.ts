// Join point kind 2: a call site. `recv.name(a, b)` becomes `rt.cm(site, recv, "name", a, b)` and
// `fn(a, b)` becomes `rt.cf(site, fn, a, b)`: the receiver stays `this`, the arguments are not
// moved (so edits inside them compose), and the callee is looked up at call time as before.

import ts from '../typescript.cjs';
import type { CallJoinPoint } from '../front/join-points.js';
import type { EditList } from './edits.js';
import type { GeneratedNames } from './names.js';

export function rewriteCallSite(
  sf: ts.SourceFile,
  jp: CallJoinPoint,
  siteVar: string,
  names: GeneratedNames,
  edits: EditList,
): void {
  const call = jp.node;
  const callee = call.expression;
  const hasArgs = call.arguments.length > 0;
  const argsStart = call.arguments.pos; // just after '('
  if (jp.form === 'member' && ts.isPropertyAccessExpression(callee)) {
    edits.wrap(call.getStart(sf), call.end, `${names.helper('cm')}(${siteVar}, `, '', 2);
    edits.replace(callee.expression.end, argsStart, `, ${JSON.stringify(callee.name.text)}${hasArgs ? ', ' : ''}`);
  } else {
    edits.wrap(call.getStart(sf), call.end, `${names.helper('cf')}(${siteVar}, `, '', 2);
    edits.replace(callee.end, argsStart, hasArgs ? ', ' : '');
  }
}
