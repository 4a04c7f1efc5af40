// The rule-file phase: read rule files (JSON with comments), validate them against
// schema/rules.schema.json, check what the schema cannot (globs, regular expressions, semver
// ranges, hook modules and their exports, which actions fit which join point), and compile
// every rule into the matchers the front end uses. Every problem becomes a diagnostic with the
// file, line and column of the offending value; all of them are reported together.

import { readFileSync, statSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import * as jsonc from 'jsonc-parser';
import semver from 'semver';
import { Code, diag, InsttsError, type InsttsDiagnostic } from '../diagnostics.js';
import { closest } from '../runtime/validate.js';
import { SOURCE_EXTENSIONS } from '../script-kind.js';
import { compileFileGlob, fileGlobProblem, normalizeFileGlob } from './file-glob.js';
import { compileGovernAction, compileTraceAction, type ActionProblem } from './actions.js';
import { listExports, type ModuleExports } from './hook-exports.js';
import { IDENTIFIER, NPM_NAME } from './identifiers.js';
import { ruleKindOfWhere, type ActionKey, type RuleKind } from './kinds/index.js';
import type { CompiledRule, ResolvedHook, SourceLocation } from './types.js';

export { splitCallee } from './kinds/index.js';

/** The rule files shipped with instts, named `instts:NAME` in configurations and on the command line. */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

/**
 * The built-in instrumentations, one folder each (`src/instrumentations/<name>/`), as the build
 * leaves them: `rules.json` next to the compiled hooks it names. Read from `dist/` in both the
 * compiled package and the tests, because the rules name compiled hook modules.
 */
export const INSTRUMENTATIONS_DIR = fileURLToPath(new URL('../../dist/instrumentations/', import.meta.url));

/**
 * A rule from a built-in rule set (`instts:http`). Such a set covers many frameworks and versions:
 * most of its rules match nothing in any one program, which is no reason to warn.
 */
export function isBuiltinRule(rule: { location: { file: string } }): boolean {
  return rule.location.file.startsWith(BUILTIN_RULES_DIR) || rule.location.file.startsWith(INSTRUMENTATIONS_DIR);
}

/** `instts:all`: every built-in rule set at once. */
const ALL_SETS = 'all';

/**
 * The built-in rule sets: `sets.json` in the instrumentations folder names the instrumentations
 * each set is made of; a `rules/NAME.json` file is a set of its own. Set name → rule files.
 */
export function builtinRuleSets(builtinDir = BUILTIN_RULES_DIR): Map<string, string[]> {
  // Another folder of rule files (tests) replaces the package's sets, instrumentations included.
  const instrumentationsDir = builtinDir === BUILTIN_RULES_DIR ? INSTRUMENTATIONS_DIR : undefined;
  const sets = new Map<string, string[]>();
  const add = (name: string, file: string): void => {
    const files = sets.get(name) ?? [];
    if (!files.includes(file)) files.push(file);
    sets.set(name, files);
  };
  let composed: Record<string, string[]> = {};
  try {
    if (instrumentationsDir !== undefined) {
      composed = JSON.parse(readFileSync(path.join(instrumentationsDir, 'sets.json'), 'utf8')) as Record<
        string,
        string[]
      >;
    }
  } catch {
    // not built yet: only rules/*.json
  }
  for (const [name, instrumentations] of Object.entries(composed)) {
    if (name.startsWith('$')) continue;
    for (const lib of instrumentations) add(name, path.join(instrumentationsDir!, lib, 'rules.json'));
  }
  for (const file of listJsonFiles(builtinDir)) add(path.basename(file, '.json'), file);
  for (const [name, files] of [...sets]) if (name !== ALL_SETS) for (const file of files) add(ALL_SETS, file);
  return sets;
}

const SCHEMA_FILE = fileURLToPath(new URL('../../schema/rules.schema.json', import.meta.url));

/** Where rules written outside a rule file (inline in a configuration file) come from. */
export interface RuleOrigin {
  /** The file the rules are written in; diagnostics point into it. */
  file: string;
  /** Directory relative hook and import paths are resolved from. */
  baseDir: string;
  /** Text of `file` when it is JSON: diagnostics then carry the exact line and column. */
  text?: string;
  /**
   * JSON path of the rules inside `file`, used in messages and to find positions in `text`.
   * Default: `["rules"]` when the specs are an array of rules, `[]` when they are a whole rule
   * file object (`{ "rules": [...] }`).
   */
  path?: Array<string | number>;
}

export interface LoadRulesOptions {
  /** Directory relative sources are resolved from. */
  cwd: string;
  /**
   * Directory of the built-in rule files (`instts:NAME` → `<builtinDir>/NAME.json`); default: the
   * package's `rules/` plus its instrumentations. Another folder replaces the package's sets.
   */
  builtinDir?: string;
  /** Rules written inline in a configuration file, compiled after the rule files (ids are unique across both). */
  inline?: Array<{ specs: unknown; origin: RuleOrigin }>;
}

/**
 * Loads, validates and compiles rules. Each source is a rule file, a directory (its `*.json`
 * files in name order, not recursive) or `instts:NAME`. Rules with `enabled: false` are
 * validated and then left out. Throws one InsttsError holding every problem found.
 */
export async function loadRules(sources: string[], opts: LoadRulesOptions): Promise<CompiledRule[]> {
  const ctx = new CompileContext();
  await compileSources(ctx, sources, opts.cwd, opts.builtinDir ?? BUILTIN_RULES_DIR);
  for (const { specs, origin } of opts.inline ?? []) compileSpecs(ctx, specs, origin);
  ctx.throwIfErrors();
  return ctx.enabledRules();
}

/**
 * Validates and compiles rules written inline in a configuration file: an array of rules, or
 * an object shaped like a rule file. Throws one InsttsError holding every problem found.
 */
export function compileRuleSpecs(
  specs: unknown,
  origin: { file: string; baseDir: string; text?: string; path?: Array<string | number> },
): CompiledRule[] {
  const ctx = new CompileContext();
  compileSpecs(ctx, specs, origin);
  ctx.throwIfErrors();
  return ctx.enabledRules();
}

/**
 * `instts rules check`: validates rule files (or directories, or `instts:NAME`) and reports
 * how many files and rules (disabled ones included) were checked. Throws InsttsError.
 */
export async function checkRuleFiles(paths: string[], cwd: string): Promise<{ files: number; rules: number }> {
  const ctx = new CompileContext();
  await compileSources(ctx, paths, cwd, BUILTIN_RULES_DIR);
  ctx.throwIfErrors();
  return { files: ctx.files, rules: ctx.rules.length };
}

// ---------------------------------------------------------------------------------------------
// Sources

async function compileSources(ctx: CompileContext, sources: string[], cwd: string, builtinDir: string): Promise<void> {
  const files: string[] = [];
  for (const source of sources) {
    for (const file of expandSource(ctx, source, cwd, builtinDir)) {
      if (!files.includes(file)) files.push(file);
    }
  }
  const texts = await Promise.all(
    files.map((file) =>
      readFile(file, 'utf8').then(
        (text) => ({ file, text }),
        (err: NodeJS.ErrnoException) => ({ file, error: err }),
      ),
    ),
  );
  for (const entry of texts) {
    if ('error' in entry) {
      ctx.report(diag(Code.RuleFileMissing, `cannot read rule file: ${entry.error.message}`, { file: entry.file }));
      continue;
    }
    ctx.files++;
    compileText(ctx, entry.file, entry.text);
  }
}

const BUILTIN_PREFIX = 'instts:';

function expandSource(ctx: CompileContext, source: string, cwd: string, builtinDir: string): string[] {
  if (source.startsWith(BUILTIN_PREFIX)) {
    const name = source.slice(BUILTIN_PREFIX.length);
    const sets = builtinRuleSets(builtinDir);
    const files = sets.get(name);
    if (files === undefined) {
      const available = [...sets.keys()].sort();
      const list = available.length ? available.map((n) => BUILTIN_PREFIX + n).join(', ') : 'none';
      ctx.report(diag(Code.RuleFileMissing, `unknown built-in rule set '${source}' (available: ${list})`));
      return [];
    }
    return files;
  }
  const abs = path.resolve(cwd, source);
  const stat = statSync(abs, { throwIfNoEntry: false });
  if (!stat) {
    ctx.report(diag(Code.RuleFileMissing, `rule file not found: ${source}`, { file: abs }));
    return [];
  }
  return stat.isDirectory() ? listJsonFiles(abs) : [abs];
}

/** `*.json` files directly in `dir`, sorted by name (code-unit order, the same everywhere). */
function listJsonFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .filter((name) => name.endsWith('.json') && statSync(path.join(dir, name), { throwIfNoEntry: false })?.isFile())
    .sort()
    .map((name) => path.join(dir, name));
}

