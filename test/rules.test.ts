import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Code, ExitStatus, InsttsError, type InsttsDiagnostic } from '../src/diagnostics.js';
import { compileFileGlob, fileGlobProblem } from '../src/rules/file-glob.js';
import { listExports, listExportsOfText } from '../src/rules/hook-exports.js';
import { actionModule } from '../src/rules/actions.js';
import { checkRuleFiles, compileRuleSpecs, loadRules, splitCallee } from '../src/rules/load.js';
import { compileNameMatcher, NameSelectorError } from '../src/rules/name-matcher.js';
import type { CompiledCallRule, CompiledFunctionRule, CompiledPreludeRule, CompiledRule } from '../src/rules/types.js';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'rules');
const BUILTIN = path.join(FIX, 'builtin');
const opts = { cwd: FIX, builtinDir: BUILTIN };
const fx = (...p: string[]) => path.join(FIX, ...p);

async function load(...sources: string[]): Promise<CompiledRule[]> {
  return loadRules(sources, opts);
}

/** The diagnostics of the InsttsError `run` throws (fails when it does not throw one). */
async function errorsOf(run: () => Promise<unknown> | unknown): Promise<InsttsDiagnostic[]> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(InsttsError);
    expect((err as InsttsError).exitStatus).toBe(ExitStatus.InvalidProject);
    return (err as InsttsError).diagnostics;
  }
  throw new Error('expected an InsttsError');
}

/** Loads one bad fixture and returns its single diagnostic. */
async function onlyError(name: string): Promise<InsttsDiagnostic> {
  const diags = await errorsOf(() => load(`bad/${name}.json`));
  expect(diags, JSON.stringify(diags, null, 1)).toHaveLength(1);
  return diags[0]!;
}

function byId<T extends CompiledRule>(rules: CompiledRule[], id: string): T {
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule as T;
}

