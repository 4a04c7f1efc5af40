// A private RabbitMQ for a bench suite (the same set-up as test/support/rabbitmq.ts): its own node
// name, free ports (AMQP, distribution, epmd), data, logs, Erlang cookie and HOME in a temporary
// folder, no plugins (Debian package `rabbitmq-server`). stop() ends it and its epmd and removes
// the folder.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canConnect, findBinary, freePort } from './servers.mjs';

export async function startRabbitMq(timeoutMs = 60_000) {
  const installed = findBinary('rabbitmq-server');
  if (installed === undefined) throw new Error('no rabbitmq-server: install the Debian package "rabbitmq-server"');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-bench-rabbitmq-'));
  const [amqpPort, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, '.erlang.cookie'), `instts${process.pid}${Date.now()}`, { mode: 0o400 });
  fs.writeFileSync(
    path.join(dir, 'rabbitmq.conf'),
    `listeners.tcp.default = 127.0.0.1:${amqpPort}\nloopback_users = none\n`,
  );
  fs.writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
  const env = {
    ...process.env,
    HOME: home,
    RABBITMQ_NODENAME: `insttsbench${process.pid}@localhost`,
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
  const script = installed.replace(/^\/usr\/sbin\//, '/usr/lib/rabbitmq/bin/');
  const child = spawn(fs.existsSync(script) ? script : installed, [], {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      signal('SIGTERM');
      const hard = setTimeout(() => signal('SIGKILL'), 10_000);
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
  return { url: `amqp://guest:guest@127.0.0.1:${amqpPort}`, port: amqpPort, stop };
}
