// A private Redis for one test file: `redis-server` on 127.0.0.1 with a free port, no
// persistence, its working folder a temporary one. stop() ends it (SIGTERM) and removes the folder.
// startRedisCluster(): three of them in cluster mode, the slots split between them.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canConnect, freePort } from '../ports.js';
import { findBinary } from '../services.js';
import { Redis } from 'ioredis';

export interface RedisServer {
  host: string;
  port: number;
  /** `redis://…` for clients that take a URL. */
  url: string;
  stop(): Promise<void>;
}

/** `extraArgs` go to redis-server after the defaults (`--cluster-enabled yes`, say). */
export async function startRedis(timeoutMs = 20_000, extraArgs: readonly string[] = []): Promise<RedisServer> {
  const binary = findBinary('redis-server');
  if (binary === undefined) throw new Error('no redis-server: install the Debian package "redis-server"');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
      '--daemonize',
      'no',
      ...extraArgs,
    ],
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

export interface RedisCluster {
  /** The masters, each serving a third of the slots (first: 0–5460, second: 5461–10922, third: 10923–16383). */
  nodes: RedisServer[];
  stop(): Promise<void>;
}

/** Three masters on 127.0.0.1 that know each other, with every slot assigned; resolves once CLUSTER INFO says ok everywhere. */
export async function startRedisCluster(timeoutMs = 20_000): Promise<RedisCluster> {
  const nodes = await Promise.all(
    [0, 1, 2].map(() =>
      startRedis(timeoutMs, [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        'nodes.conf',
        '--cluster-node-timeout',
        '2000',
      ]),
    ),
  );
  const stop = async (): Promise<void> => void (await Promise.all(nodes.map((n) => n.stop())));
  const admins = nodes.map((node) => new Redis(node.port, '127.0.0.1'));
  try {
    const ranges = [
      ['0', '5460'],
      ['5461', '10922'],
      ['10923', '16383'],
    ];
    for (const [i, admin] of admins.entries()) await admin.call('CLUSTER', 'ADDSLOTSRANGE', ...ranges[i]!);
    for (const node of nodes.slice(1)) await admins[0]!.call('CLUSTER', 'MEET', '127.0.0.1', String(node.port));
    const deadline = Date.now() + timeoutMs;
    for (const admin of admins) {
      for (;;) {
        const info = String(await admin.call('CLUSTER', 'INFO'));
        if (/cluster_state:ok/.test(info) && /cluster_known_nodes:3/.test(info)) break;
        if (Date.now() > deadline) throw new Error(`redis cluster did not form:\n${info}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return { nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    for (const admin of admins) admin.disconnect();
  }
}
