// Join point kind 1: a function body, rewritten in place. The function object, its parameters,
// `this`, `arguments`, `super`, `new.target`, hoisting and async/generator-ness are left as they
// are; the body gains a prologue (fast-path check, onEnter, skip, argument re-binding) and is
// wrapped in try/catch (and a finally for onExit where the body does not end at its returns).
// Every `return` reports its value. Sync bodies that end at their returns take the shape that
// costs least per stack frame (`rewriteStackShaped`).

import ts from '../typescript.cjs';
import type { FunctionJoinPoint } from '../front/kinds/function.js';
import { isDerivedClass, topLevelSuperCall } from '../front/kinds/function.js';
import type { EditList } from './edits.js';
import type { GeneratedNames } from './names.js';
import type { JoinPointSpec } from './prelude.js';

/** The site declaration's description of a function: its class, name, kind and callback position. */
export function functionSpec(jp: FunctionJoinPoint): JoinPointSpec {
  return {
    ...(jp.className !== undefined ? { class: jp.className } : {}),
    function: jp.name || '(anonymous)',
    kind: jp.kind,
    ...(jp.callbackIndex !== undefined ? { callback: jp.callbackIndex } : {}),
  };
}

export function rewriteFunctionBody(
  sf: ts.SourceFile,
  jp: FunctionJoinPoint,
  siteVar: string,
  names: GeneratedNames,
  edits: EditList,
  /** A hook of this site makes a context active for the call (`trace`): move the body into a closure. */
  activate = false,
): void {
  const node = jp.node;
  const body = node.body!;
  const isArrow = ts.isArrowFunction(node);
  const isCtor = ts.isConstructorDeclaration(node);

  const self = isArrow ? (isClassFieldInitializer(node) ? 'this' : 'void 0') : 'this';
  const params = node.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
  const ownArguments = !isArrow && !shadowsArguments(sf, node);
  const args = ownArguments ? 'arguments' : argumentList(params, siteVar);
  const inClosure = activate && canRunInClosure(node, params);
  // Exit at the return statements when that is exact: a `finally` with a `return` in it costs
  // a few nanoseconds on every call even when nothing listens, and this is the hot path.
  // Async bodies and generators finish later than their return statements run, constructors
  // have `return;`s with no value, and a user `finally` (or a `using` declaration, disposed
  // after the return statement ran) may still throw or override a return: those keep the `finally`.
  const exitAtReturn = !isCtor && jp.kind !== 'async' && jp.kind !== 'generator' && !hasOwnFinally(body);
  if (exitAtReturn && !inClosure) {
    rewriteStackShaped(sf, jp, siteVar, names, edits, self, args, params, ownArguments, body);
    return;
  }
  const wrapping = bodyWrapping(sf, jp, siteVar, names, { self, args, params, ownArguments, inClosure, exitAtReturn });
  if (inClosure) wrapBodyInClosure(sf, jp, names, edits, wrapping);
  else wrapBodyInPlace(sf, jp, names, edits, wrapping);
}

/** What a function body's rewrite is built from, once its shape is known. */
interface BodyShape {
  self: string;
  args: string;
  params: readonly ts.ParameterDeclaration[];
  ownArguments: boolean;
  inClosure: boolean;
  exitAtReturn: boolean;
}

/** The code around a body that keeps its `try`: what runs before it, its `catch` and `finally`. */
interface BodyWrapping {
  /** onEnter, then the skip check and the re-binding of changed arguments. */
  prologue: string;
  onError: string;
  onFinish: string;
  /** The record's method a return value goes through (`rx` also ends the call). */
  method: 'rx' | 'r';
}

