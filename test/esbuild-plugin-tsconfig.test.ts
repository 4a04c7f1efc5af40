// The `instts/esbuild` plugin used on its own reads the project's tsconfig, so decorator metadata
// (what NestJS-style dependency injection reads) is emitted; without a tsconfig it says once that
// it cannot know.

import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { insttsPlugin } from '../src/emit/plugin.js';
import { ROOT, runNode } from './cli-helpers.js';

const SOURCE = `import 'reflect-metadata';
function Injectable(): ClassDecorator { return () => {}; }
export class Repo { name = 'repo'; }
@Injectable()
export class Service {
  constructor(private readonly repo: Repo) {}
}
const types = Reflect.getMetadata('design:paramtypes', Service) as unknown[] | undefined;
console.log(types ? types.map((t) => (t as { name: string }).name).join(',') : 'no metadata');
`;

function project(name: string, tsconfig: object | undefined): string {
  const dir = path.join(ROOT, 'test', '.out', 'esbuild-plugin', String(process.pid), name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'main.ts'), SOURCE);
  if (tsconfig) fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  return dir;
}

describe('instts/esbuild plugin and tsconfig', () => {
  it('reads tsconfig.json from the working folder by default: design:paramtypes are emitted', async () => {
    const dir = project('with-tsconfig', {
      compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true, target: 'ES2022' },
    });
    const result = await esbuild.build({
      absWorkingDir: dir,
      entryPoints: ['src/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: path.join(dir, 'out.mjs'),
      logLevel: 'silent',
      plugins: [insttsPlugin({ rules: [], projectRoot: dir })],
    });
    expect(result.warnings).toEqual([]);
    const run = await runNode(['out.mjs'], dir);
    expect([run.code, run.stdout]).toEqual([0, 'Repo\n']);
  });

  it('without a tsconfig, warns once that decorated classes may need metadata it cannot emit', async () => {
    const dir = project('no-tsconfig', undefined);
    fs.writeFileSync(
      path.join(dir, 'src', 'other.ts'),
      SOURCE.replace("import 'reflect-metadata';\n", '').replace(/Service/g, 'Other'),
    );
    fs.appendFileSync(path.join(dir, 'src', 'main.ts'), "import './other.js';\n");
    const result = await esbuild.build({
      absWorkingDir: dir,
      entryPoints: ['src/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      outfile: path.join(dir, 'out.mjs'),
      logLevel: 'silent',
      plugins: [insttsPlugin({ rules: [], projectRoot: dir })],
    });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]!.text).toMatch(
      /^decorated classes here may need decorator metadata \(emitDecoratorMetadata\), which esbuild does not emit/,
    );
  });
});