describe('loading valid rule files', () => {
  it('compiles a function rule', async () => {
    const rules = await load('good.json');
    const r = byId<CompiledFunctionRule>(rules, 'orders');
    expect(r.type).toBe('function');
    expect(r.location).toEqual({ file: fx('good.json'), line: 5, column: 5 });
    expect(r.baseDir).toBe(FIX);
    expect(r.module).toBe('.');
    expect(r.version).toBeUndefined();
    expect(r.file).toBe('src/**/*.ts'); // leading ./ dropped
    expect(r.fileMatch('src/a/b.ts')).toBe(true);
    expect(r.fileMatch('src/.hidden/b.ts')).toBe(true);
    expect(r.fileMatch('lib/b.ts')).toBe(false);
    expect(r.kind).toBe('async');
    expect(r.className).toMatchObject({ source: 'OrderService', exact: true, any: false, literal: 'OrderService' });
    expect(r.className!.test('OrderService')).toBe(true);
    expect(r.className!.test('OrderServices')).toBe(false);
    expect(r.functionName).toMatchObject({ source: 'get*', exact: false, any: false, literal: 'get' });
    expect(r.functionName.test('getOrder')).toBe(true);
    expect(r.functionName.test('setOrder')).toBe(false);
    expect(r.hooks).toEqual([
      { module: fx('hooks', 'audit.ts'), onEnter: 'enter', onExit: 'exit' },
      {
        module: actionModule('trace'),
        factory: 'trace',
        options: {
          kind: 'internal',
          name: 'orders {args[0]}',
          attributes: { 'order.id': 'args[0].id', lines: 'result.lines.length' },
        },
        activates: true,
      },
    ]);
  });

  it('compiles a package function rule with a version range and a regex', async () => {
    const r = byId<CompiledFunctionRule>(await load('good.json'), 'express-handle');
    expect(r).toMatchObject({ type: 'function', module: 'express', version: '^4.18.0 || ^5', kind: 'any' });
    expect(r.file).toBeUndefined();
    expect(r.fileMatch('anything/at/all.js')).toBe(true);
    expect(r.className).toBeUndefined();
    expect(r.functionName.literal).toBeUndefined();
    expect(r.functionName.test('HandleRequest')).toBe(true);
    expect(r.functionName.test('rehandle')).toBe(false);
    // CommonJS hook module
    expect(r.hooks).toEqual([{ module: fx('hooks', 'legacy.cjs'), onEnter: 'before' }]);
  });

  it('compiles call-site rules', async () => {
    const rules = await load('good.json');
    const https = byId<CompiledCallRule>(rules, 'out:http');
    expect(https).toMatchObject({
      type: 'call',
      call: 'node:https.get',
      calleeModule: 'https',
      calleeName: 'get',
      module: '.',
    });
    // extension-less hook path
    expect(https.hooks).toEqual([{ module: fx('hooks', 'audit.ts'), onExit: 'exit' }]);
    expect(https.location).toEqual({ file: fx('good.json'), line: 19, column: 5 });

    const fetchRule = byId<CompiledCallRule>(rules, 'out.fetch');
    expect(fetchRule).toMatchObject({ type: 'call', call: 'fetch', calleeName: 'fetch', file: 'src/*.ts' });
    expect(fetchRule.calleeModule).toBeUndefined();
    // `.js` finds the `.ts` source; `export *` makes any export name acceptable
    expect(fetchRule.hooks).toEqual([
      { module: fx('hooks', 'reexport.ts'), onEnter: 'whatever' },
      { module: actionModule('govern'), factory: 'govern', options: { adapter: 'function' }, activates: true },
    ]);

    const scoped = byId<CompiledCallRule>(rules, 'scoped');
    expect(scoped).toMatchObject({ module: '@acme/client', calleeModule: '@acme/sdk', calleeName: 'send' });
    // directory → index.ts; re-exported names
    expect(scoped.hooks).toEqual([{ module: fx('hooks', 'pkg', 'index.ts'), onEnter: 'start', onExit: 'stop' }]);
  });

  it('compiles a prelude rule', async () => {
    const r = byId<CompiledPreludeRule>(await load('good.json'), 'start');
    expect(r).toMatchObject({ type: 'prelude', module: '.', hooks: [] });
    expect(r.imports).toEqual([fx('start.ts'), '@opentelemetry/auto-init/register']);
    expect(r.location).toEqual({ file: fx('good.json'), line: 34, column: 5 });
  });

  it('drops enabled:false rules after validating them', async () => {
    const rules = await load('good.json');
    expect(rules.map((r) => r.id)).toEqual(['orders', 'express-handle', 'out:http', 'out.fetch', 'scoped', 'start']);

    const d = await onlyError('disabled-but-invalid');
    expect(d).toMatchObject({
      code: Code.RuleSchema,
      file: fx('bad', 'disabled-but-invalid.json'),
      line: 5,
      column: 44,
    });
  });

  it('loads a directory: its *.json files in name order, not recursive', async () => {
    const rules = await load('dir');
    expect(rules.map((r) => r.id)).toEqual(['dir-a', 'dir-b']);
    expect(rules[0]!.location.file).toBe(fx('dir', 'a.json'));
  });

  it('loads built-in rule sets by name', async () => {
    const rules = await load('instts:http', 'instts:fetch');
    expect(rules.map((r) => r.id)).toEqual(['instts:http', 'instts:fetch']);
    expect(rules[0]).toMatchObject({ type: 'call', calleeModule: 'http', calleeName: 'request', baseDir: BUILTIN });
  });

  it('instts:all is every built-in rule set at once', async () => {
    const rules = await load('instts:all');
    expect(rules.map((r) => r.id).sort()).toEqual(['instts:fetch', 'instts:http']);
  });

  it('loads a file named twice only once', async () => {
    const rules = await load('dir', 'dir/a.json');
    expect(rules.map((r) => r.id)).toEqual(['dir-a', 'dir-b']);
  });

  it('counts files and rules for `rules check`', async () => {
    expect(await checkRuleFiles(['good.json', 'dir'], FIX)).toEqual({ files: 3, rules: 9 });
  });
});

