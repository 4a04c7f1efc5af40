// Join point kind 3: the file prelude. Every instrumented file gets, before any of its own code,
// the runtime import, its hook modules and its site declarations; entry points also get the
// prelude imports of prelude rules (first, so they run before anything the program imports).

import { RUNTIME_HELPERS, type GeneratedNames } from './names.js';

/** What a site's declaration says about its join point, after its module, file and line. */
export interface JoinPointSpec {
  class?: string;
  function: string;
  kind: string;
  callback?: number;
}

export interface SiteDeclaration {
  spec: { module: string; file: string; line: number } & JoinPointSpec;
  /** [rule id, hook index, onEnter export, onExit export, factory export, factory options] */
  hooks: Array<[string, number, string | undefined, string | undefined, string?, unknown?]>;
}

export interface HeaderInput {
  names: GeneratedNames;
  /** CommonJS file: use `require` so the file stays CommonJS. */
  useRequire: boolean;
  runtimeSpecifier: string;
  /** Hook module specifiers, by hook index. */
  hookSpecifiers: string[];
  sites: SiteDeclaration[];
  preludeImports: string[];
}

export function renderHeader(input: HeaderInput): string {
  const { names, useRequire } = input;
  const lines: string[] = [];
  for (const spec of input.preludeImports)
    lines.push(useRequire ? `require(${JSON.stringify(spec)});` : `import ${JSON.stringify(spec)};`);
  if (input.sites.length > 0) {
    lines.push(runtimeImport(useRequire, names, input.runtimeSpecifier));
    input.hookSpecifiers.forEach((spec, i) => lines.push(importLine(useRequire, names.hook(i), spec)));
    input.sites.forEach((site, i) => {
      const hooks = site.hooks
        .map(([rule, hook, onEnter, onExit, factory, options]) =>
          factory !== undefined
            ? `[${JSON.stringify(rule)}, ${member(names.hook(hook), factory)}(${JSON.stringify(options ?? {})})]`
            : `[${JSON.stringify(rule)}, ${member(names.hook(hook), onEnter)}, ${member(names.hook(hook), onExit)}]`,
        )
        .join(', ');
      // `var`: a hoisted function may run (through an import cycle) before this line; it then sees
      // `undefined` and takes the uninstrumented path instead of hitting a TDZ error.
      lines.push(`var ${names.site(i)} = ${names.helper('site')}(${JSON.stringify(site.spec)}, [${hooks}]);`);
    });
  }
  // One line, no newline: the file's own lines keep their numbers even without a source map.
  return lines.length > 0 ? lines.join(' ') + ' ' : '';
}

function runtimeImport(useRequire: boolean, names: GeneratedNames, specifier: string): string {
  if (useRequire) {
    const locals = RUNTIME_HELPERS.map((h) => `${names.helper(h)} = ${names.runtime}.${h}`).join(', ');
    return `var ${names.runtime} = require(${JSON.stringify(specifier)}), ${locals};`;
  }
  return `import { ${RUNTIME_HELPERS.map((h) => `${h} as ${names.helper(h)}`).join(', ')} } from ${JSON.stringify(specifier)};`;
}

function importLine(useRequire: boolean, local: string, specifier: string): string {
  return useRequire
    ? `var ${local} = require(${JSON.stringify(specifier)});`
    : `import * as ${local} from ${JSON.stringify(specifier)};`;
}

function member(local: string, name: string | undefined): string {
  return name === undefined ? 'void 0' : `${local}[${JSON.stringify(name)}]`;
}

/** Where the header goes: after a shebang line and the file's directive prologue ('use strict'). */
export function headerPosition(text: string, directivesEnd: number): number {
  if (directivesEnd > 0) return directivesEnd;
  if (text.startsWith('#!')) {
    const nl = text.indexOf('\n');
    return nl === -1 ? text.length : nl + 1;
  }
  return 0;
}
