// HTTP suite: hello-world servers (bench/apps: node:http, express 4 and 5, fastify 5, koa 3 with
// @koa/router) under autocannon on 127.0.0.1, in these builds each:
//   bare      — bundled by plain esbuild, nothing instrumented (the baseline);
//   bare-context — the bare build with each request run inside an AsyncLocalStorage
//               (bench/lib/context-per-request.mjs): what context propagation alone costs, the
//               floor under any tracing on this Node;
//   sdk-span  — the bare build with one OpenTelemetry SDK SERVER span per request, made by hand
//               (bench/lib/span-per-request.mjs): what one span and its context cost, the bar
//               instts's tracing is held to (one span's worth, plus the route name and the rule);
//   instts-off — `instts build --rules instts:http` started with OTEL_SDK_DISABLED=true and no
//               policy: nothing listens, so a request should cost what it costs bare;
//   instts    — `instts build --rules instts:http`: tracing (exporter none) plus one flow rule
//               that never blocks, from a policy file; metrics off (no OTEL_METRICS_EXPORTER);
//   instts-metrics — the same build and policy with OTEL_METRICS_EXPORTER=prometheus: every
//               request also recorded in http.server.request.duration (served on the admin
//               endpoint; nothing scrapes it during the run), so metrics on vs off in one run;
//   otel-auto — the same source unbundled (esbuild per file, CommonJS) and started with
//               `node --require @opentelemetry/auto-instrumentations-node/register`, which
//               cannot instrument a bundle.
// Every server is a child process, killed after its run (and by the bench's exit handler).

import autocannon from 'autocannon';
import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { baselineBundleOptions } from '../lib/esbuild-baseline.mjs';
import { makeTempProject, removeDir } from '../lib/instts.mjs';
import { insttsBundle } from '../lib/app-builds.mjs';
import { run, startServer } from '../lib/proc.mjs';
import { fmt, ratio, summarize } from '../lib/stats.mjs';
import { markdownTable, Notes, textTable } from '../lib/table.mjs';
import { target, targetLines, targetMarkdown } from '../lib/targets.mjs';

const appsDir = fileURLToPath(new URL('../apps/', import.meta.url));
const CONTEXT_PER_REQUEST = new URL('../lib/context-per-request.mjs', import.meta.url).href;
const SPAN_PER_REQUEST = fileURLToPath(new URL('../lib/span-per-request.mjs', import.meta.url));
const IN_PROCESS = fileURLToPath(new URL('./in-process.mjs', import.meta.url));
const APPS = [
  { id: 'node-http', label: 'node:http', source: 'node-http.ts' },
  { id: 'express', label: 'express 4', source: 'express.ts' },
  // OpenTelemetry's require hooks know express by its name: under the alias only `router` and
  // node:http would be instrumented, which would understate that row.
  {
    id: 'express5',
    label: 'express 5',
    source: 'express5.ts',
    noOtelAuto: 'installed here as `express5`, a name OTel instrumentation-express does not hook',
  },
  { id: 'fastify', label: 'fastify 5', source: 'fastify.ts' },
  { id: 'koa', label: 'koa 3', source: 'koa.ts' },
];
const VARIANTS = [
  { id: 'bare', label: 'bare (esbuild bundle)' },
  { id: 'bare-context', label: 'bare + an AsyncLocalStorage per request' },
  { id: 'sdk-span', label: 'bare + one OTel SDK span per request, by hand' },
  { id: 'instts-off', label: 'instts:http, nothing listening' },
  { id: 'instts', label: 'instts:http, tracing + flow rule' },
  { id: 'instts-metrics', label: 'instts:http, tracing + flow rule + metrics' },
  { id: 'otel-auto', label: 'OTel auto-instrumentation (unbundled)' },
];

// Measured a second way, in one process without sockets (in-process.mjs): the request path's own
// CPU, where the loaded runs also count the kernel's work and how the two CPUs are shared.
const IN_PROCESS_VARIANTS = ['bare', 'bare-context', 'sdk-span', 'instts-off', 'instts', 'otel-auto'];

// Inbound HTTP resources are named `{method}:{route}` (docs/policy-reference.md, issue 4).
const RESOURCE = 'GET:/';
const CONNECTIONS = 50;

