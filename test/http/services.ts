// The services of test/fixtures/http-chain built with `instts build --rules instts:http`, started
// as child processes on 127.0.0.1 (port 0: the service prints the port it got), stopped after.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { instts, ROOT } from '../cli-helpers.js';
import { childEnv } from '../tracing/helpers.js';

export const CHAIN_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'http-chain');
export const SERVICES = [
  'a-express',
  'b-fastify',
  'c-koa',
  'a-express5',
  'b-fastify4',
  'c-koa2',
  'a-express-axios',
  'd-node',
] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * How the services are packaged: one bundle each (`bundle`), tsc's per-file layout loading the
 * frameworks from node_modules (`no-bundle`), or bundles that leave the frameworks and clients
 * external (`external`). Instrumentation must not depend on it.
 */
export type BuildMode = 'bundle' | 'no-bundle' | 'external';
export const BUILD_MODES: readonly BuildMode[] = ['bundle', 'no-bundle', 'external'];
export const EXTERNAL_PACKAGES = ['express', 'express5', 'fastify', 'fastify4', 'koa', 'koa2', '@koa/router', 'axios'];

export interface ChainBuild {
  dir: string;
  file(name: ServiceName): string;
  /** Node flags the build's summary asks for (none unless it says so). */
  nodeArgs: string[];
}

/** Builds every service of the fixture (one build, several entries) into a temporary folder. */
export async function buildChain(
  format: 'esm' | 'cjs',
  extraArgs: string[] = [],
  mode: BuildMode = 'bundle',
): Promise<ChainBuild> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `instts-http-${format}-${mode}-`));
  const entries = SERVICES.flatMap((s) => ['--entry', `src/${s}.ts`]);
  const modeArgs: string[] = [];
  if (mode === 'no-bundle') modeArgs.push('--no-bundle');
  if (mode !== 'bundle') {
    // The output loads packages from node_modules, as it would deployed next to them.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ type: format === 'esm' ? 'module' : 'commonjs' }),
    );
  }
  if (mode === 'external') {
    const config = path.join(dir, 'instts.config.json');
    fs.writeFileSync(config, JSON.stringify({ external: EXTERNAL_PACKAGES }));
    modeArgs.push('--config', config);
  }
  const result = await instts(
    [
      'build',
      '--rules',
      'instts:http',
      ...entries,
      '--outDir',
      dir,
      '--format',
      format,
      '--no-typecheck',
      ...modeArgs,
      ...extraArgs,
    ],
    CHAIN_FIXTURE,
  );
  if (result.code !== 0) throw new Error(`build failed (${result.code}):\n${result.stderr}`);
  const flag = /start with node (--import \S+)/.exec(result.stderr);
  return {
    dir,
    file: (name) => path.join(dir, fs.existsSync(path.join(dir, `${name}.cjs`)) ? `${name}.cjs` : `${name}.js`),
    nodeArgs: flag ? flag[1]!.split(' ') : [],
  };
}

export interface Service {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<Service>();

/** Starts a built service with `env`; resolves once it listens. Killed after `lifetimeMs` at the latest. */
export function startService(
  file: string,
  env: Record<string, string | undefined>,
  lifetimeMs = 120_000,
  nodeArgs: string[] = [],
): Promise<Service> {
  const child = spawn(process.execPath, [...nodeArgs, file], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const killer = setTimeout(() => child.kill('SIGKILL'), lifetimeMs);
  killer.unref();
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        const port = Number(m[1]);
        const service: Service = {
          url: `http://127.0.0.1:${port}`,
          port,
          child,
          output: () => out,
          stop: () =>
            new Promise<void>((done) => {
              running.delete(service);
              clearTimeout(killer);
              if (child.exitCode !== null || child.signalCode !== null) return done();
              const hard = setTimeout(() => child.kill('SIGKILL'), 5_000);
              child.once('exit', () => {
                clearTimeout(hard);
                done();
              });
              child.kill('SIGTERM');
            }),
        };
        running.add(service);
        resolve(service);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) =>
      reject(new Error(`${path.basename(file)} exited (${code}) before listening:\n${out}`)),
    );
  });
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One GET on loopback with node:http (not instrumented: the test process is not built by instts). */
export function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`GET ${url} timed out`)));
  });
}