// ---------------------------------------------------------------------------------------------
// Documents: a parsed rule file, or rules inline in a configuration file

type JsonPath = Array<string | number>;

class Doc {
  readonly diagnostics: InsttsDiagnostic[] = [];
  /** Index of the rule each diagnostic is about (-1: the file itself), to order them when positions tie. */
  readonly ruleIndex = new Map<InsttsDiagnostic, number>();
  private lineStarts: number[] | undefined;
  /** The paths (inside the validated value) that have an error already. */
  private readonly errorPaths = new Set<string>();

  constructor(
    readonly file: string,
    readonly baseDir: string,
    /** Where the validated value sits in the document. */
    readonly prefix: JsonPath,
    /** True when the value is a bare rules array, validated as `{ rules: value }`. */
    readonly wrapped: boolean,
    readonly text?: string,
    readonly root?: jsonc.Node,
  ) {}

  /** Document path of a path inside the validated value. */
  docPath(inner: JsonPath): JsonPath {
    return this.wrapped ? [...this.prefix, ...inner.slice(1)] : [...this.prefix, ...inner];
  }

  /** Printed form of a path inside the validated value: `rules[0].where.function`. */
  name(inner: JsonPath): string {
    return formatPath(this.docPath(inner));
  }

  /** Position of the value at `inner` (or of its key), falling back to the nearest ancestor. */
  locate(inner: JsonPath, key = false): SourceLocation {
    if (!this.root || this.text === undefined) return { file: this.file, line: 1, column: 1 };
    let docPath = this.docPath(inner);
    let node = jsonc.findNodeAtLocation(this.root, docPath);
    while (!node && docPath.length > 0) {
      docPath = docPath.slice(0, -1);
      node = jsonc.findNodeAtLocation(this.root, docPath);
      key = false;
    }
    node ??= this.root;
    if (key && node.parent?.type === 'property' && node.parent.children?.[0]) node = node.parent.children[0];
    return this.position(node.offset);
  }

