// A stock NestJS app (real @nestjs/core, common and platform-express; a module, a controller, a
// service injected by constructor, a DTO checked by class-validator; Nest's default tsconfig with
// baseUrl, emitDecoratorMetadata and incremental) built by `instts build --rules instts:http`
// with no config file, type-checked by its own TypeScript 5.9, then run: DI works, validation
// works, routes answer and the server spans are named by the route.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';
import { copyFixture, instts, lines, ROOT, type RunResult } from './cli-helpers.js';

describe('NestJS app built with instts build', () => {
  let dir: string;
  let build: RunResult;
  let receiver: OtlpReceiver;
  let app: ChildProcess | undefined;
  let base: string;

  beforeAll(async () => {
    dir = copyFixture('nest', 'nest-app');
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(
      path.join(ROOT, 'node_modules', 'typescript-5.9'),
      path.join(dir, 'node_modules', 'typescript'),
      'dir',
    );
    build = await instts(['build', '--rules', 'instts:http', '--report', 'report.json'], dir);
    receiver = await startOtlpReceiver();
    if (build.code !== 0) return;
    app = spawn(process.execPath, ['dist/main.js'], {
      cwd: dir,
      env: {
        ...process.env,
        PORT: '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTEL_SERVICE_NAME: 'nest-app',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the app did not start: ${out}`)), 20_000);
      app!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening (\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${m[1]}`);
        }
      });
      app!.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      app!.once('exit', (code) => reject(new Error(`the app exited with ${code}: ${out}`)));
    });
  }, 120_000);

  afterAll(async () => {
    app?.kill();
    await receiver?.close();
  });

  it('builds with exit 0, type-checked by the project\u2019s TypeScript 5.9, the optional Nest packages left to run time in one note', () => {
    expect(build.stdout).toBe('');
    expect(build.code).toBe(0);
    const err = lines(build.stderr);
    expect(err).toHaveLength(2);
    expect(err[0]).toBe(
      'instts: not installed and optional, so left out of the bundle (loaded at run time if present): @nestjs/microservices, @nestjs/websockets (optional peer dependencies of @nestjs/core)',
    );
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report.typescript).toMatchObject({ kind: 'js-api', fromProject: true });
    expect(report.typescript.version).toMatch(/^5\.9\./);
    expect(report.externals.optional).toEqual(['@nestjs/microservices', '@nestjs/websockets']);
    // incremental: true in Nest's tsconfig: the type-check keeps its build info where tsc would
    expect(fs.existsSync(path.join(dir, 'dist', 'tsconfig.tsbuildinfo'))).toBe(true);
  });

  it('constructor injection and the ValidationPipe work; routes answer', async () => {
    const one = await fetch(`${base}/users/1`);
    expect([one.status, await one.json()]).toEqual([200, { id: 1, name: 'Ada', email: 'ada@example.com' }]);
    const bad = await fetch(`${base}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'B', email: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toEqual([
      'name must be longer than or equal to 2 characters',
      'email must be an email',
    ]);
    const created = await fetch(`${base}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bob', email: 'bob@example.com' }),
    });
    expect([created.status, await created.json()]).toEqual([201, { id: 2, name: 'Bob', email: 'bob@example.com' }]);
    const missing = await fetch(`${base}/users/9`);
    expect(missing.status).toBe(404);
  });

  it('server spans are named by the route', async () => {
    const deadline = Date.now() + 10_000;
    while (receiver.spans().filter((s) => s.kind === 'SERVER').length < 4 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const server = receiver.spans().filter((s) => s.kind === 'SERVER');
    expect(server.map((s) => [s.name, s.attributes['http.route'], s.attributes['http.response.status_code']])).toEqual([
      ['GET /users/:id', '/users/:id', 200],
      ['POST /users', '/users', 400],
      ['POST /users', '/users', 201],
      ['GET /users/:id', '/users/:id', 404],
    ]);
  });
});
