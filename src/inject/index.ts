// The inject phase for one file: turn the front phase's matches into magic-string edits and
// produce the rewritten text with a source map back to the original.

import MagicString from 'magic-string';
import path from 'node:path';
import ts from '../typescript.cjs';
import type { FrontResult, JoinPoint, ModuleInfo } from '../front/index.js';
import type { CompiledRule } from '../rules/types.js';
import { callSpec, rewriteCallSite } from './call-site.js';
import { EditList } from './edits.js';
import { endsWithSemicolon, functionSpec, rewriteFunctionBody } from './function-body.js';
import { chooseNames, type GeneratedNames } from './names.js';
import { hasOtherLineTerminators, recountMappings } from './line-terminators.js';
import { headerPosition, renderHeader, type JoinPointSpec, type SiteDeclaration } from './prelude.js';

/** What one join-point kind contributes to the inject phase: its site's description and its rewrite. */
interface InjectKind<J extends JoinPoint> {
  spec(jp: J, rules: readonly CompiledRule[]): JoinPointSpec;
  /** `activate`: a hook of the site makes a context active for the call (`trace`). */
  rewrite(sf: ts.SourceFile, jp: J, siteVar: string, names: GeneratedNames, edits: EditList, activate: boolean): void;
}

/** The inject phase's dispatch on join-point kind (preludes are the header, rendered once per file). */
const INJECT_KINDS: { readonly [K in JoinPoint['type']]: InjectKind<Extract<JoinPoint, { type: K }>> } = {
  function: { spec: functionSpec, rewrite: rewriteFunctionBody },
  call: { spec: callSpec, rewrite: (sf, jp, siteVar, names, edits) => rewriteCallSite(sf, jp, siteVar, names, edits) },
};

/** A kind typed for join points of any kind: each kind is handed only its own. */
function injectKind(type: JoinPoint['type']): InjectKind<JoinPoint> {
  return INJECT_KINDS[type] as InjectKind<JoinPoint>;
}

export interface InjectInput {
  path: string;
  text: string;
  front: FrontResult;
  moduleInfo: ModuleInfo;
  /** Imports to put first (entry points with prelude rules). */
  preludeImports: string[];
  runtimeSpecifier: string;
  /** How this file imports a hook module (absolute path → specifier). */
  hookSpecifier(hookModule: string): string;
  /** Force `import` even in a file without ESM syntax (per-file ESM output). */
  forceImport?: boolean;
}

export interface InjectResult {
  code: string;
  map: ReturnType<MagicString['generateMap']>;
  /** Join points rewritten, per rule id. */
  perRule: Map<string, number>;
  sites: number;
}

export function instrumentFile(input: InjectInput): InjectResult | undefined {
  const { front } = input;
  if (front.matches.length === 0 && input.preludeImports.length === 0) return undefined;
  const sf = front.sourceFile ?? ts.createSourceFile(input.path, input.text, ts.ScriptTarget.Latest, true);
  const names = chooseNames(input.text);
  const edits = new EditList();
  const sites: SiteDeclaration[] = [];
  const hookIndex = new Map<string, number>();
  const perRule = new Map<string, number>();

  for (const match of front.matches) {
    const jp = match.joinPoint;
    const siteVar = names.site(sites.length);
    const hooks: SiteDeclaration['hooks'] = [];
    let activate = false;
    for (const rule of match.rules) {
      perRule.set(rule.id, (perRule.get(rule.id) ?? 0) + 1);
      for (const hook of rule.hooks) {
        let index = hookIndex.get(hook.module);
        if (index === undefined) hookIndex.set(hook.module, (index = hookIndex.size));
        hooks.push(
          hook.factory !== undefined
            ? [rule.id, index, undefined, undefined, hook.factory, hook.options]
            : [rule.id, index, hook.onEnter, hook.onExit],
        );
        if (hook.activates) activate = true;
      }
    }
    const kind = injectKind(jp.type);
    sites.push({
      spec: {
        module: input.moduleInfo.module,
        file: input.moduleInfo.relativePath,
        line: jp.line,
        ...kind.spec(jp, match.rules),
      },
      hooks,
    });
    kind.rewrite(sf, jp, siteVar, names, edits, activate);
  }

  const ms = new MagicString(input.text);
  edits.applyTo(ms);
  const header = renderHeader({
    names,
    useRequire: !input.forceImport && isCommonJs(sf, input.path, input.text),
    runtimeSpecifier: input.runtimeSpecifier,
    hookSpecifiers: [...hookIndex.keys()].map((m) => input.hookSpecifier(m)),
    sites,
    preludeImports: input.preludeImports,
  });
  if (header) {
    const directives = lastDirective(sf);
    const at = headerPosition(input.text, directives?.end ?? 0);
    if (at === 0) ms.prepend(header);
    // The header goes on the line of the last directive: one written without its semicolon needs it.
    else
      ms.appendLeft(
        at,
        `${directives && at === directives.end && !endsWithSemicolon(sf, directives) ? ';' : ''} ${header}`,
      );
  }
  const base = path.basename(input.path);
  const code = ms.toString();
  // CR, U+2028 and U+2029 end lines too (engines, esbuild): every character gets a mapping, so
  // each line they start has one at its first column, and the lines are re-counted.
  const otherTerminators = hasOtherLineTerminators(input.text);
  const map = ms.generateMap({
    hires: otherTerminators ? true : 'boundary',
    source: base,
    file: base,
    includeContent: true,
  });
  if (otherTerminators) map.mappings = recountMappings(map.mappings, code, input.text);
  return { code, map, perRule, sites: sites.length };
}

/**
 * A CommonJS file gets `require`s (an `import` would turn it into an ES module, and its
 * `module.exports` would stop working): JavaScript without ESM syntax, `.cjs`/`.cts` files, and
 * TypeScript that uses `module.exports`, `exports.x` or `require()` without ESM syntax.
 */
function isCommonJs(sf: ts.SourceFile, file: string, text: string): boolean {
  if ((sf as unknown as { externalModuleIndicator?: unknown }).externalModuleIndicator !== undefined) return false;
  if (/\.m[jt]s$/.test(file)) return false; // an ES module by its name, with or without import/export
  if (/\.c[jt]s$/.test(file) || !/\.[mc]?tsx?$/.test(file)) return true;
  return /\b(?:module\.exports|exports\.\w|require\s*\()/.test(text);
}

function lastDirective(sf: ts.SourceFile): ts.Statement | undefined {
  let last: ts.Statement | undefined;
  for (const statement of sf.statements) {
    if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)) last = statement;
    else break;
  }
  return last;
}

/** The code with its source map inlined, the form esbuild chains back to the original. */
export function withInlineMap(result: InjectResult): string {
  const encoded = Buffer.from(JSON.stringify(result.map)).toString('base64');
  return `${result.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${encoded}\n`;
}