  private offsetOf(inner: JsonPath): number | undefined {
    return this.root ? jsonc.findNodeAtLocation(this.root, this.docPath(inner))?.offset : undefined;
  }

  position(offset: number): SourceLocation {
    const starts = (this.lineStarts ??= computeLineStarts(this.text ?? ''));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** An error was reported at this path (a second check of the same value then says nothing). */
  hasErrorAt(inner: JsonPath): boolean {
    return this.errorPaths.has(JSON.stringify(inner));
  }

  /** `offset`: a position inside the string value at `inner` (after its opening quote). */
  error(code: number, message: string, inner: JsonPath, key = false, offset?: number): void {
    const { line } = this.locate(inner, key);
    let { column } = this.locate(inner, key);
    if (offset !== undefined && this.text !== undefined && this.text[this.offsetOf(inner) ?? -1] === '"')
      column += 1 + offset;
    const d = diag(code, message, { file: this.file, line, column });
    this.diagnostics.push(d);
    this.errorPaths.add(JSON.stringify(inner));
    this.ruleIndex.set(d, inner[0] === 'rules' && typeof inner[1] === 'number' ? inner[1] : -1);
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

export function formatPath(p: JsonPath): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || '(root)';
}

// ---------------------------------------------------------------------------------------------
// Compilation context, shared by all documents of one load

interface CompiledEntry {
  rule: CompiledRule;
  enabled: boolean;
}

class CompileContext {
  readonly diagnostics: InsttsDiagnostic[] = [];
  readonly rules: CompiledEntry[] = [];
  /** Rule ids seen so far (disabled rules included), with where they are written. */
  readonly ids = new Map<string, SourceLocation>();
  readonly exportsCache = new Map<string, ModuleExports | Error>();
  files = 0;

  report(d: InsttsDiagnostic): void {
    this.diagnostics.push(d);
  }

  /** Diagnostics of a document, in the order they appear in it (rule by rule when it has no text). */
  finish(doc: Doc): void {
    const rule = (d: InsttsDiagnostic) => doc.ruleIndex.get(d) ?? -1;
    const sorted = doc.diagnostics
      .map((d, i) => ({ d, i }))
      .sort(
        (a, b) =>
          (a.d.line ?? 0) - (b.d.line ?? 0) ||
          (a.d.column ?? 0) - (b.d.column ?? 0) ||
          rule(a.d) - rule(b.d) ||
          a.i - b.i,
      )
      .map((x) => x.d);
    this.diagnostics.push(...sorted);
  }

  throwIfErrors(): void {
    if (this.diagnostics.some((d) => d.category === 'error')) throw new InsttsError(this.diagnostics);
  }

  enabledRules(): CompiledRule[] {
    return this.rules.filter((r) => r.enabled).map((r) => r.rule);
  }

  moduleExports(file: string): ModuleExports | Error {
    let result = this.exportsCache.get(file);
    if (!result) {
      try {
        result = listExports(file);
      } catch (err) {
        result = err as Error;
      }
      this.exportsCache.set(file, result);
    }
    return result;
  }
}

function compileText(ctx: CompileContext, file: string, rawText: string): void {
  // A byte order mark is not part of the document: editors do not count it as a column.
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const errors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  const doc = new Doc(file, path.dirname(file), [], false, text, root);
  if (errors.length > 0 || !root) {
    // The parser recovers and reports follow-on errors; the first one is the real mistake.
    const first = errors[0];
    const offset = first?.offset ?? 0;
    const what = first ? describeParseError(first.error) : 'value expected';
    const loc = doc.position(offset);
    doc.diagnostics.push(diag(Code.RuleSyntax, `invalid JSON: ${what}`, { file, line: loc.line, column: loc.column }));
    ctx.finish(doc);
    return;
  }
  checkDuplicateKeys(doc, root);
  compileDoc(ctx, doc, jsonc.getNodeValue(root));
  ctx.finish(doc);
}

function compileSpecs(ctx: CompileContext, specs: unknown, origin: RuleOrigin): void {
  const wrapped = Array.isArray(specs);
  const prefix = origin.path ?? (wrapped ? ['rules'] : []);
  let root: jsonc.Node | undefined;
  let text = origin.text;
  if (text !== undefined) {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    root = jsonc.parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  }
  const doc = new Doc(origin.file, origin.baseDir, prefix, wrapped, text, root);
  compileDoc(ctx, doc, wrapped ? { rules: specs } : specs);
  ctx.finish(doc);
}

function describeParseError(code: jsonc.ParseErrorCode): string {
  return jsonc
    .printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** JSON.parse keeps the last of two equal keys silently; a rule file with both is a mistake. */
function checkDuplicateKeys(doc: Doc, node: jsonc.Node): void {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const prop of node.children ?? []) {
      const keyNode = prop.children?.[0];
      if (!keyNode) continue;
      const key = String(keyNode.value);
      if (seen.has(key)) {
        const where = formatPath(jsonc.getNodePath(prop).slice(0, -1));
        const loc = doc.position(keyNode.offset);
        doc.diagnostics.push(
          diag(Code.RuleSchema, `duplicate property '${key}' in ${where === '(root)' ? 'the rule file' : where}`, {
            file: doc.file,
            line: loc.line,
            column: loc.column,
          }),
        );
      }
      seen.add(key);
    }
  }
  for (const child of node.children ?? []) checkDuplicateKeys(doc, child);
}

// ---------------------------------------------------------------------------------------------
// Schema validation

let validator: ValidateFunction | undefined;

function getValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    // Editor-facing annotation (VS Code shows it for pattern mismatches); the messages below use it too.
    ajv.addVocabulary(['patternErrorMessage']);
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
  }
  return validator;
}

