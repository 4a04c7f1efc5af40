// The opt-in admin endpoint: an HTTP server (on 127.0.0.1 unless INSTTS_ADMIN_HOST says
// otherwise) that shows what governance sees and lets an operator act on it.
//
//   GET  /metrics                Prometheus text format 0.0.4 (governance, and the OTel metrics
//                                when OTEL_METRICS_EXPORTER has prometheus)
//   GET  /policy                 the active policy (defaults filled in) and each rule's live state
//   GET  /healthz                "ok"
//   POST /policy/reload          read the policy file now
//   POST /rules/<id>/disable     switch a rule off at run time (enable: on; reset: back to the policy)
//
// Endpoints that change state need `Authorization: Bearer <INSTTS_ADMIN_TOKEN>`; with no token
// configured they are disabled. With INSTTS_ADMIN_PROTECT_READS=true the read endpoints need it
// too (all but /healthz, which tells nothing). The server never keeps the process alive (the
// listener and every connection are unref'd), never throws into the service, and fails open:
// when it cannot listen it says so in one line and the service runs without it.

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { GovernanceEngine } from './engine.js';
import { processEnv } from '../env.js';
import { describeError, stderrSink, type LogSink } from '../log.js';
import { PROMETHEUS_CONTENT_TYPE, renderPolicyJson, renderPrometheus } from './metrics.js';
import { reloadPolicyFile, type PolicyWatcher, type ReloadResult } from './reload.js';
import { metricsExposition } from '../exposition.js';

/** The address the admin endpoint listens on unless INSTTS_ADMIN_HOST (or the `host` option) says otherwise. */
export const ADMIN_HOST = '127.0.0.1';

export interface AdminOptions {
  /** Address to listen on. Default: `INSTTS_ADMIN_HOST`, else 127.0.0.1. */
  host?: string;
  /**
   * The read endpoints (/, /metrics, /policy) need the bearer token too; /healthz stays open.
   * Default: `INSTTS_ADMIN_PROTECT_READS` is `true` or `1`.
   */
  protectReads?: boolean;
  /** TCP port; 0 picks a free one. Default: `INSTTS_ADMIN_PORT`, else 0. */
  port?: number;
  /**
   * Bearer token for the endpoints that change state. Default: `INSTTS_ADMIN_TOKEN`. Without a
   * token (or with an empty one) those endpoints answer 403.
   */
  token?: string;
  /** What POST /policy/reload reads: the watcher following the policy file (kept in step with it). */
  watcher?: PolicyWatcher;
  /** Without a watcher: the file POST /policy/reload reads. Default: the engine's policy source. */
  policyFile?: string;
  /** Where one-line reports go (listening, not started, rule switched, reloads); default stderr. */
  log?: LogSink;
}

export interface AdminServer {
  /** Resolves to the port listened on, or undefined when the server could not start (already reported). */
  readonly listening: Promise<number | undefined>;
  /** The port, once listening. */
  readonly port: number | undefined;
  /** `http://127.0.0.1:<port>`, once listening. */
  readonly url: string | undefined;
  /** Stop listening and drop open connections. Never rejects. */
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';
const READ = ['GET', 'HEAD'];
const WRITE = ['POST'];
const RULE_ACTION = /^\/rules\/([^/]+)\/(enable|disable|reset)$/;

const INDEX = `instts governance admin endpoint
GET  /metrics                Prometheus text format
GET  /policy                 active policy and rule states (JSON)
GET  /healthz                liveness
POST /policy/reload          re-read the policy file          (Authorization: Bearer <token>)
POST /rules/<id>/disable     switch a rule off at run time    (Authorization: Bearer <token>)
POST /rules/<id>/enable      switch a rule on at run time     (Authorization: Bearer <token>)
POST /rules/<id>/reset       back to what the policy says     (Authorization: Bearer <token>)
`;

function json(status: number, value: unknown, headers?: Record<string, string>): Answer {
  return { status, body: `${JSON.stringify(value, null, 2)}\n`, contentType: JSON_TYPE, headers };
}

function fail(status: number, error: string, headers?: Record<string, string>): Answer {
  return json(status, { error }, headers);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A port number from text: an integer 0–65535, else undefined. */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text.trim())) return undefined;
  const port = Number(text.trim());
  return port <= 65535 ? port : undefined;
}

