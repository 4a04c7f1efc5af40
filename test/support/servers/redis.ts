// A private Redis for one test file: `redis-server` on 127.0.0.1 with a free port, no
// persistence, its working folder a temporary one. stop() ends it (SIGTERM) and removes the folder.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canConnect, freePort } from '../ports.js';
import { findBinary } from '../services.js';

export interface RedisServer {
  host: string;
  port: number;
  /** `redis://…` for clients that take a URL. */
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(timeoutMs = 20_000): Promise<RedisServer> {
  const binary = findBinary('redis-server');
  if (binary === undefined) throw new Error('no redis-server: install the Debian package "redis-server"');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--daemonize', 'no'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const collect = (d: Buffer): void => void (log = (log + d.toString()).slice(-8_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(hard);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!(/Ready to accept connections/i.test(log) && (await canConnect(port)))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not start on port ${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { host: '127.0.0.1', port, url: `redis://127.0.0.1:${port}`, stop };
}