/** Reads a JSON pointer (`/rules/0/where`) as a path into `value`: array indexes become numbers. */
function pointerToPath(pointer: string, value: unknown): JsonPath {
  const out: JsonPath = [];
  if (!pointer) return out;
  let cur: unknown = value;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function quoteList(names: string[]): string {
  return names.join(', ');
}

function schemaErrors(doc: Doc, value: unknown): void {
  const validate = getValidator();
  if (validate(value)) return;
  const errors = validate.errors ?? [];
  // A value of the wrong type fails its other keywords too (enum, const): the type says it all.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const seen = new Set<string>();
  for (const err of errors) {
    if (err.keyword !== 'type' && wrongType.has(err.instancePath)) continue;
    const at = pointerToPath(err.instancePath, value);
    const signature = `${err.instancePath}|${err.keyword}|${JSON.stringify(err.params)}`;
    if (seen.has(signature)) continue;
    seen.add(signature);
    translateSchemaError(doc, err, at);
  }
}

function translateSchemaError(doc: Doc, err: ErrorObject, at: JsonPath): void {
  const where = doc.name(at);
  const parent = (err.parentSchema ?? {}) as Record<string, unknown>;
  const isAction = err.schemaPath.startsWith('#/definitions/action/');
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties ?? {}) as object);
      const what = isAction ? 'action' : 'property';
      const container = at.length === 0 && !doc.wrapped && doc.prefix.length === 0 ? 'the rule file' : where;
      let message = `unknown ${what} '${prop}' in ${container} (expected one of: ${quoteList(allowed)})`;
      const guess = closest(prop, allowed);
      if (guess) message += `; did you mean '${guess}'?`;
      doc.error(Code.RuleSchema, message, [...at, prop], true);
      return;
    }
    case 'required': {
      const prop = String(params.missingProperty);
      const container = at.length === 0 && !doc.wrapped && doc.prefix.length === 0 ? 'the rule file' : where;
      doc.error(Code.RuleSchema, `missing required property '${prop}' in ${container}`, at);
      return;
    }
    case 'type': {
      const expected = Array.isArray(params.type) ? params.type.join(' or ') : String(params.type);
      doc.error(Code.RuleSchema, `${where}: expected ${expected}, got ${jsonType(err.data)}`, at);
      return;
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      doc.error(
        Code.RuleSchema,
        `${where}: expected one of ${quoteList(allowed)}; got ${JSON.stringify(err.data)}`,
        at,
      );
      return;
    }
    case 'const':
      doc.error(
        Code.RuleSchema,
        `${where}: expected ${JSON.stringify(params.allowedValue)}, got ${JSON.stringify(err.data)}`,
        at,
      );
      return;
    case 'pattern': {
      const explain =
        typeof parent.patternErrorMessage === 'string'
          ? parent.patternErrorMessage
          : `expected a string matching ${String(params.pattern)}`;
      doc.error(Code.RuleSchema, `${where}: ${explain}; got ${JSON.stringify(err.data)}`, at);
      return;
    }
    case 'minLength':
      doc.error(Code.RuleSchema, `${where}: must not be empty`, at);
      return;
    case 'maxLength':
      doc.error(Code.RuleSchema, `${where}: longer than ${String(params.limit)} characters`, at);
      return;
    case 'minItems':
      doc.error(
        Code.RuleSchema,
        at[at.length - 1] === 'do'
          ? `${where}: a rule needs at least one action`
          : `${where}: expected at least ${String(params.limit)} items`,
        at,
      );
      return;
    case 'minProperties':
      if (isAction) {
        doc.error(Code.RuleSchema, `${where}: an action needs one of the keys ${quoteList(actionKeys(parent))}`, at);
        return;
      }
      break;
    case 'maxProperties':
      if (isAction) {
        const keys = Object.keys((err.data ?? {}) as object);
        doc.error(
          Code.RuleSchema,
          `${where}: an action has exactly one key, got ${keys.length} (${quoteList(keys)}); write each as its own action`,
          at,
        );
        return;
      }
      break;
  }
  doc.error(Code.RuleSchema, `${where}: ${err.message ?? 'invalid value'}`, at);
}