/** Where and how the endpoint listens, from the options and the environment. */
interface AdminSettings {
  port: number;
  host: string;
  /** `http://host` (an IPv6 host in brackets). */
  origin: string;
  protectReads: boolean;
  /** Digest of the bearer token; undefined when none is configured. */
  expected: Buffer | undefined;
}

/**
 * Start the admin endpoint for `engine` on 127.0.0.1. Returns at once; `listening` says whether
 * it came up. Nothing here throws: a bad port or a port in use is reported in one line.
 */
export function startAdminServer(engine: GovernanceEngine, options: AdminOptions = {}): AdminServer {
  const log = options.log ?? stderrSink;
  const say = (line: string): void => {
    try {
      log(line);
    } catch {
      // reporting never fails
    }
  };
  const settings = adminSettings(options, say);
  if (settings === undefined) return inert();
  const route = adminRoutes(engine, options, settings, log, say);

  let server: Server;
  try {
    server = createServer(requestHandler(route, say));
  } catch (error) {
    say(`instts: governance admin endpoint not started: ${describeError(error)}; the service runs without it`);
    return inert();
  }
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  // A scraper's keep-alive connection must not keep the process alive either.
  server.on('connection', (socket: Socket) => socket.unref());
  server.on('clientError', (_error, socket) => socket.destroy());

  let boundPort: number | undefined;
  const listening = listen(server, settings, say, (port) => (boundPort = port));
  return {
    listening,
    get port() {
      return boundPort;
    },
    get url() {
      return boundPort === undefined ? undefined : `${settings.origin}:${boundPort}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        try {
          server.close(() => resolve());
          server.closeAllConnections();
        } catch {
          resolve();
        }
      }),
  };
}

/** The settings, or undefined when the port is not a port number (said in one line). */
function adminSettings(options: AdminOptions, say: (line: string) => void): AdminSettings | undefined {
  const env = processEnv();
  let port = options.port;
  if (port === undefined) {
    const text = env.INSTTS_ADMIN_PORT;
    if (text !== undefined && text.trim() !== '') {
      port = parsePort(text);
      if (port === undefined) {
        say(
          `instts: governance admin endpoint not started: INSTTS_ADMIN_PORT=${JSON.stringify(text)} is not a port number (0-65535)`,
        );
        return undefined;
      }
    } else port = 0;
  } else if (!Number.isInteger(port) || port < 0 || port > 65535) {
    say(`instts: governance admin endpoint not started: port ${String(port)} is not a port number (0-65535)`);
    return undefined;
  }

  const host = options.host ?? (env.INSTTS_ADMIN_HOST?.trim() || ADMIN_HOST);
  const protectReads = options.protectReads ?? /^(true|1)$/i.test(env.INSTTS_ADMIN_PROTECT_READS?.trim() ?? '');
  const origin = `http://${host.includes(':') ? `[${host}]` : host}`;
  const token = options.token ?? env.INSTTS_ADMIN_TOKEN ?? '';
  return { port, host, origin, protectReads, expected: token === '' ? undefined : digest(token) };
}

type Route = (req: IncomingMessage, path: string) => Answer | Promise<Answer>;

/** The endpoints: each path's answer, behind the method and token checks it needs. */
function adminRoutes(
  engine: GovernanceEngine,
  options: AdminOptions,
  settings: AdminSettings,
  log: LogSink,
  say: (line: string) => void,
): Route {
  const { expected, protectReads } = settings;
  const authorize = (req: IncomingMessage, changesState: boolean): Answer | undefined => {
    if (expected === undefined) {
      return changesState
        ? fail(403, 'state-changing endpoints are disabled: no admin token is configured (set INSTTS_ADMIN_TOKEN)')
        : fail(
            403,
            'read endpoints are protected (INSTTS_ADMIN_PROTECT_READS) and no admin token is configured (set INSTTS_ADMIN_TOKEN)',
          );
    }
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
    const challenge = { 'www-authenticate': 'Bearer realm="instts-admin"' };
    if (match === null) return fail(401, 'missing bearer token: send "Authorization: Bearer <token>"', challenge);
    // Compare fixed-length digests in constant time: neither content nor length leaks through timing.
    if (!timingSafeEqual(digest(match[1]!), expected)) return fail(401, 'wrong token', challenge);
    return undefined;
  };

  const reload = (): ReloadResult | undefined => {
    if (options.watcher !== undefined) return options.watcher.reload();
    const file = options.policyFile ?? engine.policySource;
    return file === undefined ? undefined : reloadPolicyFile(engine, file, log);
  };

  return (req, path) => {
    const method = req.method ?? 'GET';
    const only = <A extends Answer | Promise<Answer>>(
      allowed: string[],
      guarded: boolean,
      changesState: boolean,
      run: () => A,
    ): Answer | A => {
      if (!allowed.includes(method)) {
        return fail(405, `${method} is not allowed on ${path}; use ${allowed.join(' or ')}`, {
          allow: allowed.join(', '),
        });
      }
      const refused = guarded ? authorize(req, changesState) : undefined;
      return refused ?? run();
    };
    const read = <A extends Answer | Promise<Answer>>(run: () => A): Answer | A => only(READ, protectReads, false, run);
    const write = (run: () => Answer): Answer => only(WRITE, true, true, run);
    switch (path) {
      case '/':
        return read(() => ({ status: 200, body: INDEX, contentType: TEXT_TYPE }));
      case '/metrics':
        return read(() => metricsAnswer(engine));
      case '/policy':
        return read(() => ({ status: 200, body: renderPolicyJson(engine), contentType: JSON_TYPE }));
      case '/healthz':
        return only(READ, false, false, () => ({ status: 200, body: 'ok\n', contentType: TEXT_TYPE }));
      case '/policy/reload':
        return write(() => {
          const result = reload();
          if (result === undefined)
            return fail(409, 'no policy file to reload: the policy did not come from a file (set INSTTS_POLICY)');
          return json(result.ok ? 200 : 422, result);
        });
    }
    const action = RULE_ACTION.exec(path);
    if (action !== null) return write(() => ruleAction(engine, path, action, say));
    return fail(404, `no such endpoint: ${path} (GET / lists them)`);
  };
}

/** POST /rules/<id>/(enable|disable|reset). */
function ruleAction(
  engine: GovernanceEngine,
  path: string,
  action: RegExpExecArray,
  say: (line: string) => void,
): Answer {
  let id: string;
  try {
    id = decodeURIComponent(action[1]!);
  } catch {
    return fail(400, `malformed rule id in ${path}`);
  }
  const verb = action[2] as 'enable' | 'disable' | 'reset';
  const enabled = verb === 'reset' ? null : verb === 'enable';
  if (!engine.setRuleEnabled(id, enabled))
    return fail(404, `no rule with id ${JSON.stringify(id)} in the active policy`);
  const now =
    id === 'adaptive'
      ? engine.inspect().adaptive.mode !== 'off'
      : engine.inspect().rules.find((r) => r.id === id)?.enabled;
  say(
    `instts: governance rule ${JSON.stringify(id)} ${verb === 'reset' ? 'reset to the policy' : `${verb}d`} through the admin endpoint`,
  );
  return json(200, { rule: id, enabled: now, override: enabled });
}

/** Answers each request through `route`; an endpoint that throws answers 500 (reported once). */
function requestHandler(
  route: Route,
  say: (line: string) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  let reportedFailure = false;
  const failed = (req: IncomingMessage, error: unknown): Answer => {
    if (!reportedFailure) {
      reportedFailure = true;
      say(
        `instts: governance admin endpoint failed on ${req.method} ${req.url}: ${describeError(error)} (reported once)`,
      );
    }
    return fail(500, `internal error: ${describeError(error)}`);
  };
  return (req, res) => {
    let answer: Answer | Promise<Answer>;
    try {
      req.resume(); // no endpoint reads a body; drain whatever came
      const path = pathOf(req.url ?? '/');
      answer = path === undefined ? fail(400, `malformed request target: ${req.url}`) : route(req, path);
    } catch (error) {
      answer = failed(req, error);
    }
    if (answer instanceof Promise) {
      answer.then(
        (a) => send(req, res, a),
        (error: unknown) => send(req, res, failed(req, error)),
      );
    } else send(req, res, answer);
  };
}

function send(req: IncomingMessage, res: ServerResponse, answer: Answer): void {
  try {
    const body = Buffer.from(answer.body, 'utf8');
    res.writeHead(answer.status, {
      'content-type': answer.contentType ?? TEXT_TYPE,
      'content-length': String(body.length),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...answer.headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.destroy();
  }
}

/** Listens; resolves to the port, or undefined when the server could not start (said in one line). */
function listen(
  server: Server,
  settings: AdminSettings,
  say: (line: string) => void,
  bound: (port: number | undefined) => void,
): Promise<number | undefined> {
  const { port, host, origin, protectReads, expected } = settings;
  return new Promise<number | undefined>((resolve) => {
    let started = false;
    server.on('error', (error: NodeJS.ErrnoException) => {
      if (!started) {
        const why = error.code === 'EADDRINUSE' ? `${host}:${port} is in use` : describeError(error);
        say(`instts: governance admin endpoint not started: ${why}; the service runs without it`);
        resolve(undefined);
        return;
      }
      say(`instts: governance admin endpoint error: ${describeError(error)}`);
    });
    try {
      server.listen({ port, host, exclusive: true }, () => {
        started = true;
        const address = server.address();
        const boundPort = typeof address === 'object' && address !== null ? address.port : undefined;
        bound(boundPort);
        const writes = expected === undefined ? 'disabled (no INSTTS_ADMIN_TOKEN)' : 'need the bearer token';
        const reads = !protectReads
          ? ''
          : expected === undefined
            ? ' refused (reads protected, no INSTTS_ADMIN_TOKEN)'
            : ' need the bearer token';
        say(
          `instts: governance admin endpoint on ${origin}:${boundPort} (GET /metrics /policy /healthz${reads}; POST endpoints ${writes})`,
        );
        if (!protectReads && !isLoopback(host)) {
          say(
            `instts: the admin endpoint listens on ${host}: anyone who can reach it reads the metrics and the policy (set INSTTS_ADMIN_TOKEN and INSTTS_ADMIN_PROTECT_READS=true to require the token)`,
          );
        }
        resolve(boundPort);
      });
      server.unref();
    } catch (error) {
      say(`instts: governance admin endpoint not started: ${describeError(error)}; the service runs without it`);
      resolve(undefined);
    }
  });
}

/**
 * GET /metrics: the governance counters, then the OTel metrics when they are exposed here. The
 * two never share a name (instts_governance_* against the OTel instruments' names), and the
 * governance counters are not also fed to the OTel pull reader: each series appears once.
 */
async function metricsAnswer(engine: GovernanceEngine): Promise<Answer> {
  const governanceText = renderPrometheus(engine);
  const otel = metricsExposition();
  const body = otel === undefined ? governanceText : governanceText + (await otel());
  return { status: 200, body, contentType: PROMETHEUS_CONTENT_TYPE };
}

/** 127.0.0.0/8, ::1 and `localhost`: addresses only this host reaches. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The path of a request target (origin form `/p?q` or absolute form `http://h/p`); undefined for anything else. */
function pathOf(target: string): string | undefined {
  if (target.startsWith('/')) return target.split('?', 1)[0];
  if (!/^https?:\/\//i.test(target)) return undefined;
  try {
    return new URL(target).pathname;
  } catch {
    return undefined;
  }
}

/** The handle of a server that did not start. */
function inert(): AdminServer {
  return { listening: Promise.resolve(undefined), port: undefined, url: undefined, close: () => Promise.resolve() };
}
