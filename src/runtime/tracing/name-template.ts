// Span name templates: `{class}.{function}`, `{args[0].method} {args[0].url}`, `HTTP {{x}}`.
// A placeholder is a path (see path.ts) whose root is a site field or a call value; `{{` and `}}`
// are literal braces. Like path.ts this file is dependency-free, so the build can reject a bad
// template with its position.

import { isParseError, parsePath, readPath, type ParseError, type Path } from './path.js';

/** What a placeholder may start with: the site's fields, then the call's values. */
export const TEMPLATE_ROOTS: readonly string[] = Object.freeze([
  'class',
  'function',
  'module',
  'file',
  'line',
  'rule',
  'kind',
  'self',
  'args',
  'result',
  'error',
]);

/** A parsed template: literal text and paths, in order. */
export interface NameTemplate {
  readonly kind: 'template';
  readonly text: string;
  readonly parts: readonly (string | Path)[];
}

/** The values a template reads from; a `HookContext`'s site fields spread next to self/args fit. */
export interface NameValues {
  readonly class?: string | undefined;
  readonly function?: string | undefined;
  readonly module?: string | undefined;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly rule?: string | undefined;
  readonly kind?: string | undefined;
  readonly self?: unknown;
  readonly args?: readonly unknown[] | undefined;
  readonly result?: unknown;
  readonly error?: unknown;
  readonly [name: string]: unknown;
}

/** Longest text one placeholder contributes: names must stay short and low-cardinality. */
export const MAX_PLACEHOLDER_LENGTH = 256;

/** Parses a template. Never throws; error positions are offsets into `text`. */
export function parseNameTemplate(
  text: string,
  options?: { roots?: readonly string[] | 'any' },
): NameTemplate | ParseError {
  if (typeof text !== 'string') return { kind: 'error', position: 0, message: 'a name template must be a string' };
  const roots = options?.roots ?? TEMPLATE_ROOTS;
  const parts: (string | Path)[] = [];
  let literal = '';
  let at = 0;
  while (at < text.length) {
    const ch = text[at]!;
    if (ch === '{') {
      if (text[at + 1] === '{') {
        literal += '{';
        at += 2;
        continue;
      }
      const close = findClose(text, at + 1);
      if (close < 0) return { kind: 'error', position: at, message: "unclosed '{' (write '{{' for a literal brace)" };
      const inner = text.slice(at + 1, close);
      if (inner.length === 0) return { kind: 'error', position: at + 1, message: "empty placeholder '{}'" };
      const path = parsePath(inner, { roots });
      if (isParseError(path)) return { kind: 'error', position: at + 1 + path.position, message: path.message };
      if (literal) parts.push(literal);
      literal = '';
      parts.push(path);
      at = close + 1;
    } else if (ch === '}') {
      if (text[at + 1] === '}') {
        literal += '}';
        at += 2;
        continue;
      }
      return { kind: 'error', position: at, message: "unmatched '}' (write '}}' for a literal brace)" };
    } else {
      literal += ch;
      at++;
    }
  }
  if (literal) parts.push(literal);
  return { kind: 'template', text, parts };
}

/** The '}' that closes a placeholder, skipping quoted keys (`{args[0]['}']}`); -1 when none. */
function findClose(text: string, from: number): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '}') return i;
  }
  return -1;
}

/** How a placeholder's value shows in a name: strings, numbers, booleans and bigints only. */
function show(value: unknown): string {
  let out: string;
  switch (typeof value) {
    case 'string':
      out = value;
      break;
    case 'number':
      out = Number.isFinite(value) ? String(value) : '';
      break;
    case 'boolean':
    case 'bigint':
      out = String(value);
      break;
    default:
      // objects, functions, symbols, null and undefined: nothing ('[object Object]' helps no one)
      return '';
  }
  return out.length > MAX_PLACEHOLDER_LENGTH ? out.slice(0, MAX_PLACEHOLDER_LENGTH) : out;
}

const cache = new Map<string, NameTemplate | ParseError>();
const CACHE_LIMIT = 1000;

function cachedTemplate(text: string): NameTemplate | ParseError {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    parsed = parseNameTemplate(text);
    cache.set(text, parsed);
  }
  return parsed;
}

/**
 * Renders a template (text or parsed). Missing or non-scalar values render as nothing. Never
 * throws: a template that does not parse renders as its own text.
 */
export function renderName(template: string | NameTemplate, values: NameValues): string {
  try {
    const parsed = typeof template === 'string' ? cachedTemplate(template) : template;
    if (parsed.kind === 'error') return String(template);
    let out = '';
    for (const part of parsed.parts) out += typeof part === 'string' ? part : show(readPath(part, values));
    return out;
  } catch {
    return typeof template === 'string' ? template : template.text;
  }
}