function actionKeys(actionSchema: Record<string, unknown>): string[] {
  return Object.keys((actionSchema.properties ?? {}) as object);
}

// ---------------------------------------------------------------------------------------------
// Rules: what the schema cannot check, then compilation

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function compileDoc(ctx: CompileContext, doc: Doc, value: unknown): void {
  schemaErrors(doc, value);
  if (!isObj(value) || !Array.isArray(value.rules)) return;
  value.rules.forEach((rule, i) => {
    if (isObj(rule)) compileRule(ctx, doc, rule, ['rules', i]);
  });
}

const ACTION_KEYS = ['hook', 'import', 'trace', 'govern'] as const satisfies readonly ActionKey[];

function compileRule(ctx: CompileContext, doc: Doc, rule: Obj, at: JsonPath): void {
  const errorsBefore = doc.diagnostics.length;
  const location = doc.locate(at);
  const id = typeof rule.id === 'string' ? rule.id : undefined;
  if (id !== undefined) checkUniqueId(ctx, doc, id, [...at, 'id']);

  const where = isObj(rule.where) ? rule.where : undefined;
  const whereAt = [...at, 'where'];
  const kind = ruleKindOfWhere(where);
  let scope: FileScope = { module: '.', version: undefined, file: undefined };
  let selectors: unknown;
  if (where) {
    kind.checkWhere(where, whereAt, doc);
    if (kind.selectsFiles) scope = compileFileScope(doc, where, whereAt);
    selectors = kind.compileSelectors(where, whereAt, doc);
  }
  const actions = Array.isArray(rule.do) ? rule.do : [];
  const { hooks, imports } = compileActions(ctx, doc, kind, actions, [...at, 'do']);

  if (
    doc.diagnostics.length > errorsBefore ||
    id === undefined ||
    !where ||
    actions.length === 0 ||
    selectors === undefined
  )
    return;
  const base = {
    id,
    location,
    baseDir: doc.baseDir,
    module: kind.selectsFiles ? scope.module : '.',
    version: scope.version,
    file: scope.file,
    fileMatch: compileFileGlob(scope.file),
    hooks,
  };
  ctx.rules.push({ rule: kind.complete(base, selectors, where, imports), enabled: rule.enabled !== false });
}