// Nothing leaves the process: spans are made, sampled and dropped at the exporter; no metrics
// or logs exporters; no resource detectors that probe cloud metadata endpoints.
const OTEL_ENV = {
  OTEL_TRACES_EXPORTER: 'none',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_LOGS_EXPORTER: 'none',
  OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
  OTEL_SERVICE_NAME: 'bench',
};

/**
 * The one-span preload, bundled once per run from OpenTelemetry's ES module builds, as instts
 * bundles the SDK it brings: the same SDK code, read the same way.
 */
async function buildSpanPreload(dir) {
  const outfile = path.join(dir, 'span-per-request.mjs');
  await esbuild.build({
    ...baselineBundleOptions,
    entryPoints: [SPAN_PER_REQUEST],
    outfile,
    mainFields: ['module', 'main'],
  });
  return pathToFileURL(outfile).href;
}

async function buildApp(app, dir, log, spanPreload) {
  const source = path.join(appsDir, app.source);
  const out = {};
  try {
    const outfile = path.join(dir, 'bare', `${app.id}.mjs`);
    await esbuild.build({ ...baselineBundleOptions, entryPoints: [source], outfile, absWorkingDir: appsDir });
    out.bare = { command: [outfile] };
    out['bare-context'] = { command: ['--import', CONTEXT_PER_REQUEST, outfile] };
    out['sdk-span'] = spanPreload.failed ?? { command: ['--import', spanPreload.url, outfile] };
  } catch (error) {
    out.bare = { failed: String(error.message).split('\n')[0] };
    out['bare-context'] = out.bare;
    out['sdk-span'] = out.bare;
  }

  const insttsOut = path.join(dir, 'instts', `${app.id}.mjs`);
  // No type-check: it does not change the output, and @types/express is not installed.
  const built = await insttsBundle({ entry: source, outfile: insttsOut, rules: 'instts:http' });
  // Tracing off (and with it metrics), no policy file: nothing listens.
  out['instts-off'] = built.ok
    ? { command: [insttsOut], env: { OTEL_SDK_DISABLED: 'true' } }
    : { failed: built.reason };
  out.instts = built.ok
    ? { command: [insttsOut], env: { INSTTS_POLICY: path.join(dir, 'policy-pass.json') } }
    : { failed: built.reason };
  out['instts-metrics'] = built.ok
    ? {
        command: [insttsOut],
        env: {
          INSTTS_POLICY: path.join(dir, 'policy-pass.json'),
          OTEL_METRICS_EXPORTER: 'prometheus',
          INSTTS_ADMIN_PORT: '0',
        },
      }
    : { failed: built.reason };

  if (app.noOtelAuto !== undefined) out['otel-auto'] = { failed: app.noOtelAuto };
  else
    try {
      // Unbundled CommonJS, so `require('express')` goes through OpenTelemetry's require hooks.
      const outfile = path.join(dir, 'unbundled', `${app.id}.cjs`);
      await esbuild.build({
        entryPoints: [source],
        outfile,
        absWorkingDir: appsDir,
        bundle: false,
        format: 'cjs',
        platform: 'node',
        target: ['es2022', 'node20'],
        logLevel: 'error',
      });
      out['otel-auto'] = { command: ['--require', '@opentelemetry/auto-instrumentations-node/register', outfile] };
    } catch (error) {
      out['otel-auto'] = { failed: String(error.message).split('\n')[0] };
    }
  for (const v of VARIANTS)
    log(`  build ${app.id.padEnd(9)} ${v.id.padEnd(14)} ${out[v.id].failed ? `n/a: ${out[v.id].failed}` : 'ok'}`);
  return out;
}

function writePolicies(dir) {
  const policy = (threshold) => JSON.stringify({ version: 1, flow: [{ resource: RESOURCE, threshold }] }, null, 2);
  fs.writeFileSync(path.join(dir, 'policy-pass.json'), policy(1e9));
  fs.writeFileSync(path.join(dir, 'policy-check.json'), policy(1));
}

