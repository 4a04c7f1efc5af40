// The `trace` action at run time: the factory the generated site declaration calls with the
// options the build checked. One span per call, active while the original runs (the body runs
// inside `runAround`), ended with the call's exit semantics (settled promise, called callback,
// finished generator); an error is recorded and the call's own error goes on unchanged.

import { context, trace as otelTrace, type Attributes, type AttributeValue, type Span } from '@opentelemetry/api';
import type { HookContext } from '../context.js';
import type { ActionHooks } from './hooks.js';
import { sdkDisabled } from '../env.js';
import type { SiteInfo } from '../site.js';
import { parseNameTemplate, renderName, type NameTemplate, type NameValues } from '../tracing/name-template.js';
import { isParseError, parsePath, readPath, type Path } from '../tracing/path.js';
import { tracingEnabled } from '../tracing/setup.js';
import { endSpanError, endSpanOk, startSpan, type SpanKindName } from '../tracing/span-ops.js';

export interface TraceActionOptions {
  /** Span name template; undefined: `{class}.{function}` (`{function}` outside a class). */
  name?: string;
  kind: SpanKindName;
  /** Attribute name → path expression, or a constant. */
  attributes: Record<string, string | number | boolean>;
}

const SPAN = 'span';

/** The span name outside a template: `Class.method`, or the function's name. */
export function defaultSpanName(site: SiteInfo): string {
  return site.class !== undefined ? `${site.class}.${site.function}` : site.function;
}

export function trace(options: TraceActionOptions): ActionHooks {
  if (sdkDisabled()) return {};
  const template = compileTemplate(options.name);
  // Paths from `result` or `error` are read when the call ends, the others when it starts.
  const atStart: Array<[string, Path]> = [];
  const atEnd: Array<[string, Path]> = [];
  const constants: Attributes = {};
  for (const [name, value] of Object.entries(options.attributes ?? {})) {
    if (typeof value !== 'string') constants[name] = value;
    else {
      const path = parsePath(value);
      if (isParseError(path)) continue; // the build rejected it already
      (path.root === 'result' || path.root === 'error' ? atEnd : atStart).push([name, path]);
    }
  }
  const nameAtEnd =
    template !== undefined &&
    template.parts.some((p) => typeof p !== 'string' && (p.root === 'result' || p.root === 'error'));

  return {
    onEnter(ctx) {
      if (!tracingEnabled()) return;
      const values = callValues(ctx);
      const name = template !== undefined ? renderName(template, values) : defaultSpanName(ctx.site);
      const attributes: Attributes = { ...constants };
      for (const [key, path] of atStart) setAttribute(attributes, key, readPath(path, values));
      const parent = context.active();
      const span = startSpan(name, options.kind, attributes, parent);
      ctx.data[SPAN] = span;
      const active = otelTrace.setSpan(parent, span);
      ctx.runAround((call) => context.with(active, call));
    },
    onExit(ctx) {
      const span = ctx.data[SPAN] as Span | undefined;
      if (span === undefined) return;
      let attributes: Attributes | undefined;
      if (atEnd.length > 0 || nameAtEnd) {
        const values = { ...callValues(ctx), result: ctx.result, error: ctx.error };
        attributes = {};
        for (const [key, path] of atEnd) setAttribute(attributes, key, readPath(path, values));
        if (nameAtEnd) span.updateName(renderName(template!, values));
      }
      if (ctx.threw) endSpanError(span, ctx.error, attributes);
      else endSpanOk(span, attributes);
    },
  };
}

function compileTemplate(text: string | undefined): NameTemplate | undefined {
  if (text === undefined) return undefined;
  const parsed = parseNameTemplate(text);
  return isParseError(parsed) ? undefined : parsed;
}

function callValues(ctx: HookContext): NameValues {
  const site = ctx.site;
  return {
    class: site.class,
    function: site.function,
    module: site.module,
    file: site.file,
    line: site.line,
    rule: site.rule,
    kind: site.kind,
    self: ctx.self,
    args: ctx.args,
  };
}

/** Only values OpenTelemetry accepts: strings, finite numbers, booleans (and arrays of one of them). */
function setAttribute(into: Attributes, key: string, value: unknown): void {
  if (typeof value === 'string' || typeof value === 'boolean') into[key] = value;
  else if (typeof value === 'number' && Number.isFinite(value)) into[key] = value;
  else if (typeof value === 'bigint') into[key] = value.toString();
  else if (Array.isArray(value) && value.length <= 128 && value.every((v) => typeof v === 'string'))
    into[key] = value as AttributeValue;
}
