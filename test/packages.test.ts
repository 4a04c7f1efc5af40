// Transparency on real packages: each driver under test/packages/<name>/main.ts exercises one
// popular npm package broadly and prints deterministic results. It is built twice per output
// format, plain (esbuild alone) and with instts and its rules.json, which hooks every function of
// the package (`"module": "<package>"`) and every function of the driver (`"module": "."`) with
// the counting hook; both bundles must print the same stdout and exit with the same code.
// `instts inspect` must report matches inside each package the rules name.
//
// A dir ending in `-esm` runs only as an ES module: its package is ESM-only and reads
// `import.meta.url` at load, which esbuild leaves empty in CommonJS output (the plain build fails
// there too).
//
// Load time: a representative subset (LOAD_TIME_DRIVERS, CommonJS packages of every shape: a
// framework with a router, plugins, middleware, a utility belt, callbacks) runs a third and fourth
// time with its packages external in both builds, so the instrumented program gets them
// instrumented at load time from node_modules, not at build time. Running every driver this way
// would double the suite; the subset covers the load-time path without that.
//
// Environment: INSTTS_PACKAGES_FILTER=<regex> selects driver dirs; INSTTS_PACKAGES_CONCURRENCY=<n>
// sets how many cases build and run at once (default 2).

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { instts, ROOT, type RunResult } from './cli-helpers.js';
import {
  buildAndRunTwice,
  createLimiter,
  expectSameBehaviour,
  showRun,
  type Format,
  type TwoBuilds,
} from './transparency-helpers.js';

const PACKAGES = path.join(ROOT, 'test', 'packages');
const OUT = path.join(ROOT, 'test', '.out', 'packages');
const RUN_TIMEOUT_MS = 20_000;

interface Driver {
  name: string;
  dir: string;
  entry: string;
  rules: string;
  /** The packages the rule file hooks (`where.module` other than `.`). */
  modules: string[];
  formats: Format[];
}

function listDrivers(): Driver[] {
  const filter = process.env.INSTTS_PACKAGES_FILTER ? new RegExp(process.env.INSTTS_PACKAGES_FILTER) : undefined;
  return fs
    .readdirSync(PACKAGES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (!filter || filter.test(d.name)))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(PACKAGES, name);
      const rules = path.join(dir, 'rules.json');
      const parsed = JSON.parse(fs.readFileSync(rules, 'utf8')) as { rules: Array<{ where: { module?: string } }> };
      const modules = parsed.rules.map((r) => r.where.module ?? '.').filter((m) => m !== '.');
      const formats: Format[] = name.endsWith('-esm') ? ['esm'] : ['esm', 'cjs'];
      return { name, dir, entry: path.join(dir, 'main.ts'), rules, modules, formats };
    });
}

const drivers = listDrivers();
const LOAD_TIME_DRIVERS = ['async', 'express', 'fastify', 'koa', 'lodash', 'semver'];
const loadTimeDrivers = drivers.filter((d) => LOAD_TIME_DRIVERS.includes(d.name));
const limit = createLimiter(Math.max(1, Number(process.env.INSTTS_PACKAGES_CONCURRENCY) || 2));
const results = new Map<string, Promise<TwoBuilds>>();
const inspections = new Map<string, Promise<RunResult>>();

function resultFor(driver: Driver, format: Format, loadTime = false): Promise<TwoBuilds> {
  const key = `${driver.name}/${format}${loadTime ? '-load-time' : ''}`;
  let r = results.get(key);
  if (!r) {
    r = limit(() =>
      buildAndRunTwice({
        entry: driver.entry,
        cwd: driver.dir,
        outDir: path.join(OUT, driver.name, `${format}${loadTime ? '-load-time' : ''}`),
        format,
        rules: driver.rules,
        requireShim: true,
        timeoutMs: RUN_TIMEOUT_MS,
        ...(loadTime ? { external: driver.modules } : {}),
      }),
    );
    results.set(key, r);
  }
  return r;
}

function inspectionFor(driver: Driver): Promise<RunResult> {
  let r = inspections.get(driver.name);
  if (!r) {
    r = limit(() => instts(['inspect', '--json', '--entry', driver.entry, '--rules', driver.rules], driver.dir));
    inspections.set(driver.name, r);
  }
  return r;
}

interface InspectJson {
  rules: Array<{ id: string; selector: string; matches: Array<{ file: string }> }>;
}

beforeAll(() => {
  for (const d of drivers) {
    for (const f of d.formats) void resultFor(d, f);
    void inspectionFor(d);
  }
  for (const d of loadTimeDrivers) for (const f of d.formats) void resultFor(d, f, true);
});

describe('real packages: plain and fully instrumented builds behave the same', () => {
  it('has a driver per package', () => {
    if (process.env.INSTTS_PACKAGES_FILTER) return;
    expect(drivers.length).toBeGreaterThanOrEqual(10);
    for (const d of drivers)
      expect(d.modules.length, `test/packages/${d.name}/rules.json names no package`).toBeGreaterThan(0);
  });

  describe.each(drivers)('$name', (driver) => {
    it.concurrent.each(driver.formats)('%s', async (format) => {
      expectSameBehaviour(await resultFor(driver, format), `test/packages/${driver.name} (${format})`);
    });

    it.concurrent('inspect reports matches inside the package', async () => {
      const r = await inspectionFor(driver);
      expect(r.code, `instts inspect failed\n${showRun(r)}`).toBe(0);
      const report = JSON.parse(r.stdout) as InspectJson;
      for (const module of driver.modules) {
        const inside = report.rules.flatMap((rule) => rule.matches).filter((m) => m.file.startsWith(`${module}/`));
        expect(inside.length, `no match inside ${module}`).toBeGreaterThan(0);
      }
      const own = report.rules.flatMap((rule) => rule.matches).filter((m) => m.file === 'main.ts');
      expect(own.length, 'no match inside the driver').toBeGreaterThan(0);
    });
  });
});

describe('real packages instrumented at load time (external in both builds): the same output', () => {
  describe.each(loadTimeDrivers)('$name', (driver) => {
    it.concurrent.each(driver.formats)('%s', async (format) => {
      const result = await resultFor(driver, format, true);
      expectSameBehaviour(result, `test/packages/${driver.name} (${format}, load time)`);
      for (const module of driver.modules) {
        expect(result.instBuild!.stderr, `${module} is not listed as instrumented at load time`).toMatch(
          new RegExp(
            `^instts: at load time .*(?:: |, )${module.replace(/[/.]/g, '\\$&')}@[^ ]+ \\(\\d+ files?, [1-9]\\d* join points?\\)`,
            'm',
          ),
        );
      }
    });
  });
});