function bodyWrapping(
  sf: ts.SourceFile,
  jp: FunctionJoinPoint,
  siteVar: string,
  names: GeneratedNames,
  shape: BodyShape,
): BodyWrapping {
  const { node } = jp;
  const rec = names.record;
  const err = names.error;
  const isCtor = ts.isConstructorDeclaration(node);
  const rebind = argumentRebinding(sf, jp, shape.params, shape.ownArguments, rec);

  // `typeof`: the function may run where its module's bindings do not exist (its source text
  // turned into a function elsewhere: `new Function`, `vm`, a browser's `page.evaluate`); it
  // then runs as written. Nothing below refers to a module binding except through the record.
  const returnsValues = !shape.inClosure && !isCtor && hasValueReturn(node.body!);
  const enter = `const ${rec} = typeof ${siteVar} === "object" && ${siteVar}.on ? ${siteVar}.enter(${shape.self}, ${shape.args}) : void 0;${returnsValues ? ` let ${names.value};` : ''}`;
  let pending: string;
  if (isCtor) {
    // A constructor cannot meaningfully skip its own body; it can still see changed arguments.
    // Its result is `this` unless the body throws (set now: a `return;` may leave the body early).
    pending = rebind
      ? ` if (${rec} !== void 0) { ${rec}.r(this); if (${rec}.p && !${rec}.s) { ${rebind.trim()} } }`
      : ` if (${rec} !== void 0) ${rec}.r(this);`;
  } else if (rebind) {
    pending = ` if (${rec} !== void 0 && ${rec}.p) { if (${rec}.s) return ${rec}.v; ${rebind} }`;
  } else {
    pending = ` if (${rec} !== void 0 && ${rec}.s) return ${rec}.v;`;
  }
  const leave = `if (${rec} !== void 0 && ${rec}.x()) return ${rec}.result();`;
  const onError = shape.exitAtReturn
    ? `catch (${err}) { if (${rec} !== void 0) { ${rec}.t(${err}); if (${rec}.x()) return ${rec}.result(); } throw ${err}; }`
    : `catch (${err}) { if (${rec} !== void 0) ${rec}.t(${err}); throw ${err}; }`;
  const onFinish = shape.exitAtReturn
    ? ''
    : isCtor
      ? ` finally { if (${rec} !== void 0) ${rec}.x(); }`
      : ` finally { ${leave} }`;
  return { prologue: `${enter}${pending}`, onError, onFinish, method: shape.exitAtReturn ? 'rx' : 'r' };
}

/** Puts the (possibly changed) arguments back into the parameters after onEnter. */
function argumentRebinding(
  sf: ts.SourceFile,
  jp: FunctionJoinPoint,
  params: readonly ts.ParameterDeclaration[],
  ownArguments: boolean,
  rec: string,
): string {
  const { node } = jp;
  let rebind = rebindParameters(
    sf,
    params,
    ownArguments,
    (i) => `${rec}.a[${i}]`,
    (i) => `${rec}.rest(${i})`,
    (i) => `${rec}.ch(${i})`,
  );
  if (rebind && jp.callbackIndex !== undefined) {
    // When only the callback was replaced (by the runtime's wrapper that sees it called, no hook
    // changed anything), only the callback is bound again: the other parameters' defaults and
    // destructuring patterns (getters) must not run a second time.
    const callback = params[jp.callbackIndex]!.name.getText(sf);
    rebind = `if (${rec}.o) ${callback} = ${rec}.a[${jp.callbackIndex}]; else { ${rebind} }`;
  }
  // A body that reads `arguments` must see the changed arguments there too.
  if (ownArguments && /\barguments\b/.test(node.body!.getText(sf)))
    rebind += `${rebind ? ' ' : ''}${rec}.sa(arguments);`;
  // TS parameter properties were assigned from the original arguments before this prologue runs.
  if (ts.isConstructorDeclaration(node))
    rebind += parameterProperties(node, params)
      .map((name) => ` this.${name} = ${name};`)
      .join('');
  return rebind;
}

/**
 * The body runs as `$f`, called through the record's wrappers (`k`), which make the hook's
 * context (a span) active for the body and everything it schedules. Its returns return from
 * `$f`, so only the call's one result is reported. An async body is awaited here: +1 tick.
 */
function wrapBodyInClosure(
  sf: ts.SourceFile,
  jp: FunctionJoinPoint,
  names: GeneratedNames,
  edits: EditList,
  wrapping: BodyWrapping,
): void {
  const body = jp.node.body!;
  const rec = names.record;
  const { prologue, onError, onFinish, method } = wrapping;
  const isAsync = jp.kind === 'async';
  const fn = names.body;
  const wait = isAsync ? 'await ' : '';
  // The closure is named after the function by a string key (no binding to shadow, and nothing
  // keep-names builds wrap on every call), so a stack through it reads `at Class.method`, as it
  // does without the closure; `(0, …)` leaves an anonymous function's closure unnamed.
  const label = jp.name === '' ? undefined : JSON.stringify(jp.className ? `${jp.className}.${jp.name}` : jp.name);
  const arrow = `${isAsync ? 'async ' : ''}() => `;
  const open = label === undefined ? `const ${fn} = (0, ${arrow}` : `const ${fn} = { ${label}: ${arrow}`;
  const closeClosure = label === undefined ? ')' : `}[${label}]`;
  const close = `${closeClosure}; return ${rec} === void 0 ? ${wait}${fn}() : ${rec}.${method}(${wait}${rec}.k(${fn}));`;
  if (!ts.isBlock(body)) {
    edits.wrap(body.getStart(sf), body.end, `{ ${prologue} try { ${open}(`, `)${close} } ${onError}${onFinish} }`, 0);
    return;
  }
  const before = lastDirective(body);
  const start = before ? before.end : body.getStart(sf) + 1;
  const terminator = before && !endsWithSemicolon(sf, before) ? ';' : '';
  edits.wrap(start, body.end - 1, `${terminator} ${prologue} try { ${open}{`, `}${close} } ${onError}${onFinish}`, 0);
}

