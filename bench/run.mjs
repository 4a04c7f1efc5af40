#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --suite build|call|depth|http|startup|grpc|db|amqp|logs] [-- --rounds N] [-- --files 200,2000]`
//
// Runs the benchmark suites and prints, for each, a table of ratios against a baseline measured
// in the same run (absolute numbers drift on shared machines; ratios much less), with the median
// of several runs and the noise seen between them. Results go to bench/results/<stamp>.json (and
// the tables as Markdown beside it). See docs/benchmarks.md.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { installCleanup, killAll } from './lib/proc.mjs';

const SUITES = ['build', 'call', 'depth', 'http', 'startup', 'grpc', 'db', 'amqp', 'logs'];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    suite: { type: 'string', multiple: true },
    rounds: { type: 'string' },
    files: { type: 'string' },
    render: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`usage: node bench/run.mjs [--quick] [--suite build|call|depth|http|startup|grpc|db|amqp|logs]... [--rounds N] [--files SMALL,LARGE]

  --quick     smaller projects, shorter runs: well under 10 minutes on 2 cores
  --suite     run only these suites (repeatable, or comma-separated); default: all
  --rounds    runs per measurement (default 3; 5 for call, and for http without --quick)
  --files     build suite project sizes, e.g. 200,2000 (default 1000,10000; 100,500 with --quick)
  --render    print the tables of a saved results file (bench/results/*.json) as Markdown; run nothing`);
  process.exit(0);
}

if (values.render) {
  const saved = JSON.parse(fs.readFileSync(values.render, 'utf8'));
  console.log(header(saved));
  for (const [name, result] of Object.entries(saved.suites)) {
    if (result.error) console.log(`\n${name}: failed (${result.error})`);
    else console.log(`\n${(await import(`./${name}/suite.mjs`)).render(result).markdown}`);
  }
  process.exit(0);
}

function header(saved) {
  const m = saved.machine;
  const load = m.loadAverageAtEnd
    ? `; load average ${m.loadAverageAtStart[0]} at start, ${m.loadAverageAtEnd[0]} at end`
    : '';
  return `Date ${m.date.slice(0, 10)}, Node ${m.node}, ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB${saved.quick ? ', --quick' : ''}${load}; total ${saved.seconds} s.`;
}

const selected = (values.suite ?? SUITES)
  .flatMap((s) => s.split(','))
  .map((s) => s.trim())
  .filter(Boolean);
for (const s of selected) {
  if (!SUITES.includes(s)) {
    console.error(`bench: unknown suite '${s}' (expected ${SUITES.join(', ')})`);
    process.exit(2);
  }
}
const quick = values.quick;
const roundsOverride = values.rounds === undefined ? undefined : Number(values.rounds);
if (roundsOverride !== undefined && (!Number.isInteger(roundsOverride) || roundsOverride < 1)) {
  console.error(`bench: --rounds must be a positive integer`);
  process.exit(2);
}
// The build suite's large project takes minutes per round: 3 rounds there even in a full run;
// the call suite is cheap, and its sub-nanosecond rows need the rounds.
const roundsFor = (suite) => roundsOverride ?? (suite === 'call' || (!quick && suite === 'http') ? 5 : 3);
const sizes = values.files?.split(',').map(Number);
if (sizes && (sizes.length !== 2 || !sizes.every((n) => Number.isInteger(n) && n > 0) || sizes[0] >= sizes[1])) {
  console.error(`bench: --files takes two sizes, small then large, e.g. 200,2000`);
  process.exit(2);
}

installCleanup();

function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: os.availableParallelism(),
    cpuModel: model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    // Other work on the machine shows as noise; the load average says how much there was.
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const started = performance.now();
const log = (line) => process.stderr.write(`${line}\n`);
const info = machine();
log(
  `bench: ${selected.join(', ')}${quick ? ' (--quick)' : ''} — ${info.node}, ${info.cpus} × ${info.cpuModel}, load average ${info.loadAverageAtStart.join(' ')}`,
);
if (info.loadAverageAtStart[0] > info.cpus / 2)
  log(`bench: the machine is busy (load ${info.loadAverageAtStart[0]} on ${info.cpus} CPUs): expect noise`);

const results = { machine: info, quick, suites: {} };
const texts = [];
let failed = false;
for (const name of selected) {
  const suiteStarted = performance.now();
  try {
    const mod = await import(`./${name}/suite.mjs`);
    const run = {
      build: mod.runBuildSuite,
      call: mod.runCallSuite,
      depth: mod.runDepthSuite,
      http: mod.runHttpSuite,
      startup: mod.runStartupSuite,
      grpc: mod.runGrpcSuite,
      db: mod.runDbSuite,
      amqp: mod.runAmqpSuite,
      logs: mod.runLogsSuite,
    }[name];
    const result = await run({ quick, rounds: roundsFor(name), sizes, log });
    result.seconds = Math.round((performance.now() - suiteStarted) / 100) / 10;
    results.suites[name] = result;
    texts.push(result);
    console.log(`\n${result.text}\n`);
    log(`bench: ${name} suite took ${result.seconds} s`);
  } catch (error) {
    failed = true;
    killAll();
    log(`bench: ${name} suite failed: ${error?.stack ?? error}`);
    results.suites[name] = { error: String(error?.message ?? error) };
  }
}
results.seconds = Math.round((performance.now() - started) / 100) / 10;
results.machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
fs.mkdirSync(resultsDir, { recursive: true });
const stamp = `${info.date.replace(/[:.]/g, '-')}${quick ? '-quick' : ''}`;
const jsonFile = path.join(resultsDir, `${stamp}.json`);
fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2));
const markdown = [header(results), ...texts.map((t) => t.markdown)].join('\n\n');
fs.writeFileSync(path.join(resultsDir, `${stamp}.md`), `${markdown}\n`);
log(`bench: done in ${results.seconds} s; results in ${path.relative(process.cwd(), jsonFile)} (and .md)`);
process.exitCode = failed ? 1 : 0;
