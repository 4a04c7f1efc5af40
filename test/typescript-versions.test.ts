// The type-check uses the project's own TypeScript. Each version below is a real install (npm
// aliases in devDependencies); the fixture projects get it as their node_modules/typescript.
// `modern` is accepted by every version, `legacy` (Nest's default tsconfig shape: baseUrl,
// moduleResolution node, no `types`) by 5.x only, `typeerr` by none. instts build must print
// what that version's tsc prints and exit as it does.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, instts, ROOT, runNode, type RunResult } from './cli-helpers.js';

const VERSIONS = [
  { version: '5.4', pkg: 'typescript-5.4', native: false },
  { version: '5.9', pkg: 'typescript-5.9', native: false },
  { version: '6.0', pkg: 'typescript', native: false },
  { version: '7.0', pkg: 'typescript-7.0', native: true },
] as const;
const PROJECTS = ['modern', 'legacy', 'typeerr'] as const;

interface Case {
  dir: string;
  tsc: RunResult;
  build: RunResult;
  /** TypeScript 7 only: `tsc --noEmit` and `instts build --noEmit`. */
  tscNoEmit?: RunResult;
  buildNoEmit?: RunResult;
  tscPretty?: RunResult;
  buildPretty?: RunResult;
}

/** Runs the tasks a few at a time: the machine running the tests is shared. */
async function limited<T>(tasks: Array<() => Promise<T>>, width = 4): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

describe('type-check with the project\u2019s TypeScript', () => {
  const cases = new Map<string, Case>();

  beforeAll(async () => {
    const tasks: Array<() => Promise<void>> = [];
    for (const v of VERSIONS) {
      for (const project of PROJECTS) {
        const dir = copyFixture('typescript-versions', `ts-versions/${project}`, { as: `${v.version}-${project}` });
        fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
        fs.symlinkSync(path.join(ROOT, 'node_modules', v.pkg), path.join(dir, 'node_modules', 'typescript'), 'dir');
        const tscBin = path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
        const c = { dir } as Case;
        cases.set(`${v.version}/${project}`, c);
        tasks.push(
          async () =>
            void (c.tsc = await runNode([tscBin, '-p', '.', '--outDir', 'out-tsc', '--pretty', 'false'], dir)),
        );
        tasks.push(
          async () =>
            void (c.build = await instts(
              [
                'build',
                '--outDir',
                'out-instts',
                '--pretty',
                'false',
                '--report',
                'report.json',
                '--log-level',
                'verbose',
              ],
              dir,
            )),
        );
        if (v.native) {
          tasks.push(
            async () => void (c.tscNoEmit = await runNode([tscBin, '-p', '.', '--noEmit', '--pretty', 'false'], dir)),
          );
          tasks.push(async () => void (c.buildNoEmit = await instts(['build', '--noEmit', '--pretty', 'false'], dir)));
        }
        if (project === 'typeerr') {
          tasks.push(
            async () =>
              void (c.tscPretty = await runNode(
                [tscBin, '-p', '.', '--outDir', 'out-tsc-pretty', '--pretty', 'true'],
                dir,
              )),
          );
          tasks.push(
            async () =>
              void (c.buildPretty = await instts(['build', '--outDir', 'out-pretty', '--pretty', 'true'], dir)),
          );
        }
      }
    }
    await limited(tasks);
  }, 240_000);

  const get = (version: string, project: string): Case => cases.get(`${version}/${project}`)!;

  it('the fixtures are what they claim: modern passes everywhere, legacy only on 5.x, typeerr nowhere', () => {
    const codes = Object.fromEntries(VERSIONS.map((v) => [v.version, PROJECTS.map((p) => get(v.version, p).tsc.code)]));
    expect(codes).toEqual({ '5.4': [0, 0, 2], '5.9': [0, 0, 2], '6.0': [0, 2, 2], '7.0': [0, 2, 2] });
    expect(PROJECTS.map((p) => get('7.0', p).tscNoEmit!.code)).toEqual([0, 1, 1]);
  });

  for (const v of VERSIONS) {
    describe(`TypeScript ${v.version}${v.native ? ' (native: the project\u2019s tsc runs alongside)' : ' (its compiler API)'}`, () => {
      for (const project of PROJECTS) {
        it(`${project}: the same diagnostics and exit status as tsc`, () => {
          const c = get(v.version, project);
          // A JS-API TypeScript checks exactly as `tsc` (with emit); TypeScript 7 runs as `tsc --noEmit`.
          // Its exit status is passed through when nothing is written, as with tsc --noEmit.
          const reference = v.native ? c.tscNoEmit! : c.tsc;
          expect(c.build.stdout).toBe(reference.stdout);
          expect(c.build.code).toBe(c.tsc.code);
          if (v.native)
            expect([c.buildNoEmit!.stdout, c.buildNoEmit!.code]).toEqual([c.tscNoEmit!.stdout, c.tscNoEmit!.code]);
          expect(c.build.stderr).not.toMatch(/^ {4}at /m);
        });
      }
      it('typeerr with --pretty: byte-identical to tsc --pretty (colours, code frames, summary)', () => {
        const c = get(v.version, 'typeerr');
        expect(c.buildPretty!.stdout).toContain('\u001b[');
        expect(c.buildPretty!.stdout).toBe(c.tscPretty!.stdout);
        expect(c.buildPretty!.code).toBe(c.tscPretty!.code);
      });
      it('--log-level verbose and --report say which TypeScript checked, and how', () => {
        const c = get(v.version, 'modern');
        const how = v.native ? 'its tsc --noEmit, run alongside the build' : 'its compiler API, on a worker thread';
        expect(c.build.stderr).toContain(
          `instts: type-check: TypeScript ${fs.readFileSync(path.join(c.dir, 'node_modules/typescript/package.json'), 'utf8').match(/"version": "([^"]+)"/)![1]}, the project's (`,
        );
        expect(c.build.stderr).toContain(`checked by ${how}`);
        const report = JSON.parse(fs.readFileSync(path.join(c.dir, 'report.json'), 'utf8'));
        expect(report.typescript).toMatchObject({ kind: v.native ? 'native' : 'js-api', fromProject: true });
        expect(report.typescript.version.startsWith(`${v.version}.`)).toBe(true);
      });
    });
  }

  it('the output of an accepted project runs', async () => {
    const c = get('5.4', 'modern');
    const run = await runNode(['out-instts/index.js'], c.dir);
    expect([run.code, run.stdout]).toEqual([0, 'total 6.00\n']);
  });
});