/** The body stays where it is, inside `try`; every `return <expr>` reports its value on the way out. */
function wrapBodyInPlace(
  sf: ts.SourceFile,
  jp: FunctionJoinPoint,
  names: GeneratedNames,
  edits: EditList,
  wrapping: BodyWrapping,
): void {
  const node = jp.node;
  const body = node.body!;
  const rec = names.record;
  const val = names.value;
  const isCtor = ts.isConstructorDeclaration(node);
  const { prologue, onError, onFinish, method } = wrapping;
  // `return <expr>` becomes `return (v = (0, <expr>), c === void 0 ? v : c.r(v))`: a function-local
  // holds the value, so the return needs no module-level helper. `(0, …)`: an anonymous class or
  // function returned must not be named after the local by the assignment.
  const reportOpen = `(${val} = (0, `;
  const reportClose = `), ${rec} === void 0 ? ${val} : ${rec}.${method}(${val}))`;

  if (!ts.isBlock(body)) {
    // Arrow with an expression body: give it a block; the parentheses keep `(a, b)` and `({})` intact.
    edits.wrap(
      body.getStart(sf),
      body.end,
      `{ ${prologue} try { return ${reportOpen}`,
      `${reportClose}; } ${onError}${onFinish} }`,
      0,
    );
    return;
  }

  let start = body.getStart(sf) + 1;
  let before: ts.Statement | undefined;
  if (isCtor && isDerivedClass(node.parent)) {
    // Nothing may run before super(): `this` does not exist yet, and TS parameter properties and
    // class fields are initialised right after the top-level super() statement.
    before = topLevelSuperCall(node)!;
  } else {
    before = lastDirective(body); // 'use strict' must stay the first statement
  }
  if (before) start = before.end;
  // The prologue goes on the line of that statement: one written without its semicolon needs it.
  const terminator = before && !endsWithSemicolon(sf, before) ? ';' : '';
  // (A body that exits at its returns, where falling off the end is a return, is `rewriteStackShaped`.)
  edits.wrap(start, body.end - 1, `${terminator} ${prologue} try {`, `} ${onError}${onFinish}`, 0);
  if (!isCtor) wrapReturns(sf, body, reportOpen, reportClose, edits);
}

/**
 * A sync body that exits at its return statements. The call's record lives on the site's stack
 * (`Site.e` pushes it, the return or the `catch` pops it); the frame keeps one small marker `c`
 * (undefined: nothing pushed — nothing listened, or the module's bindings are absent because the
 * function's source was turned into a function elsewhere, where it runs as written). Every local
 * and every value live across a call is in every frame of a recursion (bench/depth), and every
 * instruction on the path taken when nothing listens is in every call (bench/call), so:
 *
 *   let c, v; if (typeof s === "object" && s.on && (c = s.e(this, arguments)) === 2) { s.d--; return s.v(); }
 *   try { if (c === 1) { <re-bind> } …
 *     return v = (0, <expr>), c === void 0 ? v : s.rx(v); …
 *     ; if (c !== void 0) return s.rx(void 0);
 *   } catch (e) { if (c !== void 0) { s.d--; if (s.t(e)) return s.result(); } throw e; }
 *
 * With nothing listening, V8 sees `c` is always undefined and drops the rest. The hook work is
 * behind calls V8 does not inline (see `Site.slow`). The pops in the `catch` and before a skip
 * are inline, so no stack overflow can come between a pop and the code that expects it; `s.rx`
 * pops first thing and throws nothing after.
 */
