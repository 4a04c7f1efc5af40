// The `govern` action at run time: the factory the generated site declaration calls with the
// options the build checked. Each call is an entry of a governance resource; a blocked call gets
// the policy's behaviour instead of running. Without a policy (no INSTTS_POLICY) a site has no
// hooks at all and keeps the fast path. Fails open: an internal error lets the call through.

import type { HookContext } from '../context.js';
import type { ActionHooks } from './hooks.js';
import { policyConfigured } from '../env.js';
import { governance, startGovernance } from '../governance/access.js';
import type { Entry, EntryResult, GovernanceEngine } from '../governance/engine.js';
import type { Blocked } from '../governance/behavior.js';
import { recordBlock } from '../governance/block-event.js';
import { entryContextOf, isIncomingMessage, isServerResponse, writeBlocked } from '../http/request-info.js';
import type { SiteInfo } from '../site.js';
import { stderrSink } from '../log.js';
import { siteLocation } from '../report.js';
import { parseNameTemplate, renderName, type NameTemplate } from '../tracing/name-template.js';
import { isParseError } from '../tracing/path.js';

export interface GovernActionOptions {
  /** Resource name template; undefined: `{module}:{class}.{function}` (`{module}:{function}` outside a class). */
  resource?: string;
  adapter: 'function' | 'http';
}

const ENTRY = 'entry';

/** The resource name outside a template. */
export function defaultResourceName(site: SiteInfo): string {
  return `${site.module}:${site.class !== undefined ? `${site.class}.` : ''}${site.function}`;
}

export function govern(options: GovernActionOptions): ActionHooks {
  // load the policy (and start the admin endpoint) with the program, not at the first call
  if (!policyConfigured() || !startGovernance()) return {};
  const template = compileTemplate(options.resource);
  // A template without call values names one resource per site: computed once.
  const fixed =
    template === undefined || template.parts.every((p) => typeof p === 'string' || !['self', 'args'].includes(p.root));
  let fixedName: string | undefined;
  const resourceOf = (ctx: HookContext): string => {
    if (fixed && fixedName !== undefined) return fixedName;
    const values = { ...ctx.site, self: ctx.self, args: ctx.args };
    const name = template !== undefined ? renderName(template, values) : defaultResourceName(ctx.site);
    if (fixed) fixedName = name;
    return name;
  };
  return options.adapter === 'http' ? httpAdapter(resourceOf) : functionAdapter(resourceOf);
}

function functionAdapter(resourceOf: (ctx: HookContext) => string): ActionHooks {
  return {
    onEnter(ctx) {
      const engine = governance();
      // Only an async function can be held back (its body awaits the wrapper); others are decided now.
      const canWait = ctx.site.kind === 'async';
      const result = engine.entry(engine.resource(resourceOf(ctx), 'function'), { args: ctx.args, canWait });
      if (result.kind === 'pass') ctx.data[ENTRY] = result;
      else if (result.kind === 'blocked') answerBlocked(ctx, result);
      else {
        ctx.runAround(
          (call) =>
            result.ready.then((decided) => {
              if (decided.kind === 'blocked') {
                recordBlock(decided);
                return decided.fallback(ctx.args) as never;
              }
              ctx.data[ENTRY] = decided;
              return call();
            }) as never,
        );
      }
    },
    onExit(ctx) {
      exitWith(governance(), ctx.data[ENTRY] as Entry | undefined, ctx);
    },
  };
}

const HANDLER_CALL = 'a call of an HTTP handler governed by a "govern" action (adapter "http")';
const HANDLER_CARRIES = 'its headers, query parameters and the client address; no route was matched for it';

/** The function is an HTTP handler `(req, res, …)`: a blocked request is answered on `res`. */
function httpAdapter(resourceOf: (ctx: HookContext) => string): ActionHooks {
  let mismatchReported = false;
  return {
    onEnter(ctx) {
      const [req, res] = ctx.args;
      if (!isIncomingMessage(req) || !isServerResponse(res)) {
        // not what the rule said: the call runs ungoverned, and the user hears of it once per site
        if (!mismatchReported) {
          mismatchReported = true;
          reportAdapterMismatch(ctx.site);
        }
        return;
      }
      const engine = governance();
      const resource = engine.resource(resourceOf(ctx), 'http-in');
      // A handler governed as a function is entered before any router: no route, no route parameters.
      engine.entersWithout(resource, 'path', HANDLER_CALL, HANDLER_CARRIES);
      const result: EntryResult = engine.entry(resource, entryContextOf(req, ctx.args, false));
      if (result.kind === 'blocked') {
        writeBlocked(res, result);
        ctx.skip(undefined);
        return;
      }
      if (result.kind !== 'pass') return;
      // The request ends when the response does, not when the handler returns.
      let done = false;
      const finish = (aborted: boolean): void => {
        if (done) return;
        done = true;
        engine.exit(result, aborted ? { aborted: true } : { status: res.statusCode });
      };
      res.once('finish', () => finish(false));
      res.once('close', () => finish(!res.writableFinished));
    },
  };
}

function reportAdapterMismatch(site: SiteInfo): void {
  try {
    const where = siteLocation(site);
    stderrSink(
      `instts: rule '${site.rule}' governs ${where} with adapter "http", but it was called without ` +
        '(IncomingMessage, ServerResponse) arguments: those calls are not governed (fastify and koa ' +
        'handlers are governed by instts:http\'s own rules; use adapter "function" for other functions; reported once)',
    );
  } catch {
    // reporting never fails the call
  }
}

function answerBlocked(ctx: HookContext, blocked: Blocked): void {
  recordBlock(blocked);
  try {
    ctx.skip(blocked.fallback(ctx.args));
  } catch (error) {
    ctx.fail(error);
  }
}

function exitWith(engine: GovernanceEngine, entry: Entry | undefined, ctx: HookContext): void {
  if (entry === undefined) return;
  if (!ctx.threw) engine.exit(entry);
  else
    engine.exit(entry, {
      error: ctx.error === undefined || ctx.error === null || ctx.error === false ? true : ctx.error,
    });
}

function compileTemplate(text: string | undefined): NameTemplate | undefined {
  if (text === undefined) return undefined;
  const parsed = parseNameTemplate(text);
  return isParseError(parsed) ? undefined : parsed;
}