describe('rule file errors carry file, line and column', () => {
  it('malformed JSON: the position of the syntax error', async () => {
    const d = await onlyError('syntax');
    expect(d).toMatchObject({ code: Code.RuleSyntax, file: fx('bad', 'syntax.json'), line: 3, column: 17 });
    expect(d.message).toBe('invalid JSON: comma expected');
  });

  it('unknown field: the position of its key, with the allowed names', async () => {
    const d = await onlyError('unknown-field');
    expect(d).toMatchObject({ code: Code.RuleSchema, file: fx('bad', 'unknown-field.json'), line: 5, column: 18 });
    expect(d.message).toBe(
      "unknown property 'funcion' in rules[0].where (expected one of: module, version, file, class, function, kind, call, prelude); did you mean 'function'?",
    );
  });

  it('wrong type', async () => {
    const d = await onlyError('wrong-type');
    expect(d).toMatchObject({ code: Code.RuleSchema, line: 5, column: 30 });
    expect(d.message).toBe('rules[0].where.function: expected string, got number');
  });

  it('bad enum value', async () => {
    const d = await onlyError('bad-enum');
    expect(d).toMatchObject({ code: Code.RuleSchema, line: 5, column: 26 });
    expect(d.message).toBe(
      'rules[0].where.kind: expected one of "sync", "async", "callback", "generator", "any"; got "asnyc"',
    );
  });

  it('bad glob', async () => {
    const d = await onlyError('bad-glob');
    expect(d).toMatchObject({ code: Code.RuleGlob, file: fx('bad', 'bad-glob.json'), line: 5, column: 26 });
    expect(d.message).toContain("unclosed '['");
    expect(d.message).toContain('rules[0].where.file');
  });

  it('bad regular expression, with the engine message', async () => {
    const d = await onlyError('bad-regex');
    expect(d).toMatchObject({ code: Code.RuleRegex, line: 5, column: 30 });
    expect(d.message).toBe('rules[0].where.function: "/(unclosed/": invalid regular expression (Unterminated group)');
  });

  it('bad semver range', async () => {
    const d = await onlyError('bad-semver');
    expect(d).toMatchObject({ code: Code.RuleSemver, line: 5, column: 50 });
    expect(d.message).toBe('rules[0].where.version: "^^1": not a valid semver range');
  });

  it('version with the project module', async () => {
    const d = await onlyError('version-without-package');
    expect(d).toMatchObject({ code: Code.RuleSchema, line: 5, column: 18 });
    expect(d.message).toContain("'version' needs a package 'module'");
  });

  it('missing hook module', async () => {
    const d = await onlyError('missing-hook-module');
    expect(d).toMatchObject({
      code: Code.HookModuleMissing,
      file: fx('bad', 'missing-hook-module.json'),
      line: 6,
      column: 36,
    });
    expect(d.message).toContain('"../hooks/nope.ts" not found');
    expect(d.message).toContain(fx('hooks', 'nope.ts'));
  });

  it('missing hook export, listing the exports that exist', async () => {
    const d = await onlyError('missing-hook-export');
    expect(d).toMatchObject({ code: Code.HookExportMissing, line: 6, column: 68 });
    expect(d.message).toBe(
      `rules[0].do[0].hook.onEnter: hook module "../hooks/audit.ts" has no export 'begin' (it exports: default, enter, exit)`,
    );
  });

  it('a hook export that is not a function: located at the rule, naming where the export is and what it is', async () => {
    const d = await onlyError('hook-export-not-function');
    expect(d).toMatchObject({ code: Code.HookExportNotFunction, line: 6, column: 94 });
    expect(d.message).toBe(
      `rules[0].do[0].hook.onExit: hook module "../hooks/not-function.ts" exports 'exit' as an object at ${fx('hooks', 'not-function.ts')}:2:14; a hook must be a function`,
    );
  });

  it('hook with neither onEnter nor onExit', async () => {
    const d = await onlyError('hook-without-callbacks');
    expect(d).toMatchObject({ code: Code.RuleSchema, line: 6, column: 24 });
    expect(d.message).toContain("a hook needs 'onEnter', 'onExit' or both");
  });

  it('import action on a function rule', async () => {
    const d = await onlyError('import-on-function');
    expect(d).toMatchObject({ code: Code.RuleSchema, line: 6, column: 16 });
    expect(d.message).toContain("'import' actions belong to prelude rules");
  });

  it('hook action on a prelude rule', async () => {
    const d = await onlyError('hook-on-prelude');
    expect(d).toMatchObject({ code: Code.RuleSchema, line: 6, column: 16 });
    expect(d.message).toContain("a prelude rule takes only 'import' actions");
  });

  it('function selector on a call-site rule', async () => {
    const d = await onlyError('function-key-on-call');
    expect(d).toMatchObject({ code: Code.RuleSchema, line: 5, column: 42 });
    expect(d.message).toBe(
      "rules[0].where: 'function' applies to function rules; this is a call-site rule ('call' is set)",
    );
  });

  it('an action with two keys is one error, not a cascade', async () => {
    const d = await onlyError('two-keys-action');
    expect(d).toMatchObject({ code: Code.RuleSchema, line: 6, column: 14 });
    expect(d.message).toContain('an action has exactly one key, got 2 (hook, import)');
  });

  it('a callee that is not module.function', async () => {
    const d = await onlyError('bad-call');
    expect(d).toMatchObject({ code: Code.RuleSchema, line: 5, column: 26 });
    expect(d.message).toContain("'req-uest' is not a function name");
  });

  it('duplicate id across two files: reported at the second one', async () => {
    const diags = await errorsOf(() => load('dup/a.json', 'dup/b.json'));
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ code: Code.RuleDuplicateId, file: fx('dup', 'b.json'), line: 4, column: 13 });
    expect(diags[0]!.message).toBe(`duplicate rule id 'same': already used at ${fx('dup', 'a.json')}(4,13)`);
  });

  it('unknown instts: name lists the available ones', async () => {
    const diags = await errorsOf(() => load('instts:nope'));
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ code: Code.RuleFileMissing });
    expect(diags[0]!.message).toBe(
      "unknown built-in rule set 'instts:nope' (available: instts:all, instts:fetch, instts:http)",
    );
  });

  it('missing rule file', async () => {
    const diags = await errorsOf(() => load('nope.json'));
    expect(diags).toEqual([
      expect.objectContaining({
        code: Code.RuleFileMissing,
        file: fx('nope.json'),
        message: 'rule file not found: nope.json',
      }),
    ]);
  });

  it('reports every error of every file, in file order then position order', async () => {
    const diags = await errorsOf(() => load('bad/many.json', 'bad/syntax.json', 'instts:nope'));
    const brief = diags.map((d) => [d.code, d.file && path.relative(FIX, d.file), d.line, d.column]);
    expect(brief).toEqual([
      [Code.RuleFileMissing, undefined, undefined, undefined], // sources are expanded first
      [Code.RuleRegex, 'bad/many.json', 5, 27],
      [Code.RuleSchema, 'bad/many.json', 5, 42],
      [Code.RuleSchema, 'bad/many.json', 6, 13],
      [Code.RuleSchema, 'bad/many.json', 9, 13],
      [Code.RuleGlob, 'bad/many.json', 10, 43],
      [Code.HookExportMissing, 'bad/many.json', 11, 90],
      [Code.RuleSchema, 'bad/many.json', 12, 7],
      [Code.RuleSyntax, 'bad/syntax.json', 3, 17],
    ]);
    expect(diags[2]!.message).toBe('rules[0].where.kind: expected string, got number');
    expect(diags[3]!.message).toBe('rules[0].do: a rule needs at least one action');
    expect(diags[4]!.message).toContain('rules[1].id: a rule id may contain only letters');
    expect(diags[5]!.message).toContain("'..' segments");
    expect(diags[6]!.message).toContain("has no export 'missing' (it exports: after, before)");
    expect(diags[7]!.message).toBe(
      "unknown property 'extra' in rules[1] (expected one of: id, description, enabled, where, do)",
    );
    // the thrown error prints like tsc
    const err = await load('bad/bad-enum.json').then(
      () => undefined,
      (e: unknown) => e as InsttsError,
    );
    expect(err?.message).toMatch(/bad-enum\.json\(5,26\): error INSTTS1002: rules\[0\]\.where\.kind: expected one of/);
  });
});