function rewriteStackShaped(
  sf: ts.SourceFile,
  jp: FunctionJoinPoint,
  s: string,
  names: GeneratedNames,
  edits: EditList,
  self: string,
  args: string,
  params: readonly ts.ParameterDeclaration[],
  ownArguments: boolean,
  body: ts.ConciseBody,
): void {
  const c = names.record;
  const v = names.value;
  const err = names.error;
  let rebind = rebindParameters(
    sf,
    params,
    ownArguments,
    (i) => `${s}.a(${i})`,
    (i) => `${s}.rest(${i})`,
    (i) => `${s}.ch(${i})`,
  );
  if (rebind && jp.callbackIndex !== undefined) {
    const callback = params[jp.callbackIndex]!.name.getText(sf);
    rebind = `if (${s}.o()) ${callback} = ${s}.a(${jp.callbackIndex}); else { ${rebind} }`;
  }
  if (ownArguments && /\barguments\b/.test(body.getText(sf))) rebind += `${rebind ? ' ' : ''}${s}.sa(arguments);`;
  const enter = `let ${c}, ${v}; if (typeof ${s} === "object" && ${s}.on && (${c} = ${s}.e(${self}, ${args})) === 2) { ${s}.d--; return ${s}.v(); }`;
  const pending = rebind ? ` if (${c} === 1) { ${rebind} }` : '';
  const onError = `catch (${err}) { if (${c} !== void 0) { ${s}.d--; if (${s}.t(${err})) return ${s}.result(); } throw ${err}; }`;
  const reportOpen = `(${v} = (0, `;
  const reportClose = `), ${c} === void 0 ? ${v} : ${s}.rx(${v}))`;
  if (!ts.isBlock(body)) {
    edits.wrap(
      body.getStart(sf),
      body.end,
      `{ ${enter} try {${pending} return ${reportOpen}`,
      `${reportClose}; } ${onError} }`,
      0,
    );
    return;
  }
  const before = lastDirective(body);
  const start = before ? before.end : body.getStart(sf) + 1;
  const terminator = before && !endsWithSemicolon(sf, before) ? ';' : '';
  edits.wrap(
    start,
    body.end - 1,
    `${terminator} ${enter} try {${pending}`,
    `; if (${c} !== void 0) return ${s}.rx(void 0); } ${onError}`,
    0,
  );
  wrapReturns(sf, body, reportOpen, reportClose, edits, ` ${c} === void 0 ? void 0 : ${s}.rx(void 0)`);
}

/**
 * Generators keep their body (a closure cannot yield for them), constructors too (`super()` and
 * `return;` belong to the constructor), and so does a body whose `var` re-declares a parameter:
 * in a closure the `var` would start a new, empty variable.
 */
function canRunInClosure(node: ts.FunctionLikeDeclaration, params: readonly ts.ParameterDeclaration[]): boolean {
  if (node.asteriskToken || ts.isConstructorDeclaration(node)) return false;
  const body = node.body!;
  if (!ts.isBlock(body)) return true;
  const paramNames = new Set<string>();
  for (const p of params) boundNames(p.name, paramNames);
  if (paramNames.size === 0) return true;
  let clash = false;
  const visit = (n: ts.Node): void => {
    if (clash || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isVariableDeclarationList(n) && !(n.flags & ts.NodeFlags.BlockScoped)) {
      const declared = new Set<string>();
      for (const d of n.declarations) boundNames(d.name, declared);
      for (const name of declared) if (paramNames.has(name)) clash = true;
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return !clash;
}

function boundNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) boundNames(element.name, into);
}

export function endsWithSemicolon(sf: ts.SourceFile, statement: ts.Statement): boolean {
  return sf.text.charCodeAt(statement.end - 1) === 0x3b; // ';'
}

function lastDirective(body: ts.Block): ts.Statement | undefined {
  let last: ts.Statement | undefined;
  for (const statement of body.statements) {
    if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)) last = statement;
    else break;
  }
  return last;
}

function isClassFieldInitializer(node: ts.ArrowFunction): boolean {
  let current: ts.Node = node;
  while (current.parent && ts.isParenthesizedExpression(current.parent)) current = current.parent;
  // Instance fields see the instance as `this`, static fields the class: both are safe to read.
  return ts.isPropertyDeclaration(current.parent);
}

/** Sloppy code may name a parameter or a local `arguments`; then the real object is out of reach. */
function shadowsArguments(sf: ts.SourceFile, node: ts.FunctionLikeDeclaration): boolean {
  const text = node.getText(sf);
  if (!text.includes('arguments')) return false;
  return (
    node.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === 'arguments') ||
    /\b(?:var|let|const|function)\s+arguments\b/.test(text)
  );
}