function checkUniqueId(ctx: CompileContext, doc: Doc, id: string, at: JsonPath): void {
  const first = ctx.ids.get(id);
  if (first)
    doc.error(
      Code.RuleDuplicateId,
      `duplicate rule id '${id}': already used at ${first.file}(${first.line},${first.column})`,
      at,
    );
  else ctx.ids.set(id, doc.locate(at));
}

/** The files a rule applies to: `module`, `version` (a semver range) and `file` (a glob). */
interface FileScope {
  module: string;
  version: string | undefined;
  file: string | undefined;
}

function compileFileScope(doc: Doc, where: Obj, whereAt: JsonPath): FileScope {
  const scope: FileScope = {
    module: typeof where.module === 'string' ? where.module : '.',
    version: undefined,
    file: undefined,
  };
  const { module } = scope;
  if (typeof where.version === 'string') {
    if (module === '.' || module === '*') {
      doc.error(
        Code.RuleSchema,
        `${doc.name(whereAt)}: 'version' needs a package 'module'; module "${module}" is ${module === '.' ? "the project's own sources, which have" : 'every module, which has'} no version range`,
        [...whereAt, 'version'],
        true,
      );
    } else if (semver.validRange(where.version) === null) {
      doc.error(
        Code.RuleSemver,
        `${doc.name([...whereAt, 'version'])}: ${JSON.stringify(where.version)}: not a valid semver range`,
        [...whereAt, 'version'],
      );
    } else {
      scope.version = where.version;
    }
  }
  if (typeof where.file === 'string' && where.file) {
    const problem = fileGlobProblem(where.file);
    if (problem)
      doc.error(Code.RuleGlob, `${doc.name([...whereAt, 'file'])}: ${JSON.stringify(where.file)}: ${problem}`, [
        ...whereAt,
        'file',
      ]);
    else scope.file = normalizeFileGlob(where.file);
  }
  return scope;
}