describe('rule text edge cases', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'instts-rules-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(tmp, name);
    writeFileSync(file, text);
    return file;
  };

  it('an action option the schema rejects is reported once, by the schema', async () => {
    const file = write(
      'action-options.json',
      [
        '{ "rules": [',
        '  { "id": "g", "where": { "function": "f" }, "do": [{ "govern": { "adapter": "bogus", "resource": 5 } }] },',
        '  { "id": "t", "where": { "function": "f" }, "do": [{ "trace": { "kind": "bogus", "attributes": 5 } }] },',
        '  { "id": "n", "where": { "function": "f" }, "do": [{ "trace": { "name": "{args[0" } }] }',
        '] }',
      ].join('\n'),
    );
    const diags = await errorsOf(() => loadRules([file], opts));
    expect(diags.map((d) => [d.code, d.line, d.message])).toEqual([
      [Code.RuleSchema, 2, 'rules[0].do[0].govern.adapter: expected one of "function", "http"; got "bogus"'],
      [Code.RuleSchema, 2, 'rules[0].do[0].govern.resource: expected string, got number'],
      [
        Code.RuleSchema,
        3,
        'rules[1].do[0].trace.kind: expected one of "internal", "server", "client", "producer", "consumer"; got "bogus"',
      ],
      [Code.RuleSchema, 3, 'rules[1].do[0].trace.attributes: expected object, got number'],
      // what only the action's own check can tell (a template that does not parse) is still reported
      [Code.RuleAction, 4, "rules[2].do[0].trace.name: unclosed '{' (write '{{' for a literal brace)"],
    ]);
  });

  it('rejects trailing commas, at the comma', async () => {
    const file = write('trailing.json', '{ "rules": [],\n}');
    const diags = await errorsOf(() => loadRules([file], opts));
    expect(diags[0]).toMatchObject({
      code: Code.RuleSyntax,
      line: 2,
      column: 1,
      message: 'invalid JSON: property name expected',
    });
  });

  it('reports a duplicate key', async () => {
    const file = write('dupkey.json', '{ "rules": [],\n  "rules": [] }');
    const diags = await errorsOf(() => loadRules([file], opts));
    expect(diags).toEqual([
      expect.objectContaining({
        code: Code.RuleSchema,
        line: 2,
        column: 3,
        message: "duplicate property 'rules' in the rule file",
      }),
    ]);
  });

  it('does not count a byte order mark as a column, and handles CRLF', async () => {
    const file = write('bom.json', '\ufeff{\r\n  "rulez": []\r\n}');
    const diags = await errorsOf(() => loadRules([file], opts));
    expect(diags.map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 1, "missing required property 'rules' in the rule file"],
      [2, 3, "unknown property 'rulez' in the rule file (expected one of: $schema, rules); did you mean 'rules'?"],
    ]);
  });

  it('resolves a package hook module from the rule file directory', async () => {
    const pkgDir = path.join(tmp, 'node_modules', 'hookpkg');
    mkdirSync(path.join(pkgDir, 'lib'), { recursive: true });
    writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ name: 'hookpkg', main: 'lib/main.js' }));
    writeFileSync(path.join(pkgDir, 'lib', 'main.js'), 'exports.enter = () => {};\n');
    const file = write(
      'pkg.json',
      JSON.stringify(
        {
          rules: [
            { id: 'p', where: {}, do: [{ hook: { module: 'hookpkg', onEnter: 'enter' } }] },
            { id: 'q', where: {}, do: [{ hook: { module: 'hookpkg', onExit: 'leave' } }] },
            { id: 'r', where: {}, do: [{ hook: { module: 'no-such-hookpkg', onExit: 'leave' } }] },
          ],
        },
        null,
        2,
      ),
    );
    const diags = await errorsOf(() => loadRules([file], opts));
    expect(diags.map((d) => [d.code, d.line, d.column])).toEqual([
      [Code.HookExportMissing, 22, 23],
      [Code.HookModuleMissing, 33, 23],
    ]);
    expect(diags[0]!.message).toContain("has no export 'leave' (it exports: enter)");
    expect(diags[1]!.message).toContain('"no-such-hookpkg" not found: no such package');
    const ok = write(
      'pkg-ok.json',
      JSON.stringify({ rules: [{ id: 'p', where: {}, do: [{ hook: { module: 'hookpkg', onEnter: 'enter' } }] }] }),
    );
    const [rule] = await loadRules([ok], opts);
    expect(rule!.hooks).toEqual([{ module: path.join(pkgDir, 'lib', 'main.js'), onEnter: 'enter' }]);
  });

  it('an empty file is a syntax error', async () => {
    const file = write('empty.json', '');
    const diags = await errorsOf(() => loadRules([file], opts));
    expect(diags).toEqual([expect.objectContaining({ code: Code.RuleSyntax, line: 1, column: 1 })]);
  });

  it('an empty directory loads no rules', async () => {
    const empty = path.join(tmp, 'empty-dir');
    mkdirSync(empty);
    expect(await loadRules([empty], opts)).toEqual([]);
  });
});