async function start(variant, dir, extraEnv = {}) {
  const env = { ...process.env, ...OTEL_ENV, ...(variant.env ?? {}), ...extraEnv, PORT: '0', NODE_ENV: 'production' };
  return startServer(process.execPath, variant.command, { cwd: dir, env });
}

/**
 * Before measuring an instrumented variant, check that it does what it claims: a span is
 * exported (console exporter), and for instts the flow rule applies (threshold 1: the second
 * request within a second gets 429).
 */
async function verify(variantId, variant, dir) {
  if (variantId === 'instts-off') return verifyOff(variant, dir);
  const insttsBuilt = variantId.startsWith('instts');
  const env = {
    OTEL_TRACES_EXPORTER: 'console',
    ...(insttsBuilt ? { INSTTS_POLICY: path.join(dir, 'policy-check.json') } : {}),
  };
  const server = await start(variant, dir, env);
  const statuses = [];
  let recorded;
  try {
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`http://127.0.0.1:${server.port}/`);
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    if (variantId === 'instts-metrics') recorded = await recordedRequests(server.output());
  } finally {
    await server.stop('SIGTERM'); // a graceful end flushes the span processor
  }
  const spans = /traceId/.test(server.output());
  const checks = [`span ${spans ? 'yes' : 'NO'}`];
  if (insttsBuilt) checks.push(`flow rule ${statuses[1] === 429 ? 'yes' : `NO (${statuses.join(', ')})`}`);
  if (variantId === 'instts-metrics') checks.push(`metrics ${recorded === 2 ? 'yes' : `NO (${recorded})`}`);
  return checks.join(', ');
}

/** Nothing listening: the request is answered, no span is made (console exporter named, but the SDK is off). */
async function verifyOff(variant, dir) {
  const server = await start(variant, dir, { OTEL_TRACES_EXPORTER: 'console' });
  let status;
  try {
    const response = await fetch(`http://127.0.0.1:${server.port}/`);
    await response.arrayBuffer();
    status = response.status;
  } finally {
    await server.stop('SIGTERM');
  }
  const spans = /traceId/.test(server.output());
  return `answered ${status === 200 ? 'yes' : `NO (${status})`}, no span ${spans ? 'NO (a span was exported)' : 'yes'}`;
}

/** The requests http.server.request.duration counted, read from the admin endpoint the server announced. */
async function recordedRequests(output) {
  const url = /admin endpoint on (http:\/\/\S+)/.exec(output)?.[1];
  if (url === undefined) return 'no admin endpoint';
  const text = await (await fetch(`${url}/metrics`)).text();
  let count = 0;
  for (const m of text.matchAll(/^http_server_request_duration_seconds_count\{[^}]*\} (\d+)$/gm)) count += Number(m[1]);
  return count;
}

/** CPU time (user + system) a process has used, in µs, from /proc (USER_HZ is 100 on Linux). */
function cpuMicros(pid) {
  try {
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return NaN;
  }
}

/**
 * Load the server for `seconds`. Besides req/s and p99 (which depend on how the two CPUs are
 * shared with the load generator), the server's own CPU time per request: a cost measure that
 * other work on the machine disturbs much less.
 */