/**
 * `[a, b]` for functions without their own `arguments`; destructured parameters are not
 * recoverable. A rest parameter's items are appended by the site (`s.j([a], rest)`), not spread:
 * spreading runs `Array.prototype[Symbol.iterator]`, which the program may have replaced.
 */
function argumentList(params: readonly ts.ParameterDeclaration[], siteVar: string): string {
  const rest = params.find((p) => p.dotDotDotToken);
  const items = params
    .filter((p) => p !== rest)
    .map((p) => (ts.isIdentifier(p.name) ? p.name.text : 'void 0'))
    .join(', ');
  if (rest === undefined) return `[${items}]`;
  return ts.isIdentifier(rest.name) ? `${siteVar}.j([${items}], ${rest.name.text})` : `[${items}]`;
}

/**
 * `a = record.a[0]; if (record.ch(1)) b = record.a[1] === void 0 ? (1) : record.a[1]; …`: re-binds
 * the parameters from the (possibly changed) arguments, as a call with them would have bound them.
 * A parameter with a default or a destructuring pattern only when its argument changed: its
 * default (a side effect, a read of a name the body declares again) and its pattern's getters ran
 * when the call bound it, and must not run again for an argument nobody changed.
 */
function rebindParameters(
  sf: ts.SourceFile,
  params: readonly ts.ParameterDeclaration[],
  ownArguments: boolean,
  argument: (index: number) => string,
  rest: (from: number) => string,
  changed: (index: number) => string,
): string {
  // One assignment per parameter, not `[a, b] = rec.a`: array destructuring takes several
  // interpreter registers in every call's frame (recursion depth) and runs the program's
  // `Array.prototype[Symbol.iterator]`.
  const statements: string[] = [];
  params.forEach((p, i) => {
    // Without the real `arguments` a destructured parameter was never captured: leave it bound.
    if (!ownArguments && !ts.isIdentifier(p.name)) return;
    const target = p.name.getText(sf);
    const value = p.dotDotDotToken
      ? rest(i)
      : p.initializer
        ? `${argument(i)} === void 0 ? (${p.initializer.getText(sf)}) : ${argument(i)}`
        : argument(i);
    const statement = ts.isObjectBindingPattern(p.name) ? `(${target} = ${value});` : `${target} = ${value};`;
    const once = !p.dotDotDotToken && (p.initializer !== undefined || !ts.isIdentifier(p.name));
    statements.push(once ? `if (${changed(i)}) ${statement}` : statement);
  });
  return statements.join(' ');
}

/** Names of the TS parameter properties (`constructor(private x: T)`) of a constructor. */
function parameterProperties(node: ts.FunctionLikeDeclaration, params: readonly ts.ParameterDeclaration[]): string[] {
  if (!ts.isConstructorDeclaration(node)) return [];
  return params
    .filter((p) => ts.isParameterPropertyDeclaration(p, node) && ts.isIdentifier(p.name))
    .map((p) => (p.name as ts.Identifier).text);
}

/**
 * Every `return <expr>` of this body (not of nested functions) reports its value; with `bare`,
 * a `return;` gets that expression (it reports `undefined`).
 */
function wrapReturns(
  sf: ts.SourceFile,
  body: ts.Node,
  open: string,
  close: string,
  edits: EditList,
  bare?: string,
): void {
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return; // their returns are their own
    if (ts.isReturnStatement(node)) {
      if (node.expression) edits.wrap(node.expression.getStart(sf), node.expression.end, open, close, 1);
      else if (bare !== undefined) {
        const keywordEnd = node.getStart(sf) + 'return'.length;
        edits.wrap(keywordEnd, keywordEnd, bare, '', 1);
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
}

/** An expression body, or a `return <expr>` of this body (not of nested functions). */
function hasValueReturn(body: ts.Node): boolean {
  if (!ts.isBlock(body)) return true;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/**
 * Code of the body itself (not of nested functions) that runs after a return statement: a
 * `try … finally`, or a `using` declaration, whose resource is disposed when its block ends.
 */
function hasOwnFinally(body: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if ((ts.isTryStatement(node) && node.finallyBlock) || isUsingDeclarationList(node)) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** `using x = …` or `await using x = …` (also as the head of a `for … of`). */
function isUsingDeclarationList(node: ts.Node): boolean {
  if (!ts.isVariableDeclarationList(node)) return false;
  const kind = node.flags & ts.NodeFlags.BlockScoped;
  return kind === ts.NodeFlags.Using || kind === ts.NodeFlags.AwaitUsing;
}