/** `do`: hooks (hook, trace, govern) and prelude imports, each checked against the rule's kind. */
function compileActions(
  ctx: CompileContext,
  doc: Doc,
  kind: RuleKind,
  actions: unknown[],
  at: JsonPath,
): { hooks: ResolvedHook[]; imports: string[] } {
  const hooks: ResolvedHook[] = [];
  const imports: string[] = [];
  actions.forEach((action, j) => {
    if (!isObj(action)) return;
    const actionAt = [...at, j];
    const keys = ACTION_KEYS.filter((k) => Object.hasOwn(action, k));
    if (keys.length !== 1) return; // reported by the schema
    const key = keys[0]!;
    const payload = action[key];
    const misfit = kind.actionMisfit(key);
    if (misfit !== undefined) {
      doc.error(Code.RuleSchema, `${doc.name(actionAt)}: ${misfit}`, [...actionAt, key], true);
      return;
    }
    if (key === 'import') {
      if (typeof payload !== 'string' || !payload) return;
      const resolved = resolveImport(doc, payload, [...actionAt, 'import']);
      if (resolved) imports.push(resolved);
    } else if (key === 'hook') {
      if (!isObj(payload)) return;
      const hook = resolveHook(ctx, doc, payload, [...actionAt, 'hook']);
      if (hook) hooks.push(hook);
    } else {
      if (!isObj(payload)) return; // reported by the schema
      const problems: ActionProblem[] = [];
      const hook = key === 'trace' ? compileTraceAction(payload, problems) : compileGovernAction(payload, problems);
      for (const p of problems) {
        const inner = [...actionAt, key, ...p.at];
        // A wrong type or an unknown enum value is the schema's to report: once, in its words.
        if (!doc.hasErrorAt(inner))
          doc.error(Code.RuleAction, `${doc.name(inner)}: ${p.message}`, inner, false, p.offset);
      }
      if (hook) hooks.push(hook);
    }
  });
  return { hooks, imports };
}

// ---------------------------------------------------------------------------------------------
// Hook and import modules

/** A `.js` import path names the `.ts` file it is compiled from (TypeScript's NodeNext convention). */
const SOURCE_FOR_OUTPUT: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

function isPathSpecifier(spec: string): boolean {
  return spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../') || path.isAbsolute(spec);
}

