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

/** `trace: { name?, kind?, attributes? }` → the hook that starts and ends one span per call. */
export function compileTraceAction(payload: Record<string, unknown>, problems: ActionProblem[]): ResolvedHook | undefined {
  const before = problems.length;
  const options: TraceActionOptions = { kind: 'internal', attributes: {} };
  if (payload.name !== undefined) {
    if (typeof payload.name !== 'string' || payload.name.length === 0) {
      problems.push({ at: ['name'], message: 'expected a span name template such as "{class}.{function}"' });
    } else {
      const parsed = parseNameTemplate(payload.name);
      if (isParseError(parsed)) problems.push({ at: ['name'], message: parsed.message, offset: parsed.position });
      else options.name = payload.name;
    }
  }
  if (payload.kind !== undefined) {
    if (typeof payload.kind === 'string' && (SPAN_KINDS as readonly string[]).includes(payload.kind)) {
      options.kind = payload.kind as TraceActionOptions['kind'];
    } else {
      problems.push({ at: ['kind'], message: `expected one of ${SPAN_KINDS.join(', ')}, got ${JSON.stringify(payload.kind)}` });
    }
  }
  if (payload.attributes !== undefined) {
    const attributes = payload.attributes;
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
      problems.push({ at: ['attributes'], message: 'expected an object of attribute name → path expression (or a number or boolean)' });
    } else {
      for (const [name, value] of Object.entries(attributes)) {
        if (name.length === 0) problems.push({ at: ['attributes', name], message: 'an attribute name cannot be empty' });
        else if (typeof value === 'number' || typeof value === 'boolean') options.attributes[name] = value;
        else if (typeof value === 'string') {
          const parsed = parsePath(value, { roots: PATH_ROOTS });
          if (isParseError(parsed)) problems.push({ at: ['attributes', name], message: parsed.message, offset: parsed.position });
          else options.attributes[name] = value;
        } else {
          problems.push({ at: ['attributes', name], message: `expected a path expression (such as "args[0].id"), a number or a boolean, got ${JSON.stringify(value)}` });
        }
      }
    }
  }
  if (problems.length > before) return undefined;
  return { module: actionModule('trace'), factory: 'trace', options, activates: true };
}

const ADAPTERS = ['function', 'http'] as const;

/** `govern: { resource?, adapter? }` → the hook that asks the governance engine before each call. */
export function compileGovernAction(payload: Record<string, unknown>, problems: ActionProblem[]): ResolvedHook | undefined {
  const before = problems.length;
  const options: GovernActionOptions = { adapter: 'function' };
  if (payload.resource !== undefined) {
    if (typeof payload.resource !== 'string' || payload.resource.length === 0) {
      problems.push({ at: ['resource'], message: 'expected a resource name template such as "{module}:{class}.{function}"' });
    } else {
      const parsed = parseNameTemplate(payload.resource);
      if (isParseError(parsed)) problems.push({ at: ['resource'], message: parsed.message, offset: parsed.position });
      else options.resource = payload.resource;
    }
  }
  if (payload.adapter !== undefined) {
    if (typeof payload.adapter === 'string' && (ADAPTERS as readonly string[]).includes(payload.adapter)) {
      options.adapter = payload.adapter as GovernActionOptions['adapter'];
    } else {
      problems.push({ at: ['adapter'], message: `expected one of ${ADAPTERS.join(', ')}, got ${JSON.stringify(payload.adapter)}` });
    }
  }
  if (problems.length > before) return undefined;
  // Activates: an async body must be able to wait in a queue before it runs.
  return { module: actionModule('govern'), factory: 'govern', options, activates: true };
}
