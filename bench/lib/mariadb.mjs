// A private MariaDB for a bench suite (the same set-up as test/support/servers/mariadb.ts):
// mariadb-install-db into a temporary folder, `mariadbd` on 127.0.0.1 with a free port and its
// socket in that folder, as `nobody` when the bench runs as root, small InnoDB settings. A user
// `instts` (no password) and the database `app` are created over the socket. stop() ends it with
// SIGTERM and removes the folder.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { asServerUser, findBinary, freePort } from './servers.mjs';

const SMALL = [
  '--skip-name-resolve',
  '--innodb-buffer-pool-size=16M',
  '--innodb-log-file-size=4M',
  '--innodb-flush-log-at-trx-commit=0',
];

export async function startMariaDb(timeoutMs = 30_000) {
  const installDb = findBinary('mariadb-install-db');
  const mariadbd = findBinary('mariadbd');
  if (installDb === undefined || mariadbd === undefined)
    throw new Error('no mariadb-install-db/mariadbd: install the Debian package "mariadb-server"');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-bench-mariadb-'));
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'mariadb.sock');
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    fs.chownSync(dir, uid, gid);
  }
  const [initCmd, initArgs] = asServerUser(installDb, [
    '--no-defaults',
    `--datadir=${data}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    ...SMALL,
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8', cwd: dir, timeout: timeoutMs });
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed (${init.status}): ${init.stderr}`);
  }
  const port = await freePort();
  const [cmd, args] = asServerUser(mariadbd, [
    '--no-defaults',
    `--datadir=${data}`,
    `--socket=${socket}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--pid-file=${path.join(dir, 'mariadbd.pid')}`,
    '--skip-log-bin',
    ...SMALL,
  ]);
  const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => (log = (log + d.toString()).slice(-8_000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(hard);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!/ready for connections/.test(log)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`mariadbd did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    const root = await mysql.createConnection({ socketPath: socket, user: 'root', password: '' });
    await root.query("CREATE USER 'instts'@'%'");
    await root.query("GRANT ALL ON *.* TO 'instts'@'%'");
    await root.query('CREATE DATABASE app');
    await root.end();
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `mysql://instts@127.0.0.1:${port}/app`, port, stop };
}