describe('inline rules (configuration files)', () => {
  const configFile = fx('instts.config.json');
  const text = [
    '{',
    '  "entry": ["src/main.ts"],',
    '  "instrument": {',
    '    "rules": [',
    '      { "id": "inline", "where": { "kind": "bad" }, "do": [{ "hook": { "module": "./hooks/audit.ts", "onEnter": "enter" } }] }',
    '    ]',
    '  }',
    '}',
  ].join('\n');
  const config = JSON.parse(text) as { instrument: { rules: unknown[] } };

  it('compiles valid inline rules relative to the config directory', () => {
    const specs = [
      {
        id: 'inline-ok',
        where: { function: 'handle' },
        do: [{ hook: { module: './hooks/audit.ts', onEnter: 'enter' } }],
      },
    ];
    const [rule] = compileRuleSpecs(specs, { file: configFile, baseDir: FIX });
    expect(rule).toMatchObject({
      id: 'inline-ok',
      type: 'function',
      location: { file: configFile, line: 1, column: 1 },
    });
    expect(rule!.hooks[0]!.module).toBe(fx('hooks', 'audit.ts'));
  });

  it('points into the config text when it is given', async () => {
    const diags = await errorsOf(() =>
      compileRuleSpecs(config.instrument.rules, {
        file: configFile,
        baseDir: FIX,
        text,
        path: ['instrument', 'rules'],
      }),
    );
    expect(diags).toEqual([
      expect.objectContaining({
        code: Code.RuleSchema,
        file: configFile,
        line: 5,
        column: 44,
        message:
          'instrument.rules[0].where.kind: expected one of "sync", "async", "callback", "generator", "any"; got "bad"',
      }),
    ]);
  });

  it('falls back to line 1 column 1 without text, still naming the JSON path', async () => {
    const diags = await errorsOf(() => compileRuleSpecs(config.instrument.rules, { file: configFile, baseDir: FIX }));
    expect(diags).toEqual([
      expect.objectContaining({
        line: 1,
        column: 1,
        message: expect.stringMatching(/^rules\[0\]\.where\.kind: expected one of/),
      }),
    ]);
  });

  it('one message per mistake in cross-field checks', async () => {
    const hook = { hook: { module: './hooks/audit.ts', onEnter: 'enter' } };
    const diags = await errorsOf(() =>
      compileRuleSpecs(
        [
          { id: 'a', where: { call: 'fetch', prelude: true }, do: [hook] },
          { id: 'b', where: { file: '' }, do: [hook] },
          { id: 'c', where: { prelude: true, file: 'src/*.ts' }, do: [{ import: './start.ts' }] },
          { id: 'd', where: { prelude: false }, do: [hook] },
        ],
        { file: configFile, baseDir: FIX },
      ),
    );
    expect(diags.map((d) => d.message)).toEqual([
      "rules[0].where: 'prelude' cannot be used with 'call' (a rule is either a call-site rule or a prelude rule)",
      'rules[1].where.file: must not be empty',
      "rules[2].where: 'file' cannot be used with 'prelude' (a prelude rule applies to the entry points)",
      'rules[3].where.prelude: expected true, got false',
      "rules[3].do[0]: a prelude rule takes only 'import' actions; 'hook' applies to function and call-site rules",
    ]);
  });

  it('checks ids across rule files and inline rules', async () => {
    const diags = await errorsOf(() =>
      loadRules(['dup/a.json'], {
        ...opts,
        inline: [
          {
            specs: [{ id: 'same', where: {}, do: [{ hook: { module: './hooks/audit.ts', onExit: 'exit' } }] }],
            origin: { file: configFile, baseDir: FIX },
          },
        ],
      }),
    );
    expect(diags).toEqual([expect.objectContaining({ code: Code.RuleDuplicateId, file: configFile })]);
  });
});