function isFile(p: string): boolean {
  return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** Resolves a path specifier like TypeScript-aware bundlers do: exact, + extension, .js → .ts, /index.*. */
function resolvePath(spec: string, baseDir: string): string | undefined {
  const abs = path.resolve(baseDir, spec);
  if (isFile(abs)) return abs;
  for (const ext of SOURCE_EXTENSIONS) if (isFile(abs + ext)) return abs + ext;
  const ext = path.extname(abs);
  for (const alt of SOURCE_FOR_OUTPUT[ext] ?? []) {
    const candidate = abs.slice(0, -ext.length) + alt;
    if (isFile(candidate)) return candidate;
  }
  for (const e of SOURCE_EXTENSIONS) {
    const candidate = path.join(abs, `index${e}`);
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

function resolvePackage(spec: string, baseDir: string): string | undefined {
  try {
    const resolved = createRequire(path.join(baseDir, '__instts_rules__.js')).resolve(spec);
    return isBuiltin(resolved) || !path.isAbsolute(resolved) ? undefined : resolved;
  } catch {
    return undefined;
  }
}

function resolveHook(ctx: CompileContext, doc: Doc, hook: Obj, at: JsonPath): ResolvedHook | undefined {
  const onEnter = typeof hook.onEnter === 'string' ? hook.onEnter : undefined;
  const onExit = typeof hook.onExit === 'string' ? hook.onExit : undefined;
  let ok = true;
  if (!('onEnter' in hook) && !('onExit' in hook)) {
    doc.error(
      Code.RuleSchema,
      `${doc.name(at)}: a hook needs 'onEnter', 'onExit' or both (names of exports of the hook module)`,
      at,
    );
    ok = false;
  }
  const spec = str(hook.module);
  if (spec === undefined) return undefined;
  const resolved = isPathSpecifier(spec) ? resolvePath(spec, doc.baseDir) : resolvePackage(spec, doc.baseDir);
  if (!resolved) {
    doc.error(Code.HookModuleMissing, `${doc.name([...at, 'module'])}: ${notFound('hook module', spec, doc.baseDir)}`, [
      ...at,
      'module',
    ]);
    return undefined;
  }
  const exported = ctx.moduleExports(resolved);
  if (exported instanceof Error) {
    doc.error(
      Code.HookModuleMissing,
      `${doc.name([...at, 'module'])}: cannot read hook module ${resolved}: ${exported.message}`,
      [...at, 'module'],
    );
    return undefined;
  }
  for (const [key, name] of [
    ['onEnter', onEnter],
    ['onExit', onExit],
  ] as const) {
    const notFunction = name === undefined ? undefined : exported.notFunctions.get(name);
    if (notFunction) {
      doc.error(
        Code.HookExportNotFunction,
        `${doc.name([...at, key])}: hook module ${JSON.stringify(spec)} exports '${name}' as ${notFunction.what} at ${resolved}:${notFunction.line}:${notFunction.column}; a hook must be a function`,
        [...at, key],
      );
      ok = false;
      continue;
    }
    if (name === undefined || !IDENTIFIER.test(name) || exported.open || exported.names.has(name)) continue;
    const available = [...exported.names].filter((n) => n !== '__esModule').sort();
    const has = available.length ? `it exports: ${available.join(', ')}` : 'it has no exports';
    doc.error(
      Code.HookExportMissing,
      `${doc.name([...at, key])}: hook module ${JSON.stringify(spec)} has no export '${name}' (${has})`,
      [...at, key],
    );
    ok = false;
  }
  if (!ok) return undefined;
  return { module: resolved, ...(onEnter !== undefined && { onEnter }), ...(onExit !== undefined && { onExit }) };
}

/** A prelude import: a path (resolved to an absolute file) or a package specifier (kept as written). */
function resolveImport(doc: Doc, spec: string, at: JsonPath): string | undefined {
  if (isPathSpecifier(spec)) {
    const resolved = resolvePath(spec, doc.baseDir);
    if (!resolved)
      doc.error(Code.HookModuleMissing, `${doc.name(at)}: ${notFound('imported module', spec, doc.baseDir)}`, at);
    return resolved;
  }
  const bare = spec.startsWith('node:') ? spec.slice('node:'.length) : spec;
  const pkg = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0]!;
  if (!NPM_NAME.test(pkg) || /\s/.test(spec)) {
    doc.error(
      Code.RuleSchema,
      `${doc.name(at)}: expected a path starting with ./ or ../, or a package specifier; got ${JSON.stringify(spec)}`,
      at,
    );
    return undefined;
  }
  return spec;
}

function notFound(what: string, spec: string, baseDir: string): string {
  if (isPathSpecifier(spec)) {
    return `${what} ${JSON.stringify(spec)} not found: no file ${path.resolve(baseDir, spec)} (with or without ${SOURCE_EXTENSIONS.join(', ')}, or index.* in it)`;
  }
  return `${what} ${JSON.stringify(spec)} not found: no such package from ${baseDir} (a path relative to the rule file starts with ./)`;
}
