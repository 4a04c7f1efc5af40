// The built-in actions `trace` and `govern`: checked here (templates and path expressions are
// parsed at build time, so a bad one is an error with its position), and compiled into hooks
// whose module is one of the runtime's action modules. The runtime's factory makes the hooks of
// each site from the options checked here.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GovernActionOptions } from '../runtime/actions/govern.js';
import type { TraceActionOptions } from '../runtime/actions/trace.js';
import { isParseError, parsePath, PATH_ROOTS } from '../runtime/tracing/path.js';
import { parseNameTemplate } from '../runtime/tracing/name-template.js';
import type { ResolvedHook } from './types.js';

/** A problem in an action's options: the JSON path below the action, and an offset inside a string value. */
export interface ActionProblem {
  at: Array<string | number>;
  message: string;
  /** Offset of the problem inside the string value at `at` (templates, paths). */
  offset?: number;
}

/** The runtime module that implements a built-in action (the built file, or the source in a checkout). */
export function actionModule(name: 'trace' | 'govern'): string {
  const built = fileURLToPath(new URL(`../runtime/actions/${name}.js`, import.meta.url));
  if (existsSync(built)) return built;
  return fileURLToPath(new URL(`../runtime/actions/${name}.ts`, import.meta.url));
}

const SPAN_KINDS = ['internal', 'server', 'client', 'producer', 'consumer'] as const;

/** Option `name` as a name template (checked by parsing it); undefined when absent or bad. */
function templateOption(
  payload: Record<string, unknown>,
  name: string,
  example: string,
  problems: ActionProblem[],
): string | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    problems.push({ at: [name], message: `expected a ${example}` });
    return undefined;
  }
  const parsed = parseNameTemplate(value);
  if (!isParseError(parsed)) return value;
  problems.push({ at: [name], message: parsed.message, offset: parsed.position });
  return undefined;
}

/** Option `name` as one of `values`; undefined when absent or bad. */
function enumOption<T extends string>(
  payload: Record<string, unknown>,
  name: string,
  values: readonly T[],
  problems: ActionProblem[],
): T | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
  problems.push({ at: [name], message: `expected one of ${values.join(', ')}, got ${JSON.stringify(value)}` });
  return undefined;
}

/** `trace: { name?, kind?, attributes? }` → the hook that starts and ends one span per call. */
export function compileTraceAction(
  payload: Record<string, unknown>,
  problems: ActionProblem[],
): ResolvedHook | undefined {
  const before = problems.length;
  const name = templateOption(payload, 'name', 'span name template such as "{class}.{function}"', problems);
  const options: TraceActionOptions = {
    kind: enumOption(payload, 'kind', SPAN_KINDS, problems) ?? 'internal',
    attributes: {},
  };
  if (name !== undefined) options.name = name;
  if (payload.attributes !== undefined) {
    const attributes = payload.attributes;
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
      problems.push({
        at: ['attributes'],
        message: 'expected an object of attribute name → path expression (or a number or boolean)',
      });
    } else {
      for (const [name, value] of Object.entries(attributes)) {
        if (name.length === 0)
          problems.push({ at: ['attributes', name], message: 'an attribute name cannot be empty' });
        else if (typeof value === 'number' || typeof value === 'boolean') options.attributes[name] = value;
        else if (typeof value === 'string') {
          const parsed = parsePath(value, { roots: PATH_ROOTS });
          if (isParseError(parsed))
            problems.push({ at: ['attributes', name], message: parsed.message, offset: parsed.position });
          else options.attributes[name] = value;
        } else {
          problems.push({
            at: ['attributes', name],
            message: `expected a path expression (such as "args[0].id"), a number or a boolean, got ${JSON.stringify(value)}`,
          });
        }
      }
    }
  }
  if (problems.length > before) return undefined;
  return { module: actionModule('trace'), factory: 'trace', options, activates: true };
}

const ADAPTERS = ['function', 'http'] as const;

/** `govern: { resource?, adapter? }` → the hook that asks the governance engine before each call. */
export function compileGovernAction(
  payload: Record<string, unknown>,
  problems: ActionProblem[],
): ResolvedHook | undefined {
  const before = problems.length;
  const resource = templateOption(
    payload,
    'resource',
    'resource name template such as "{module}:{class}.{function}"',
    problems,
  );
  const options: GovernActionOptions = { adapter: enumOption(payload, 'adapter', ADAPTERS, problems) ?? 'function' };
  if (resource !== undefined) options.resource = resource;
  if (problems.length > before) return undefined;
  // Activates: an async body must be able to wait in a queue before it runs.
  return { module: actionModule('govern'), factory: 'govern', options, activates: true };
}