describe('compileNameMatcher', () => {
  it('plain names are exact', () => {
    const m = compileNameMatcher('handle');
    expect(m).toMatchObject({ source: 'handle', exact: true, any: false, literal: 'handle' });
    expect(m.test('handle')).toBe(true);
    expect(m.test('handler')).toBe(false);
    expect(compileNameMatcher('#secret')).toMatchObject({ exact: true, literal: '#secret' });
    expect(compileNameMatcher('$init')).toMatchObject({ exact: true, literal: '$init' });
  });

  it('[Symbol.iterator] is a name, not a character class', () => {
    const m = compileNameMatcher('[Symbol.iterator]');
    expect(m).toMatchObject({ exact: true, literal: 'Symbol.iterator' });
    expect(m.test('[Symbol.iterator]')).toBe(true);
    expect(m.test('S')).toBe(false);
  });

  it('* matches every name', () => {
    const m = compileNameMatcher('*');
    expect(m).toMatchObject({ any: true, exact: false });
    expect(m.literal).toBeUndefined();
    for (const n of ['[Symbol.iterator]', '#private', 'default', '', '.x', 'a/b']) expect(m.test(n)).toBe(true);
  });

  it('globs', () => {
    const braces = compileNameMatcher('{create,update}Order');
    expect(braces).toMatchObject({ exact: false, any: false, literal: 'Order' });
    expect(braces.test('createOrder')).toBe(true);
    expect(braces.test('deleteOrder')).toBe(false);
    expect(compileNameMatcher('*Service').literal).toBe('Service');
    expect(compileNameMatcher('?et*Value').literal).toBe('Value');
    expect(compileNameMatcher('{a,b}').literal).toBeUndefined();
    expect(compileNameMatcher('get[A-Z]*').test('getX')).toBe(true);
    expect(compileNameMatcher('get[A-Z]*').test('getx')).toBe(false);
    expect(compileNameMatcher('#*').test('#private')).toBe(true);
    expect(compileNameMatcher('!x').exact).toBe(true); // no negation in name selectors
  });

  it('regular expressions', () => {
    const m = compileNameMatcher('/^get[A-Z]/');
    expect(m).toMatchObject({ exact: false, any: false });
    expect(m.literal).toBeUndefined();
    expect(m.test('getX')).toBe(true);
    expect(m.test('getx')).toBe(false);
    const g = compileNameMatcher('/a/g'); // g would make test() stateful
    expect([g.test('a'), g.test('a')]).toEqual([true, true]);
    expect(compileNameMatcher('/A/i').test('a')).toBe(true);
  });

  it('throws NameSelectorError for bad selectors', () => {
    const fail = (s: string) => {
      try {
        compileNameMatcher(s);
      } catch (e) {
        expect(e).toBeInstanceOf(NameSelectorError);
        return (e as NameSelectorError).kind;
      }
      return 'ok';
    };
    expect(fail('/(/')).toBe('regex');
    expect(fail('/a/q')).toBe('regex');
    expect(fail('/abc')).toBe('regex');
    expect(fail('get[')).toBe('glob');
    expect(fail('{a,b')).toBe('glob');
    expect(fail('a}')).toBe('glob');
    expect(fail('[z-a]')).toBe('glob');
  });
});

