// A private RabbitMQ for one test file: its own node name, free ports (AMQP, distribution, epmd),
// data, logs, Erlang cookie and HOME in a temporary folder; no plugins. Started once per file
// (start-up takes seconds), stopped afterwards with its epmd.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, canConnect } from './ports.js';
import { findBinary } from './services.js';

export interface RabbitMq {
  url: string;
  stop(): Promise<void>;
}

export async function startRabbitMq(timeoutMs = 60_000): Promise<RabbitMq> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-rabbitmq-'));
  const [amqpPort, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, '.erlang.cookie'), `instts${process.pid}${Date.now()}`, { mode: 0o400 });
  fs.writeFileSync(
    path.join(dir, 'rabbitmq.conf'),
    `listeners.tcp.default = 127.0.0.1:${amqpPort}\nloopback_users = none\n`,
  );
  fs.writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    RABBITMQ_NODENAME: `instts${process.pid}@localhost`,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_DIST_PORT: String(distPort),
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_PLUGINS_EXPAND_DIR: path.join(dir, 'plugins-expand'),
  };
  // The server script itself, not Debian's wrapper (which switches to the rabbitmq user).
  const server = findBinary('rabbitmq-server')!.replace(/^\/usr\/sbin\//, '/usr/lib/rabbitmq/bin/');
  const child: ChildProcess = spawn(fs.existsSync(server) ? server : findBinary('rabbitmq-server')!, [], {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const hard = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(hard);
    }
    // The epmd this node started (on its own port) outlives it.
    spawnSync(findBinary('epmd') ?? 'epmd', ['-kill'], {
      env: { ...process.env, ERL_EPMD_PORT: String(epmdPort) },
      stdio: 'ignore',
    });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(amqpPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`RabbitMQ did not start:\n${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url: `amqp://guest:guest@127.0.0.1:${amqpPort}`, stop };
}