async function load(server, seconds) {
  const cpuBefore = cpuMicros(server.pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}/`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const cpu = cpuMicros(server.pid) - cpuBefore;
  const elapsedSec = (new Date(result.finish) - new Date(result.start)) / 1000;
  const answered = result['2xx'] + result.non2xx;
  return {
    rps: result['2xx'] / elapsedSec,
    p99Ms: result.latency.p99,
    cpuUsPerRequest: cpu / answered,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export async function runHttpSuite({ quick, rounds, log }) {
  const seconds = quick ? 2 : 10;
  const warmupSeconds = quick ? 1 : 3;
  log(
    `http suite: ${APPS.length} apps × ${VARIANTS.length} builds, ${rounds} rounds of ${seconds} s (after ${warmupSeconds} s warm-up), ${CONNECTIONS} connections${quick ? ' (--quick)' : ''}`,
  );
  const dir = makeTempProject('http');
  try {
    writePolicies(dir);
    const spanPreload = await buildSpanPreload(dir).then(
      (url) => ({ url }),
      (error) => ({ failed: { failed: String(error.message).split('\n')[0] } }),
    );
    const results = {};
    for (const app of APPS) {
      const builds = await buildApp(app, dir, log, spanPreload);
      const samples = Object.fromEntries(
        VARIANTS.map((v) => [
          v.id,
          { rps: [], p99Ms: [], cpu: [], failed: builds[v.id].failed, checked: undefined, bad: 0 },
        ]),
      );
      for (const v of VARIANTS) {
        if (v.id.startsWith('bare') || samples[v.id].failed) continue;
        try {
          samples[v.id].checked = await verify(v.id, builds[v.id], dir);
        } catch (error) {
          samples[v.id].failed = `did not start: ${String(error.message).split('\n')[0]}`;
        }
        log(`  check ${app.id.padEnd(9)} ${v.id.padEnd(14)} ${samples[v.id].failed ?? samples[v.id].checked}`);
      }
      for (let round = 0; round < rounds; round++) {
        const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
        for (const v of order) {
          const s = samples[v.id];
          if (s.failed) continue;
          let server;
          try {
            server = await start(builds[v.id], dir);
            await load(server, warmupSeconds);
            const m = await load(server, seconds);
            s.rps.push(m.rps);
            s.p99Ms.push(m.p99Ms);
            s.cpu.push(m.cpuUsPerRequest);
            s.bad += m.non2xx + m.errors;
            log(
              `  round ${round + 1}/${rounds}  ${app.id.padEnd(9)} ${v.id.padEnd(14)} ${fmt.int(m.rps).padStart(7)} req/s  p99 ${m.p99Ms} ms  ${m.cpuUsPerRequest.toFixed(1)} µs CPU/req${m.non2xx + m.errors > 0 ? `  (${m.non2xx} non-2xx, ${m.errors} errors)` : ''}`,
            );
          } catch (error) {
            s.failed = String(error.message).split('\n')[0];
            log(`  ${app.id} ${v.id}: failed (${s.failed})`);
          } finally {
            await server?.stop();
          }
        }
      }
      const inProcess = await measureInProcess(builds, dir, { quick, rounds, log, app });
      results[app.id] = {
        label: app.label,
        inProcess,
        variants: Object.fromEntries(
          VARIANTS.map((v) => {
            const s = samples[v.id];
            return [
              v.id,
              {
                label: v.label,
                ...(s.failed ? { failed: s.failed } : {}),
                checked: s.checked,
                non2xxOrErrors: s.bad,
                rps: summarize(s.rps),
                p99Ms: summarize(s.p99Ms),
                cpuUsPerRequest: summarize(s.cpu),
              },
            ];
          }),
        ),
      };
    }
    return {
      suite: 'http',
      rounds,
      seconds,
      connections: CONNECTIONS,
      resource: RESOURCE,
      results,
      ...render({ results: results }),
    };
  } finally {
    removeDir(dir);
  }
}

/**
 * The request path in one process (in-process.mjs), per variant and round: CPU per request, the
 * median of the process's batches. Rounds rotate the order of the variants, as the loaded runs do.
 */
async function measureInProcess(builds, dir, { quick, rounds, log, app }) {
  const [warmup, batches, perBatch] = quick ? [5_000, 3, 10_000] : [20_000, 5, 30_000];
  const ids = IN_PROCESS_VARIANTS.filter((id) => builds[id] !== undefined);
  const samples = Object.fromEntries(ids.map((id) => [id, { cpu: [], failed: builds[id].failed }]));
  for (let round = 0; round < rounds; round++) {
    for (const id of ids.map((_, i) => ids[(i + round) % ids.length])) {
      const s = samples[id];
      if (s.failed) continue;
      const { command, env } = builds[id];
      const result = await run(
        process.execPath,
        [...command.slice(0, -1), IN_PROCESS, command.at(-1), String(warmup), String(batches), String(perBatch)],
        {
          cwd: dir,
          env: { ...process.env, ...OTEL_ENV, ...(env ?? {}), NODE_ENV: 'production' },
          allowFailure: true,
        },
      );
      let answer;
      try {
        answer = JSON.parse(result.stdout.trim().split('\n').at(-1));
      } catch {
        answer = { error: (result.stderr || result.stdout).trim().split('\n')[0] || `exit ${result.code}` };
      }
      if (answer.error !== undefined) {
        s.failed = answer.error;
        log(`  in process ${app.id.padEnd(9)} ${id.padEnd(14)} failed: ${answer.error}`);
        continue;
      }
      const cpu = summarize(answer.cpuUsPerRequest).median;
      s.cpu.push(cpu);
      log(`  in process ${round + 1}/${rounds}  ${app.id.padEnd(9)} ${id.padEnd(14)} ${cpu.toFixed(2)} µs CPU/req`);
    }
  }
  return Object.fromEntries(
    ids.map((id) => [
      id,
      samples[id].failed ? { failed: samples[id].failed } : { cpuUsPerRequest: summarize(samples[id].cpu) },
    ]),
  );
}

/** Tables and targets from a result of this suite (also `run.mjs --render` on a saved result). */
export function render({ results }) {
  const notes = new Notes();
  const rows = [
    ['app', 'build', 'req/s', '× bare', 'noise', 'p99', '× bare', 'CPU/req', '× bare', 'added CPU/req', 'checked'],
  ];
  for (const app of Object.values(results)) {
    const bare = app.variants.bare;
    for (const [id, r] of Object.entries(app.variants)) {
      if (r.failed) {
        rows.push([app.label, r.label, notes.na(r.failed), '', '', '', '', '', '', '', '']);
        continue;
      }
      const bad = r.non2xxOrErrors > 0 ? ` (${r.non2xxOrErrors} non-2xx/errors)` : '';
      rows.push([
        app.label,
        r.label,
        fmt.int(r.rps.median),
        id === 'bare' ? '1.00×' : fmt.ratio(ratio(r.rps.median, bare.rps.median)),
        fmt.pct(r.rps.spread),
        `${r.p99Ms.median} ms`,
        id === 'bare' ? '1.00×' : fmt.ratio(ratio(r.p99Ms.median, bare.p99Ms.median)),
        `${r.cpuUsPerRequest.median.toFixed(0)} µs`,
        id === 'bare' ? '1.00×' : fmt.ratio(ratio(r.cpuUsPerRequest.median, bare.cpuUsPerRequest.median)),
        id === 'bare' ? '' : signedMicros(addedCpu(r, bare)),
        `${r.checked ?? ''}${bad}`,
      ]);
    }
  }
  const title = `HTTP: median req/s, p99 latency and server CPU time per request over rounds (${CONNECTIONS} connections, loopback; "added CPU/req": median server CPU per request minus bare's; "checked": a span was exported, the flow rule answered 429 at threshold 1, the duration histogram counted both requests — or, with nothing listening, the request was answered and no span made)`;
  const targets = Object.values(results).flatMap((app) => {
    const { bare, instts } = app.variants;
    const off = app.variants['instts-off'];
    const out = [];
    const micros = (r) => `${r >= 0 ? '+' : ''}${r.toFixed(1)} µs`;
    const times = (r) => `${r.toFixed(2)}×`;
    if (off !== undefined) {
      out.push(target(`${app.label}, nothing listening: added CPU/req`, addedCpu(off, bare), 1, { format: micros }));
      out.push(
        target(
          `${app.label}, nothing listening: req/s / bare`,
          bare.failed || off.failed ? NaN : ratio(off.rps.median, bare.rps.median),
          0.97,
          { atMost: false, format: times },
        ),
      );
    }
    out.push(target(`${app.label}, tracing + flow rule: added CPU/req`, addedCpu(instts, bare), 5, { format: micros }));
    const value = bare.failed || instts.failed ? NaN : ratio(instts.rps.median, bare.rps.median);
    out.push(
      target(`${app.label}, instts (tracing + flow rule) req/s / bare`, value, 0.85, { atMost: false, format: times }),
    );
    const metrics = app.variants['instts-metrics'];
    if (metrics !== undefined) {
      const on = metrics.failed || instts.failed ? NaN : ratio(metrics.rps.median, instts.rps.median);
      out.push(
        target(`${app.label}, metrics on / off req/s (instts builds)`, on, 0.9, { atMost: false, format: times }),
      );
    }
    return out;
  });
  // What tracing adds beyond the context propagation every context manager pays (no target: a reading).
  const floor = Object.values(results)
    .filter((app) => app.variants['bare-context'] !== undefined)
    .map((app) => {
      const { bare, instts } = app.variants;
      const context = app.variants['bare-context'];
      const span = app.variants['sdk-span'];
      const beyondSpan =
        span === undefined
          ? ''
          : `; one SDK span by hand ${signedMicros(addedCpu(span, bare))}, tracing + flow rule ${signedMicros(addedCpu(instts, span))} beyond that`;
      return `${app.label}: the context alone ${signedMicros(addedCpu(context, bare))}, tracing + flow rule ${signedMicros(addedCpu(instts, context))} beyond it${beyondSpan}`;
    });
  const floorText =
    floor.length > 0
      ? `\n\nAdded CPU/req over the AsyncLocalStorage floor\n${floor.map((l) => `  ${l}`).join('\n')}`
      : '';
  const floorMarkdown =
    floor.length > 0
      ? `\n\nAdded CPU/req over the AsyncLocalStorage floor:\n\n${floor.map((l) => `- ${l}`).join('\n')}`
      : '';
  const inProcess = renderInProcess(results);
  return {
    targets,
    text: `${title}\n${notes.after(textTable(rows))}\n\nTargets\n${targetLines(targets)}${floorText}${inProcess ? `\n\n${inProcess.title}\n${inProcess.notes.after(textTable(inProcess.rows))}` : ''}`,
    markdown: `**${title}**\n\n${notes.after(markdownTable(rows) + '\n')}\n\nTargets:\n\n${targetMarkdown(targets)}${floorMarkdown}${inProcess ? `\n\n**${inProcess.title}**\n\n${inProcess.notes.after(markdownTable(inProcess.rows) + '\n')}` : ''}`,
  };
}

/** The in-process table (no target: a reading of the request path's own cost), or undefined for older results. */
function renderInProcess(results) {
  const apps = Object.values(results).filter((app) => app.inProcess !== undefined);
  if (apps.length === 0) return undefined;
  const notes = new Notes();
  const rows = [
    ['app', 'build', 'CPU/req', 'noise', 'added over bare', 'added over the context floor', 'added over one SDK span'],
  ];
  for (const app of apps) {
    const measured = app.inProcess;
    const cpu = (id) => (measured[id] === undefined || measured[id].failed ? NaN : measured[id].cpuUsPerRequest.median);
    for (const [id, r] of Object.entries(measured)) {
      const label = app.variants[id]?.label ?? id;
      if (r.failed) {
        rows.push([app.label, label, notes.na(r.failed), '', '', '', '']);
        continue;
      }
      const overContext = id === 'sdk-span' || id === 'instts' || id === 'instts-off' || id === 'otel-auto';
      const overSpan = (id === 'instts' || id === 'otel-auto') && measured['sdk-span'] !== undefined;
      rows.push([
        app.label,
        label,
        `${r.cpuUsPerRequest.median.toFixed(1)} µs`,
        fmt.pct(r.cpuUsPerRequest.spread),
        id === 'bare' ? '' : signedMicros(cpu(id) - cpu('bare')),
        overContext ? signedMicros(cpu(id) - cpu('bare-context')) : '',
        overSpan ? signedMicros(cpu(id) - cpu('sdk-span')) : '',
      ]);
    }
  }
  const title =
    'HTTP request path in one process, without sockets (bench/http/in-process.mjs): median CPU time per request over rounds. The same builds and environment as above; requests go straight to the server\'s "request" event, so the kernel\'s socket work and the load generator are left out';
  return { title, rows, notes };
}

/** Server CPU per request above bare's, in µs (medians over rounds; NaN when either failed). */
function addedCpu(variant, bare) {
  if (variant === undefined || variant.failed || bare.failed) return NaN;
  return variant.cpuUsPerRequest.median - bare.cpuUsPerRequest.median;
}

function signedMicros(value) {
  return Number.isNaN(value) ? 'n/a' : `${value >= 0 ? '+' : ''}${value.toFixed(1)} µs`;
}