describe('file globs', () => {
  it('validates', () => {
    expect(fileGlobProblem('src/**/*.ts')).toBeUndefined();
    expect(fileGlobProblem('src/[ab].ts')).toBeUndefined();
    expect(fileGlobProblem('src/\\[x.ts')).toBeUndefined();
    expect(fileGlobProblem('')).toMatch(/empty/);
    expect(fileGlobProblem('/abs/*.ts')).toMatch(/absolute/);
    expect(fileGlobProblem('C:/x/*.ts')).toMatch(/absolute/);
    expect(fileGlobProblem('src/../x.ts')).toMatch(/'\.\.'/);
    expect(fileGlobProblem('src/*.{ts,tsx')).toMatch(/unclosed '\{'/);
    expect(fileGlobProblem('src/[abc.ts')).toMatch(/unclosed '\['/);
    expect(fileGlobProblem('src/+(a|b.ts')).toMatch(/unclosed '\('/);
    expect(fileGlobProblem('#comment')).toMatch(/invalid glob/);
  });

  it('matches module-relative paths, dot files included', () => {
    const m = compileFileGlob('./src/**/*.{ts,tsx}');
    expect(m('src/a.ts')).toBe(true);
    expect(m('./src/x/.b.tsx')).toBe(true);
    expect(m('src\\win\\c.ts')).toBe(true);
    expect(m('test/a.ts')).toBe(false);
    expect(compileFileGlob(undefined)('whatever')).toBe(true);
  });
});

describe('splitCallee', () => {
  it('splits at the last dot and drops node:', () => {
    expect(splitCallee('fetch')).toEqual({ name: 'fetch' });
    expect(splitCallee('http.request')).toEqual({ module: 'http', name: 'request' });
    expect(splitCallee('node:https.get')).toEqual({ module: 'https', name: 'get' });
    expect(splitCallee('undici.request')).toEqual({ module: 'undici', name: 'request' });
    expect(splitCallee('@scope/pkg.fn')).toEqual({ module: '@scope/pkg', name: 'fn' });
    expect(splitCallee('lodash.get.x')).toEqual({ module: 'lodash.get', name: 'x' });
  });
});

describe('listExports', () => {
  const names = (text: string, file = 'm.ts') => {
    const r = listExportsOfText(file, text);
    return { names: [...r.names].sort(), open: r.open };
  };

  it('ES module declarations', () => {
    expect(
      names(`
        export function a() {}
        export async function b() {}
        export const c = 1, { d, e: [f] } = obj;
        export let g; export var h;
        export class I {}
        export enum J { x }
        export interface NotAValue {}
        export type AlsoNot = 1;
        export declare function ambient(): void;
        function k() {}
        export { k, k as l, k as "m-n" };
        export { type T, o } from './o.js';
        export type { U } from './u.js';
        export * as ns from './ns.js';
        export default k;
      `),
    ).toEqual({
      names: ['I', 'J', 'a', 'b', 'c', 'd', 'default', 'f', 'g', 'h', 'k', 'l', 'm-n', 'ns', 'o'],
      open: false,
    });
    expect(names('export default function () {}')).toEqual({ names: ['default'], open: false });
    expect(names('export default class {}')).toEqual({ names: ['default'], open: false });
    expect(names('export * from "./x.js"; export const a = 1;')).toEqual({ names: ['a'], open: true });
    expect(names('const x = 1;')).toEqual({ names: [], open: false });
  });

  it('CommonJS', () => {
    expect(
      names(`exports.a = 1; module.exports.b = 2; exports['c'] = 3; exports.d = exports.e = void 0;`, 'm.cjs'),
    ).toEqual({
      names: ['a', 'b', 'c', 'd', 'e'],
      open: false,
    });
    expect(names(`module.exports = { a, b: 1, c() {}, 'd': 2 };`, 'm.js')).toEqual({
      names: ['a', 'b', 'c', 'd'],
      open: false,
    });
    expect(names(`module.exports = { a, ...rest };`, 'm.js').open).toBe(true);
    expect(names(`module.exports = makeHooks();`, 'm.js').open).toBe(true);
    expect(names(`module.exports = function () {};`, 'm.js').open).toBe(true);
    expect(names(`Object.defineProperty(exports, "a", { get: () => x });`, 'm.js').names).toEqual(['a']);
    expect(names(`__exportStar(require("./x"), exports);`, 'm.js').open).toBe(true);
    expect(names(`(function (root, factory) { factory(exports); })(this, function (e) {});`, 'm.js').open).toBe(true);
  });

  it('reads files', () => {
    expect([...listExports(fx('hooks', 'legacy.cjs')).names].sort()).toEqual(['after', 'before']);
    expect(listExports(fx('hooks', 'reexport.ts')).open).toBe(true);
  });
});

describe('module "*": every file the build loads', () => {
  const configFile = path.join(FIX, 'instts.config.json');
  const hook = { hook: { module: './hooks/audit.ts', onEnter: 'enter' } };

  it('compiles, and applies to the project and to every package', async () => {
    const [rule] = compileRuleSpecs([{ id: 'all', where: { module: '*', call: 'http.request' }, do: [hook] }], {
      file: configFile,
      baseDir: FIX,
    });
    expect(rule).toMatchObject({ id: 'all', type: 'call', module: '*' });
    const { rulesForModule } = await import('../src/front/index.js');
    const anyVersion = () => true;
    expect(rulesForModule([rule!], { module: '.', version: undefined, relativePath: 'src/a.ts' }, anyVersion)).toEqual([
      rule,
    ]);
    expect(
      rulesForModule([rule!], { module: 'axios', version: '1.7.0', relativePath: 'lib/adapters/http.js' }, anyVersion),
    ).toEqual([rule]);
  });

  it('takes no version range', async () => {
    const diags = await errorsOf(() =>
      compileRuleSpecs([{ id: 'v', where: { module: '*', version: '^1', function: 'f' }, do: [hook] }], {
        file: configFile,
        baseDir: FIX,
      }),
    );
    expect(diags).toEqual([
      expect.objectContaining({
        code: Code.RuleSchema,
        message: expect.stringContaining(`'version' needs a package 'module'; module "*" is every module`),
      }),
    ]);
  });
});
